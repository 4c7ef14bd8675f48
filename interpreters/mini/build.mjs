#!/usr/bin/env node
// Builds interpreters/mini/mini.wasm from src/*.c with Debian's clang and lld (wasm32, no libc), and
// mini-plain.wasm: the same interpreter with the per-position hook compiled out (-DMINI_PLAIN, no
// DWARF), the baseline `npm run bench` and `nestdbg run x.mini` use.
// Reproducible: fixed flags, sources in a fixed order, the repository path mapped to "." so no
// absolute path lands in the DWARF, and wasm-ld called directly: the clang driver would run any
// `wasm-opt` it finds on PATH (npm puts binaryen's there), so its output would depend on PATH. `--check` builds into a temp dir and fails if the committed
// mini.wasm differs (CI runs it, so the .wasm in git is always what the C source builds).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const check = process.argv.includes('--check');
const VARIANTS = [
  { file: 'mini.wasm', cflags: [], ldflags: [] },
  { file: 'mini-plain.wasm', cflags: ['-DMINI_PLAIN'], ldflags: ['--strip-debug'] },
];
const clang = process.env.CLANG ?? 'clang';
const wasmLd = process.env.WASM_LD ?? 'wasm-ld';

const sources = fs.readdirSync(path.join(here, 'src')).filter((f) => f.endsWith('.c')).sort()
  .map((f) => path.posix.join('interpreters/mini/src', f));

const cflags = [
  '--target=wasm32', '-std=c11', '-O2', '-g', '-ffreestanding', '-nostdlib',
  '-Wall', '-Wextra', '-Werror', '-Wno-unused-parameter',
  // -g keeps the name section and DWARF, so mixed stacks show C function names and lines.
  `-ffile-prefix-map=${root}=.`, '-fdebug-compilation-dir=.',
];
const ldflags = ['--no-entry', '-z', 'stack-size=1048576', '--export=__heap_base'];

/** Builds one variant; returns the path of the result (a temp file with --check). */
function build(variant) {
  const committed = path.join(here, variant.file);
  const out = check ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mini-build-')), variant.file) : committed;
  const objdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mini-obj-'));
  try {
    const objects = sources.map((src) => {
      const obj = path.join(objdir, path.basename(src, '.c') + '.o');
      execFileSync(clang, [...cflags, ...variant.cflags, '-c', '-o', obj, src], { cwd: root, stdio: 'inherit' });
      return obj;
    });
    execFileSync(wasmLd, [...ldflags, ...variant.ldflags, '-o', out, ...objects], { cwd: root, stdio: 'inherit' });
  } catch (e) {
    process.stderr.write(`build:mini: ${e.message}\nbuild:mini: needs clang and lld (apt-get install -y clang lld)\n`);
    process.exit(1);
  } finally {
    fs.rmSync(objdir, { recursive: true, force: true });
  }
  if (!check) {
    process.stdout.write(`build:mini: wrote ${path.relative(root, out)} (${fs.statSync(out).size} bytes)\n`);
    return;
  }
  const same = fs.existsSync(committed) && fs.readFileSync(out).equals(fs.readFileSync(committed));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  if (!same) {
    process.stderr.write(`check:mini: interpreters/mini/${variant.file} differs from what src/ builds: run \`npm run build:mini\` and commit it\n`);
    process.exit(1);
  }
  process.stdout.write(`check:mini: the committed ${variant.file} matches its source\n`);
}

for (const variant of VARIANTS) build(variant);
