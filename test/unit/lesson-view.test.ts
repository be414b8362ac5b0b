import * as assert from 'node:assert/strict';
import { lessonHtml, renderMarkdown } from '../../client/src/lessonHtml';

describe('lesson webview HTML', () => {
  it('renders the lesson subset of Markdown', () => {
    const html = renderMarkdown('# Title\n\nA **bold** `code` [CWE-798](https://cwe.mitre.org/data/definitions/798.html).\n\n## Fix\n\n- one\n- two\n\n```js\nconst a = 1 < 2;\n```\n');
    assert.equal(html, [
      '<h1>Title</h1>',
      '<p>A <strong>bold</strong> <code>code</code> <a href="https://cwe.mitre.org/data/definitions/798.html">CWE-798</a>.</p>',
      '<h2>Fix</h2>',
      '<ul><li>one</li><li>two</li></ul>',
      '<pre><code class="language-js">const a = 1 &lt; 2;</code></pre>',
    ].join('\n'));
  });

  it('escapes HTML and drops links that are not https', () => {
    const html = renderMarkdown('<script>alert(1)</script> [x](javascript:alert(1)) [y](http://example.com) <img src=x onerror=alert(1)>');
    assert.ok(!html.includes('<script'));
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('href'));
    assert.match(html, /&lt;script&gt;/);
  });

  it('locks the page down with a CSP: no scripts, no remote content, one inline style by nonce', () => {
    const page = lessonHtml('# T\n', { nonce: 'abc123', cspSource: 'vscode-resource:', title: 'T' });
    const csp = /content="([^"]+)"/.exec(page)![1]!;
    assert.equal(csp, "default-src 'none'; img-src vscode-resource:; style-src 'nonce-abc123';");
    assert.ok(!/<script/i.test(page));
    assert.ok(page.includes('<style nonce="abc123">'));
    assert.ok(!/https?:\/\//.test(page.replace(/<body>[\s\S]*<\/body>/, '')), 'the page itself loads nothing remote');
  });
});
