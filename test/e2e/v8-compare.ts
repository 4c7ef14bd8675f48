// Runs one breakpoint + step sequence through nestdbg (DAP, a real adapter process) and through
// V8's own debugger (test/oracle/v8-stepper.ts), and requires the same stop lines with
// consecutive duplicates removed (V8 may stop several times on one line, at expression positions
// and at a function's return position). When the program ends under nestdbg while V8 made a last
// stop at the top-level script's return position, that V8 stop is dropped. Nothing else is
// normalized.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { formatStops, runV8Stepper, type V8StepKind } from '../oracle/v8-stepper.js';
import { type Engine, launch, stack, step, withSession } from './helpers.js';

interface NestStop { line: number; column: number; name: string }

async function stepWithNestdbg(engine: Engine, program: string, breakpointLine: number, steps: V8StepKind[]): Promise<{ stops: NestStop[]; ended: boolean }> {
  return await withSession(engine, async (s) => {
    await launch(s, { program, breakpoints: [breakpointLine] });
    const stops: NestStop[] = [];
    const record = async () => {
      const f = (await stack(s!))[0];
      stops.push({ line: f.line, column: f.column, name: f.name });
    };
    const first = await s.events.stopped();
    assert.equal(first.body.reason, 'breakpoint');
    await record();
    // The breakpoint stays set while stepping, as in the V8 oracle (which deactivates it only
    // after the last step), so a step that runs into it stops there with reason 'breakpoint'.
    for (const kind of steps) {
      const stop = await step(s, kind);
      if (!stop) return { stops, ended: true };
      assert.ok(['step', 'breakpoint'].includes(stop.body.reason), `a ${kind} stops with reason 'step' (got ${stop.body.reason})`);
      await record();
    }
    return { stops, ended: false };
  });
}

const dedup = (lines: number[]) => lines.filter((l, i) => i === 0 || l !== lines[i - 1]);

export async function compareWithV8(engine: Engine, program: string, breakpointLine: number, steps: V8StepKind[]) {
  const [nest, v8] = await Promise.all([
    stepWithNestdbg(engine, program, breakpointLine, steps),
    runV8Stepper(program, { breakpointLine, steps }),
  ]);
  let v8Stops = v8.stops;
  const last = v8Stops.at(-1);
  if (nest.ended && last && last.stack.length === 1 &&
      v8.possibleBreakpoints.some((p) => p.type === 'return' && p.line === last.line && p.column === last.column)) {
    v8Stops = v8Stops.slice(0, -1);
  }
  const nestLines = dedup(nest.stops.map((x) => x.line));
  const v8Lines = dedup(v8Stops.map((x) => x.line));
  const detail =
    `scenario ${program.split('/').pop()} breakpoint ${breakpointLine}, steps [${steps.join(', ')}]\n` +
    `nestdbg: ${nest.stops.map((x) => `${x.line}:${x.column} ${x.name}`).join(' | ')}${nest.ended ? ' | <ended>' : ''}\n` +
    `V8:\n${formatStops(v8.stops, fs.readFileSync(program, 'utf8'))}`;
  assert.equal(nest.stops[0]?.line, breakpointLine, `nestdbg stops at the breakpoint\n${detail}`);
  assert.ok(nest.stops.length >= 2, `nestdbg took at least one step\n${detail}`);
  assert.deepEqual(nestLines, v8Lines, `stop lines differ from V8\n${detail}`);
}
