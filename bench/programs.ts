// The guest programs: every *.js in bench/programs and bench/programs/generated.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchProgram } from './types.js';

// This module runs from dist/bench; the programs stay in the source tree.
export const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));
export const PROGRAMS_DIR = path.join(BENCH_DIR, 'programs');
export const GENERATED_DIR = path.join(PROGRAMS_DIR, 'generated');

// Appended to every program, in every mode, so all modes run the same text. Nothing calls it;
// `armed` sets its breakpoint on the return statement: everything is armed, nothing stops.
const DEAD_FUNCTION_LINES = [
  '',
  '// Appended by the benchmark: never called. The armed mode sets its breakpoint here.',
  'function $__benchNeverCalled() {',
  "  return 'never called';",
  '}',
  '',
];

export function loadProgram(file: string): BenchProgram {
  const text = fs.readFileSync(file, 'utf8');
  const base = text.endsWith('\n') ? text : text + '\n';
  const source = base + DEAD_FUNCTION_LINES.join('\n');
  const breakpointLine = base.split('\n').length - 1 + DEAD_FUNCTION_LINES.indexOf("  return 'never called';") + 1;
  return { name: path.basename(file, '.js'), file, source, breakpointLine };
}

/** Hand-written programs first (alphabetically), generated (library) ones last. */
export function listPrograms(only?: readonly string[]): BenchProgram[] {
  const list = (dir: string) => fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => path.join(dir, f))
    : [];
  const programs = [...list(PROGRAMS_DIR), ...list(GENERATED_DIR)].map(loadProgram);
  if (!only?.length) return programs;
  const unknown = only.filter((n) => !programs.some((p) => p.name === n));
  if (unknown.length) throw new Error(`unknown program(s): ${unknown.join(', ')}; have ${programs.map((p) => p.name).join(', ')}`);
  return programs.filter((p) => only.includes(p.name));
}
