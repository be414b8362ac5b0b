import * as assert from 'node:assert/strict';
import { parse } from '../../server/src/engine/parser';
import { moduleBindings } from '../../server/src/engine/patterns';

// moduleBindings finds a file's binding sites once per tree and filters them per call: each call must
// still see only its own modules, in source order, whatever was asked before on the same tree.
describe('moduleBindings on one tree, asked for different modules', () => {
  const text = [
    "import * as cp from 'child_process';",
    "import { exec as run, 'spawn' as sp } from 'node:child_process';",
    "import axios from 'axios';",
    "const { get, request: req } = require('http');",
    "const fetcher = require('node-fetch');",
    "const execSync = require('child_process').execSync;",
    'async function later() { const vm = await import("vm"); if (x) { const { runInNewContext } = require("vm"); } }',
    "try { const h2 = require('http2'); } catch {}",
    "let cp = require('axios');", // the same local name rebound to another module: both calls see their own
  ].join('\n');
  const plain = (b: ReturnType<typeof moduleBindings>) => ({ namespaces: [...b.namespaces], members: [...b.members] });

  it('gives each list of modules its own bindings, the same on every call', () => {
    const program = parse(text, false);
    const childProcess = { namespaces: ['cp'], members: [['run', 'exec'], ['sp', 'spawn'], ['execSync', 'execSync']] };
    const http = { namespaces: [], members: [['get', 'get'], ['req', 'request']] };
    const axios = { namespaces: ['axios', 'cp'], members: [] };
    const vm = { namespaces: ['vm'], members: [['runInNewContext', 'runInNewContext']] };
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(plain(moduleBindings(program, ['child_process'])), childProcess);
      assert.deepEqual(plain(moduleBindings(program, ['http'])), http);
      assert.deepEqual(plain(moduleBindings(program, ['axios'])), axios);
      assert.deepEqual(plain(moduleBindings(program, ['vm'])), vm);
      assert.deepEqual(plain(moduleBindings(program, ['http2', 'node-fetch'])), { namespaces: ['fetcher', 'h2'], members: [] });
      assert.deepEqual(plain(moduleBindings(program, ['fs'])), { namespaces: [], members: [] });
    }
    // TypeScript's `import x = require('m')` binds the whole module; `import x = A.B` binds none.
    const ts = parse("import vm = require('vm');\nimport alias = Foo.vm;", true);
    assert.deepEqual(plain(moduleBindings(ts, ['vm'])), { namespaces: ['vm'], members: [] });
    // A new tree (an edit) is read afresh.
    assert.deepEqual(plain(moduleBindings(parse("import { exec } from 'child_process';", false), ['child_process'])), { namespaces: [], members: [['exec', 'exec']] });
  });
});
