#!/usr/bin/env node
// Builds the self-contained nestdbg VSIX: `npm run package` (after `npm run build`).
//
// Layout inside the VSIX (extension/):
//   package.json                      the extension manifest (adapters/vscode/package.json)
//   out/extension.js                  the extension, bundled (CommonJS, `vscode` external)
//   dist/package.json                 {"type":"module"}
//   dist/adapters/dap/main.js         the DAP adapter, bundled (ESM)
//   dist/adapters/quickjs/debuggee.js the debuggee entry, spawned by file path
//   dist/runtime/agent/preload.js     the agent, loaded with `node --import <file>`
//   dist/adapters/lua/debuggee.js     the Lua debuggee entry
//   dist/adapters/mini/debuggee.js    the mini debuggee entry; interpreters/mini/mini.wasm beside it
//   language-configuration/mini.json  comments and brackets of the contributed `mini` language
//   dist/runtime/agent/worker.js      the agent's worker, `new Worker(new URL('./worker.js', …))`
//   dist/adapters/quickjs/embed/hook.js  the embedding hook, `node --import <file>` (when built)
//   dist/node_modules/<package>/      packages loaded with createRequire (wasmoon, …), unbundled
//   adapters/quickjs/guest/*.js       guest scripts, read at run time
//   vendor/<package>/…                assets that bundled packages load by path (the .wasm files)
//
// The code finds files relative to its own module (`new URL(x, import.meta.url)`, `__dirname`).
// Bundling moves modules into one file, so each module's `import.meta.url` / `__dirname` is
// rewritten to the location the module had in the unbundled tree, mapped into the VSIX: dist/X
// stays dist/X, node_modules/Y becomes vendor/Y. Every path lookup then works as in dist/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const REPO = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const EXT_SRC = path.join(REPO, 'adapters', 'vscode');
const BUILD = path.join(REPO, '.build', 'vscode');
const STAGE = path.join(BUILD, 'extension');
const rootPackage = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const VSIX = path.join(BUILD, `nestdbg-${rootPackage.version}.vsix`);

/** Programs spawned or loaded by file path at run time: each is bundled to its own dist/ path. */
const ENTRIES = [
  'adapters/dap/main.js', 'adapters/quickjs/debuggee.js', 'adapters/lua/debuggee.js', 'adapters/mini/debuggee.js',
  'runtime/agent/preload.js', 'runtime/agent/worker.js',
];
/** Entries of features that may not be built yet: bundled when dist/ has them. */
const OPTIONAL_ENTRIES = [
  'adapters/quickjs/embed/hook.js', // `node --import <hook> app.js` for apps that embed QuickJS
];
/** Packages loaded with a runtime `createRequire(...)(name)`, which a bundler cannot follow: shipped
 *  as packages (package.json, LICENSE, dist/ without maps and typings) in dist/node_modules/, where
 *  node's resolution from dist/** finds them. */
const RUNTIME_PACKAGES = ['wasmoon', 'quickjs-emscripten-core', '@jitl/quickjs-ffi-types'];
/** Files read by path at run time, copied to the same relative place (node_modules/ -> vendor/). */
const ASSETS = [
  'node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm',
  'node_modules/@jitl/quickjs-ng-wasmfile-release-sync/dist/emscripten-module.wasm',
  'node_modules/source-map/lib/mappings.wasm',
  'interpreters/mini/mini.wasm', // the debuggee runs the build with hooks; mini-plain.wasm is for `nestdbg run`
  ...fs.readdirSync(path.join(REPO, 'adapters/quickjs/guest')).filter((f) => f.endsWith('.js')).map((f) => `adapters/quickjs/guest/${f}`),
];

// node_modules may be a symlink (a git worktree sharing another checkout's): esbuild reports real paths.
const NODE_MODULES_REAL = fs.realpathSync(path.join(REPO, 'node_modules'));

/** Where a repository file lives inside the extension. */
function stagedPath(file) {
  if (file.startsWith(NODE_MODULES_REAL + path.sep)) file = path.join(REPO, 'node_modules', path.relative(NODE_MODULES_REAL, file));
  const rel = path.relative(REPO, file).split(path.sep).join('/');
  if (rel.startsWith('..')) throw new Error(`outside the repository: ${file}`);
  return path.join(STAGE, rel.startsWith('node_modules/') ? `vendor/${rel.slice('node_modules/'.length)}` : rel);
}

const posix = (p) => p.split(path.sep).join('/');

