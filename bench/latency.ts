// Latency through a real DAP session (the adapter as a separate process, Microsoft's DebugClient):
// launch → first stop, continue → stopped (a breakpoint hit), next → stopped, and one
// `variables` page of 100 items from a 100,000-element array.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DebugClient } from '@vscode/debugadapter-testsupport';

const repo = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const adapter = path.join(repo, 'dist', 'adapters', 'dap', 'main.js');
const program = path.join(repo, 'bench', 'fixtures', 'latency.js');
const BREAKPOINT_LINE = 5;

export interface Latency {
  stopMs: number;
  stepMs: number;
  firstStopMs: number;
  variablesPageMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function session(rounds: number) {
  const dc = new DebugClient(process.execPath, adapter, 'nestdbg');
  dc.defaultTimeout = 30_000;
  await dc.start();
  try {
    const t0 = performance.now();
    const stopped = dc.waitForEvent('stopped');
    await dc.initializeRequest();
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: BREAKPOINT_LINE }] });
    await dc.configurationDoneRequest();
    await dc.launch({ program });
    await stopped;
    const firstStop = performance.now() - t0;
    const stops: number[] = [];
    const steps: number[] = [];
    const pages: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      await Promise.all([dc.waitForEvent('stopped'), dc.continueRequest({ threadId: 1 })]);
      stops.push(performance.now() - t);
      t = performance.now();
      await Promise.all([dc.waitForEvent('stopped'), dc.nextRequest({ threadId: 1 })]);
      steps.push(performance.now() - t);
      const frames = await dc.stackTraceRequest({ threadId: 1 });
      const globals = (await dc.scopesRequest({ frameId: frames.body.stackFrames[0].id })).body.scopes.find((s) => s.name === 'Global')!;
      const vars = await dc.variablesRequest({ variablesReference: globals.variablesReference });
      const big = vars.body.variables.find((v) => v.name === 'big')!;
      t = performance.now();
      const page = await dc.variablesRequest({ variablesReference: big.variablesReference, filter: 'indexed', start: 50_000, count: 100 });
      pages.push(performance.now() - t);
      if (page.body.variables.length !== 100 || page.body.variables[0].value !== '100000') throw new Error('wrong variables page');
    }
    return { firstStop, stops, steps, pages };
  } finally {
    await dc.stop().catch(() => {});
  }
}

/** Runs `sessions` DAP sessions of `rounds` stops each; medians in milliseconds. */
export async function measureLatency(sessions = 5, rounds = 20): Promise<Latency> {
  const first: number[] = [];
  const stops: number[] = [];
  const steps: number[] = [];
  const pages: number[] = [];
  for (let i = 0; i < sessions; i++) {
    const r = await session(rounds);
    first.push(r.firstStop);
    stops.push(...r.stops);
    steps.push(...r.steps);
    pages.push(...r.pages);
  }
  return { stopMs: median(stops), stepMs: median(steps), firstStopMs: median(first), variablesPageMs: median(pages) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureLatency(), null, 2));
}
