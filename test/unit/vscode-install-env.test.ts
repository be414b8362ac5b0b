import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The launcher's installer is an ES module script; it is loaded in a child Node process.
const INSTALL = pathToFileURL(join(__dirname, '..', '..', '..', 'scripts', 'vscode', 'install.mjs')).toString();

function installEnv(base: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const code = `import { installEnv } from ${JSON.stringify(INSTALL)};
    process.stdout.write(JSON.stringify(installEnv(JSON.parse(process.argv[1]), JSON.parse(process.argv[2]))));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(base), JSON.stringify(extra)], { encoding: 'utf8' }));
}

/** What `npm run start` hands its script (npm 11 on Node 20), trimmed to the kinds of variables it sets. */
const OUTER_NPM: Record<string, string> = {
  HOME: '/home/dev',
  LANG: 'C.UTF-8',
  PATH: ['/work/warden/node_modules/.bin', '/work/node_modules/.bin', '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin', '/usr/local/bin', '/usr/bin'].join(':'),
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_prefix: '/usr/local',
  npm_package_name: 'warden',
  npm_package_json: '/work/warden/package.json',
  npm_lifecycle_event: 'start',
  npm_lifecycle_script: 'npm run build && node scripts/vscode/start-demo.mjs',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: '/usr/local/bin/node',
  npm_command: 'run-script',
  INIT_CWD: '/work/warden',
  NODE: '/usr/local/bin/node',
  EDITOR: 'vi',
};

describe('offline VS Code launcher: the inner npm install', () => {
  it('starts from a clean environment: nothing of an outer `npm run` reaches it', () => {
    const env = installEnv(OUTER_NPM, { PATH: '/cache/node-24/bin', npm_config_nodedir: '/cache/node-24' });
    const leaked = Object.keys(env).filter((k) => /^npm_/i.test(k) && k !== 'npm_config_nodedir');
    assert.deepEqual(leaked, []);
    assert.equal(env.INIT_CWD, undefined);
    assert.equal(env.NODE, undefined);
    assert.equal(env.npm_config_nodedir, '/cache/node-24', 'its own settings are kept');
    assert.equal(env.PATH, '/cache/node-24/bin:/usr/local/bin:/usr/bin', 'Node 24 first; no node_modules/.bin or npm node-gyp folders');
    assert.equal(env.HOME, '/home/dev');
    assert.equal(env.EDITOR, 'vi', 'unrelated variables are kept');
  });

  it('is the same whether or not it was started through npm', () => {
    const direct = Object.fromEntries(Object.entries(OUTER_NPM).filter(([k]) => !/^(npm_|INIT_CWD$|NODE$)/.test(k)));
    direct.PATH = '/usr/local/bin:/usr/bin';
    assert.deepEqual(installEnv(OUTER_NPM, { PATH: '/n/bin' }), installEnv(direct, { PATH: '/n/bin' }));
  });

  it("keeps the outer npm's user agent (and so its Node version) away from the inner npm", function () {
    this.timeout(60_000);
    const outer = { ...process.env, npm_config_user_agent: 'npm/11.19.1 node/v20.0.0-outer linux x64 workspaces/false' } as Record<string, string>;
    const ask = (env: Record<string, string>) => execFileSync('npm', ['config', 'get', 'user-agent'], { encoding: 'utf8', env }).trim();
    assert.match(ask(outer), /v20\.0\.0-outer/, 'control: npm reads the inherited variable');
    assert.doesNotMatch(ask(installEnv(outer)), /v20\.0\.0-outer/);
  });
});