/** Rewrites import.meta.url / __dirname / __filename per module (see the header). */
function locationsPlugin(outfile) {
  return {
    name: 'nestdbg-module-locations',
    setup(build) {
      build.onLoad({ filter: /\.(m?js|cjs)$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        const meta = /\bimport\.meta\.url\b/.test(text);
        const dirname = /\b__(dirname|filename)\b/.test(text);
        if (!meta && !dirname) return undefined;
        const rel = posix(path.relative(path.dirname(outfile), stagedPath(args.path)));
        const relDir = posix(path.relative(path.dirname(outfile), path.dirname(stagedPath(args.path)))) || '.';
        let contents = text;
        if (meta) contents = contents.replace(/\bimport\.meta\.url\b/g, `__nestdbgUrl(${JSON.stringify(rel)})`);
        if (dirname) {
          contents = `var __filename = __nestdbgPath(${JSON.stringify(rel)}), __dirname = __nestdbgPath(${JSON.stringify(relDir)});\n${contents}`;
        }
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

// The bundles are ES modules; CommonJS dependencies inside them need a real `require` (for node
// builtins), and the rewritten module locations need the two helpers.
const ESM_BANNER = [
  "import { createRequire as __nestdbgCreateRequire } from 'node:module';",
  "import { fileURLToPath as __nestdbgFileURLToPath } from 'node:url';",
  'const require = __nestdbgCreateRequire(import.meta.url);',
  'const __nestdbgUrl = (rel) => new URL(rel, import.meta.url).href;',
  'const __nestdbgPath = (rel) => __nestdbgFileURLToPath(new URL(rel, import.meta.url)).replace(/[\\\\/]$/, "");',
].join('\n');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

async function main() {
  const started = Date.now();
  for (const entry of ENTRIES) {
    if (!fs.existsSync(path.join(REPO, 'dist', entry))) throw new Error(`dist/${entry} is missing: run \`npm run build\` first`);
  }
  const entries = [...ENTRIES, ...OPTIONAL_ENTRIES.filter((entry) => fs.existsSync(path.join(REPO, 'dist', entry)))];
  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.mkdirSync(STAGE, { recursive: true });

  // The extension (CommonJS, as VS Code loads it).
  await esbuild.build({
    entryPoints: [path.join(EXT_SRC, 'src', 'extension.ts')],
    outfile: path.join(STAGE, 'out', 'extension.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
    logLevel: 'warning',
  });

  // The adapter and the programs it starts by path, from the compiled dist/ tree.
  for (const entry of entries) {
    const outfile = path.join(STAGE, 'dist', entry);
    await esbuild.build({
      entryPoints: [path.join(REPO, 'dist', entry)],
      outfile,
      bundle: true, platform: 'node', format: 'esm', target: 'node20',
      banner: { js: ESM_BANNER },
      plugins: [locationsPlugin(outfile)],
      legalComments: 'eof',
      logLevel: 'warning',
    });
  }
  fs.writeFileSync(path.join(STAGE, 'dist', 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n');

  for (const asset of ASSETS) {
    const from = path.join(REPO, asset);
    const to = stagedPath(from);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }

  for (const name of RUNTIME_PACKAGES) {
    const from = path.join(REPO, 'node_modules', name);
    const to = path.join(STAGE, 'dist', 'node_modules', name);
    for (const file of ['package.json', 'LICENSE']) {
      if (fs.existsSync(path.join(from, file))) {
        fs.mkdirSync(to, { recursive: true });
        fs.copyFileSync(path.join(from, file), path.join(to, file));
      }
    }
    fs.cpSync(path.join(from, 'dist'), path.join(to, 'dist'), {
      recursive: true,
      filter: (file) => !/\.(map|d\.ts|d\.mts|d\.cts)$/.test(file),
    });
  }

  const manifest = JSON.parse(fs.readFileSync(path.join(EXT_SRC, 'package.json'), 'utf8'));
  manifest.version = rootPackage.version;
  delete manifest.scripts;
  delete manifest.devDependencies;
  fs.writeFileSync(path.join(STAGE, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
    if (fs.existsSync(path.join(EXT_SRC, file))) fs.copyFileSync(path.join(EXT_SRC, file), path.join(STAGE, file));
  }
  fs.cpSync(path.join(EXT_SRC, 'language-configuration'), path.join(STAGE, 'language-configuration'), { recursive: true });
  fs.writeFileSync(path.join(STAGE, '.vscodeignore'), '**/*.map\n');

  fs.rmSync(VSIX, { force: true });
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', VSIX], { cwd: STAGE });
  const size = (fs.statSync(VSIX).size / 1024 / 1024).toFixed(1);
  console.log(`nestdbg: packaged ${path.relative(process.cwd(), VSIX) || VSIX} (${size} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`nestdbg package: ${error.message}`);
  process.exit(1);
});
