import * as assert from 'node:assert/strict';
import { GRAMMAR_FILES, grammarProblem, isGrammarLoaded, loadAllGrammars, loadGrammar, parseTree, type SyntaxNode } from '../../server/src/treesitter/runtime';

function find(node: SyntaxNode, type: string): SyntaxNode | undefined {
  if (node.type === type) return node;
  for (const c of node.children) {
    const hit = find(c, type);
    if (hit) return hit;
  }
  return undefined;
}

describe('tree-sitter runtime', function () {
  this.timeout(60_000);

  it('names a grammar that was not loaded instead of parsing without it', () => {
    assert.ok(!isGrammarLoaded('cobol'));
    assert.match(grammarProblem('cobol')!, /cobol grammar was not loaded/);
    assert.throws(() => parseTree('x', 'cobol'), /cobol grammar was not loaded/);
  });

  it('loads each grammar once, lazily, and parses with UTF-16 offsets', async () => {
    await Promise.all([loadGrammar('python'), loadGrammar('python')]);
    assert.ok(isGrammarLoaded('python'));
    const text = 'x = "é😀" + request.args["a"]\ncursor.execute(q)\n';
    const { root, hasErrors } = parseTree(text, 'python');
    assert.equal(root.type, 'module');
    assert.equal(hasErrors, false);
    const call = find(root, 'call')!;
    assert.equal(text.slice(call.start, call.end), 'cursor.execute(q)');
    const attribute = find(root, 'attribute')!;
    assert.equal(text.slice(attribute.start, attribute.end), 'request.args');
    assert.equal(attribute.parent?.type, 'subscript');
    assert.equal(attribute.field, 'value');
    const op = find(root, 'binary_operator')!.children.find((c) => c.field === 'operator');
    assert.equal(op && text.slice(op.start, op.end), '+');
  });

  it('parses every shipped language, and marks syntax errors', async () => {
    await loadAllGrammars();
    const samples: Record<string, string> = {
      python: 'def f(:\n  pass',
      java: 'class A { void f() { g(1); } }',
      php: '<?php echo $_GET["a"];',
      go: 'package main\nfunc main() { f(1) }',
      csharp: 'class A { void F() { G(1); } }',
      ruby: 'def f\n  system(params[:x])\nend',
      ejs: '<p><%- user.bio %></p><% if (a) { %>x<% } %>',
      erb: '<p><%== @post.body %></p><% if a %>x<% end %>',
    };
    for (const language of Object.keys(GRAMMAR_FILES)) {
      const tree = parseTree(samples[language]!, language);
      assert.equal(tree.hasErrors, language === 'python', language);
      assert.ok(tree.size > 3, language);
    }
  });

  it('copies deeply nested code without overflowing the stack', async () => {
    await loadGrammar('python');
    const depth = 2000;
    const tree = parseTree(`x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`, 'python');
    assert.ok(tree.size > depth);
  });
});
