// What every conformance scenario file shares: the Scenario shape, and a session with the checks
// every stop gets (SPEC §5.2, §10.1).
import path from 'node:path';
import type { Capability, FrameInfo, ScriptInfo } from '../../../abi/index.js';
import { check, equal, lineOf, Session } from '../driver.js';
import type { ProducerUnderTest } from '../producers.js';

export interface Scenario {
  rule: string;
  title: string;
  /** In the fast subset that `npm test` runs. */
  fast: boolean;
  /** Capabilities the check relies on: without them it is skipped (SPEC §12.2). */
  needs: Capability[];
  /** Samples it runs beyond fib: skipped for a language that lacks them (LanguageFacts.lacks). */
  samples?: string[];
  run(p: ProducerUnderTest): Promise<void>;
}

export const sample = (p: ProducerUnderTest, name: string) => path.join(p.lang.samples, name + p.lang.ext);

export async function session(p: ProducerUnderTest, program: string, body: (s: Session, script: ScriptInfo) => Promise<void>): Promise<void> {
  const s = await Session.start(p, program);
  try {
    const script = await s.loaded();
    await body(s, script);
  } finally {
    s.close();
  }
}

/** Sets breakpoints at the lines containing `texts`; checks each bound where asked. */
export async function breakAt(s: Session, script: ScriptInfo, file: string, ...texts: string[]): Promise<number[]> {
  const lines = texts.map((t) => lineOf(file, t));
  const results = await s.call('setBreakpoints', script.id, lines.map((line) => ({ line })));
  equal(results.map((r) => r.verified), lines.map(() => true), 'breakpoints verified');
  equal(results.map((r) => r.line), lines, 'bound lines');
  return lines;
}

/** Sets one breakpoint at the line containing `text`, resumes, and takes the stop there. */
export async function runToBreakpoint(s: Session, script: ScriptInfo, file: string, text: string): Promise<{ line: number; frames: FrameInfo[] }> {
  const [line] = await breakAt(s, script, file, text);
  s.resume();
  return { line, frames: await stop(s, 'breakpoint', line) };
}

/** A stop, checked against SPEC §5.2 (position = top frame) and §10.1 (frames never empty). */
export async function stop(s: Session, reason: string, line?: number): Promise<FrameInfo[]> {
  const event = await s.stopped();
  equal(event.reason, reason, 'stop reason');
  if (line !== undefined) equal(event.position.line, line, `${reason} stop line`);
  const frames = await s.frames();
  check(frames.length > 0, 'frames() is empty while stopped');
  equal(frames[0].position, event.position, 'event.position vs frames()[0].position');
  return frames;
}
