import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * In the editor a template's variables are traced through the open handler files. A Python handler is
 * read with a grammar that loads on first use, so a template analysed before that load must wait for it
 * rather than trace (and cache) an empty handler. Grammars load once per process, so each case runs in a
 * fresh Node process: in this one, earlier tests have loaded every grammar already.
 */
describe('editor: a template opened together with its Flask handler', function () {
  this.timeout(120_000);

  const script = `
    const { LspHarness } = require(${JSON.stringify(join(__dirname, '..', 'helpers', 'lsp.js'))});
    (async () => {
      const lsp = new LspHarness();
      await lsp.initialize('file:///w');
      const handler = "from flask import request, render_template\\n\\n@app.route('/s')\\ndef s():\\n    return render_template('search.html', q=request.args['q'], year=2026)\\n";
      void lsp.open('file:///w/app.py', handler, 'python');
      const published = await lsp.open('file:///w/templates/search.html', '<p>{{ q|safe }}</p>\\n<footer>{{ year|safe }}</footer>\\n', 'jinja-html');
      const mine = published.diagnostics.filter((d) => d.code === 'template-unescaped-output' || (d.code && d.code.value === 'template-unescaped-output'));
      process.stdout.write(JSON.stringify(mine.map((d) => [d.range.start.line, d.severity])));
      process.exit(0);
    })().catch((e) => { console.error(e); process.exit(1); });`;

  it('traces the handler even when the template is analysed before the handler\'s grammar has loaded', () => {
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: join(__dirname, '..', '..', '..') });
    // `q` is request data (an error, severity 1); `year` is a constant (info, severity 3).
    assert.deepEqual(JSON.parse(out), [[0, 1], [1, 3]]);
  });
});
