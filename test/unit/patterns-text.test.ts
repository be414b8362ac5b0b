import * as assert from 'node:assert/strict';
import { parse, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { TEXT_RULES } from '../../server/src/rules';
import type { TextRuleSpec } from '../../server/src/engine/textRules';
import { finalStageWithoutUser, hasPullRequestTarget, iban, importsMathRand, notDocumentedTestCard } from '../../server/src/engine/patternValidators';
import { taintOf } from '../../server/src/engine/taint';
import { testRule } from '../helpers/ruleTester';

const rule = (id: string): TextRuleSpec => {
  const found = TEXT_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

// Positions and fix output of the text rules that offer a fix; their match/no-match examples run in catalog.test.ts.
testRule(rule('plaintext-url-in-code'), {
  valid: [{ code: 'requests.get("http://localhost:8000/x")', path: 'a.py' }, { code: '# http://api.acme.io\n', path: 'a.py' }],
  invalid: [
    { code: 'r = requests.get("http://api.acme.io/v1")', path: 'a.py', errors: [{ line: 1, column: 19, endColumn: 37 }], output: 'r = requests.get("https://api.acme.io/v1")' },
    { code: 'u = "ftp://files.acme.io/in"', path: 'a.go', errors: [{ line: 1, column: 6 }], output: 'u = "ftp://files.acme.io/in"' },
  ],
});
testRule(rule('plaintext-url-in-config'), {
  valid: [{ code: 'url: https://acme.io', path: 'c.yaml' }],
  invalid: [{ code: 'url: http://hooks.acme.io/in', path: 'c.yaml', errors: [{ line: 1, column: 6 }], output: 'url: https://hooks.acme.io/in' }],
});
testRule(rule('python-weak-hash'), {
  valid: [{ code: 'hashlib.md5(b, usedforsecurity=False)', path: 'a.py' }],
  invalid: [
    { code: 'd = hashlib.md5(data).hexdigest()', path: 'a.py', errors: [{ line: 1, column: 5, endColumn: 17 }], output: 'd = hashlib.sha256(data).hexdigest()' },
    { code: "h = hashlib.new('sha1')", path: 'a.py', errors: [{ line: 1, column: 5 }], output: "h = hashlib.new('sha1')" },
  ],
});
testRule(rule('java-weak-hash'), {
  valid: [{ code: 'MessageDigest.getInstance("SHA-256")', path: 'A.java' }],
  invalid: [{ code: 'MessageDigest.getInstance("SHA-1");', path: 'A.java', errors: [{ line: 1, column: 1 }], output: 'MessageDigest.getInstance("SHA-256");' }],
});
testRule(rule('container-privileged'), {
  valid: [{ code: 'securityContext:\n  privileged: false', path: 'p.yaml' }],
  invalid: [
    { code: 'securityContext:\n  allowPrivilegeEscalation: true', path: 'p.yaml', errors: [{ line: 2, column: 1, endLine: 2, endColumn: 33 }], output: 'securityContext:\n  allowPrivilegeEscalation: false' },
    { code: 'docker run --privileged img', path: 'r.sh', errors: [{ line: 1, column: 12 }], output: 'docker run --privileged img' },
  ],
});
// Python, PHP and Ruby debug settings moved to the tree rule debug-mode-on (test/unit/tree-rules.test.ts).
testRule(rule('debug-mode-enabled'), {
  valid: [{ code: 'server.error.include-stacktrace=never', path: 'application.properties' }],
  invalid: [{ code: 'server.error.include-stacktrace=always', path: 'application.properties', errors: [{ line: 1, column: 1 }] }],
});
testRule(rule('dockerfile-runs-as-root'), {
  valid: [{ code: 'FROM node:20\nUSER node\n', path: 'Dockerfile' }],
  invalid: [{ code: 'FROM golang AS b\nUSER x\nFROM debian\nCMD ["/app"]\n', path: 'Dockerfile', errors: [{ line: 3, column: 1, endColumn: 12 }] }],
});
testRule(rule('test-data-card-number'), {
  valid: [{ code: '{"card": "4556 7375 8689 9855"}', path: 'src/cards.json' }],
  invalid: [{ code: '{"card": "4556 7375 8689 9855"}', path: 'test/fixtures/c.json', errors: [{ line: 1, column: 11, endColumn: 30 }] }],
});

describe('insecure-pattern validators', () => {
  it('IBAN checksum (ISO 13616 mod 97)', () => {
    assert.equal(iban('GB82 WEST 1234 5698 7654 32'), true);
    assert.equal(iban('DE89370400440532013000'), true);
    assert.equal(iban('DE89370400440532013001'), false);
    assert.equal(iban('XX00'), false);
  });
  it('published test card numbers are not findings', () => {
    assert.equal(notDocumentedTestCard('4242 4242 4242 4242'), false);
    assert.equal(notDocumentedTestCard('4111-1111-1111-1111'), false);
    assert.equal(notDocumentedTestCard('4556 7375 8689 9855'), true);
  });
  it('Dockerfile: only the final stage, and only without a USER line', () => {
    const text = 'FROM a AS b\nRUN x\nFROM c\nRUN y\n';
    assert.equal(finalStageWithoutUser('FROM a AS b', { text, start: 0, end: 11 }), false);
    assert.equal(finalStageWithoutUser('FROM c', { text, start: 18, end: 24 }), true);
    assert.equal(finalStageWithoutUser('FROM c', { text: `${text}USER app\n`, start: 18, end: 24 }), false);
    assert.equal(finalStageWithoutUser('FROM gcr.io/distroless/static:nonroot', { text: 'FROM gcr.io/distroless/static:nonroot', start: 0, end: 38 }), false);
  });
  it('workflow triggers and Go imports', () => {
    assert.equal(hasPullRequestTarget('', { text: 'on:\n  pull_request_target:\n', start: 0, end: 0 }), true);
    assert.equal(hasPullRequestTarget('', { text: 'on: [push, pull_request_target]\n', start: 0, end: 0 }), true);
    assert.equal(hasPullRequestTarget('', { text: 'on: pull_request\n', start: 0, end: 0 }), false);
    assert.equal(importsMathRand('', { text: 'import (\n\t"math/rand"\n)', start: 0, end: 0 }), true);
    assert.equal(importsMathRand('', { text: 'import "crypto/rand"', start: 0, end: 0 }), false);
  });
});

describe('request-data flow inside a function (taint)', () => {
  /** The taint of the first argument of the last call to `sink(...)` in `code`. */
  function sinkTaint(code: string): string {
    const program = parse(code, { range: true, jsx: false });
    let arg: TSESTree.Node | undefined;
    simpleTraverse(program, {
      enter(node) {
        if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'sink') arg = node.arguments[0];
      },
    }, true);
    assert.ok(arg, 'no sink call');
    return taintOf(arg);
  }
  it('request properties and values derived from them', () => {
    assert.equal(sinkTaint('app.get("/", (req, res) => sink(req.query.id));'), 'request');
    assert.equal(sinkTaint('app.get("/", (req, res) => { const { id } = req.params; const q = `x${id.trim()}`; sink(q); });'), 'request');
    assert.equal(sinkTaint('router.get("/", (ctx) => { let a = "x"; a = ctx.request.body.name; sink(a); });'), 'request');
    assert.equal(sinkTaint('exports.handler = async (event) => sink(JSON.parse(event.body).path);'), 'request');
    assert.equal(sinkTaint('sink(new URLSearchParams(location.search).get("next"));'), 'request');
  });
  it('constants stay constant, unknown stays unknown', () => {
    assert.equal(sinkTaint('const T = "users"; sink("SELECT * FROM " + T);'), 'constant');
    assert.equal(sinkTaint('function f(x) { sink(x); }'), 'unknown');
    assert.equal(sinkTaint('function f(req) { const req2 = other(); sink(req2.id); }'), 'unknown');
  });
  it('a closure sees the bindings of the function around it', () => {
    assert.equal(sinkTaint('app.post("/", (req, res) => { const name = req.body.name; run(() => sink(name)); });'), 'request');
  });
});
