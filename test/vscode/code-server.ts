// A real VS Code for tests: code-server 4.100.3 (Code 1.100.3) and Debian's Chromium, installed on
// first use as DESIGN.md ("A real VS Code, here") describes, then started in an isolated HOME,
// user-data-dir and extensions-dir.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
export const CODE_SERVER_VERSION = '4.100.3';
/** Outside the repository (kept across clones on the same machine); NESTDBG_CODE_SERVER_DIR overrides. */
export const CODE_SERVER_DIR = process.env.NESTDBG_CODE_SERVER_DIR
  ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'nestdbg', `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.NESTDBG_CHROMIUM ?? '/usr/bin/chromium';
/** Chromium flags (DESIGN.md); playwright adds --headless and a fresh profile itself. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-dev-shm-usage',
];
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

function log(message: string): void {
  process.stderr.write(`[vscode-test] ${message}\n`);
}

function run(command: string, args: string[], options: Parameters<typeof spawnSync>[2] = {}): void {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.error?.message ?? `exit ${result.status}`}`);
}

const has = (file: string) => fs.existsSync(file);

/** apt packages the test needs: chromium, ripgrep (for code-server's install), libkrb5-dev (its kerberos module), unzip. */
export function ensureAptPackages(): void {
  const missing = [
    ['chromium', CHROMIUM], ['ripgrep', '/usr/bin/rg'], ['libkrb5-dev', '/usr/include/krb5.h'], ['unzip', '/usr/bin/unzip'],
  ].filter(([, file]) => !has(file!)).map(([pkg]) => pkg!);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing apt packages (${missing.join(', ')}): run apt-get install -y ${missing.join(' ')}`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Installs code-server into CODE_SERVER_DIR unless it is there already. */
export function ensureCodeServer(): void {
  ensureAptPackages();
  if (has(CODE_SERVER_BIN) && has(path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) return;
  const started = Date.now();
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // @vscode/ripgrep's postinstall downloads rg from GitHub: hand it Debian's rg in its cache instead.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-cs-install-'));
  const cache = path.join(tmp, RIPGREP_CACHE);
  const rgDir = path.join(tmp, 'rg');
  fs.mkdirSync(cache);
  fs.mkdirSync(rgDir);
  fs.copyFileSync('/usr/bin/rg', path.join(rgDir, 'rg'));
  fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
  run('tar', ['-czf', path.join(cache, RIPGREP_TARBALL), '-C', rgDir, 'rg']);
  fs.writeFileSync(path.join(CODE_SERVER_DIR, 'package.json'), JSON.stringify({ name: 'nestdbg-code-server', private: true }) + '\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: CODE_SERVER_DIR,
    env: { ...process.env, TMPDIR: tmp, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  if (!has(path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) {
    throw new Error('code-server installed, but its postinstall did not set up lib/vscode/node_modules');
  }
  log(`code-server ${CODE_SERVER_VERSION} installed in ${CODE_SERVER_DIR} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

export interface Profile {
  root: string;
  home: string;
  userDataDir: string;
  extensionsDir: string;
}

/** A fresh HOME, user-data-dir (with settings.json) and extensions-dir under one temp dir. */
export function makeProfile(settings: Record<string, unknown>): Profile {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nestdbg-vscode-'));
  const profile = { root, home: path.join(root, 'home'), userDataDir: path.join(root, 'user-data'), extensionsDir: path.join(root, 'extensions') };
  for (const dir of [profile.home, profile.extensionsDir, path.join(profile.userDataDir, 'User')]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return profile;
}

function codeServerEnv(profile: Profile): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: profile.home, XDG_CONFIG_HOME: path.join(profile.home, '.config'), XDG_DATA_HOME: path.join(profile.home, '.local/share') };
  delete env.VSCODE_IPC_HOOK_CLI; // never talk to a VS Code this process may be running under
  delete env.NODE_OPTIONS;
  return env;
}

function profileArgs(profile: Profile): string[] {
  return ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

export function installExtension(profile: Profile, vsix: string): void {
  run(process.execPath, [CODE_SERVER_BIN, ...profileArgs(profile), '--install-extension', vsix, '--force'], { env: codeServerEnv(profile) });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts code-server on a free loopback port; resolves when it answers /healthz. */
export async function startCodeServer(profile: Profile): Promise<CodeServer> {
  const port = await freePort();
  const args = [
    CODE_SERVER_BIN, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...profileArgs(profile),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  ];
  log(`starting code-server on 127.0.0.1:${port}`);
  const child: ChildProcess = spawn(process.execPath, args, { env: codeServerEnv(profile), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => { output += t; });
  child.stderr!.setEncoding('utf8').on('data', (t: string) => { output += t; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      try {
        process.kill(-child.pid!, 'SIGTERM'); // its process group: the extension host and our adapter too
      } catch {
        child.kill('SIGTERM');
      }
      const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await closed;
      clearTimeout(timer);
    },
  };
}
