import { testRule } from '../helpers/ruleTester';
import serializeJavascriptUnsafe from '../../server/src/rules/ast/serialize-javascript-unsafe';

testRule(serializeJavascriptUnsafe, {
  valid: [
    // escaping on (the default, or said so), or not serialize-javascript
    "const serialize = require('serialize-javascript');\nserialize(req.query);",
    "const serialize = require('serialize-javascript');\nserialize(req.query, { unsafe: false, space: 2 });",
    "const serialize = require('serialize-javascript');\nserialize(req.query, { isJSON: true });",
    "const serialize = require('other-serializer');\nserialize(req.query, { unsafe: true });",
    "serialize(req.query, { unsafe: true });",
    // constant data: nothing an attacker wrote
    "const serialize = require('serialize-javascript');\nserialize({ foo: '<img src=x />' }, { unsafe: true, space: 2 });",
    // not a literal true: left to the reader
    "const serialize = require('serialize-javascript');\nserialize(state, { unsafe: opts.unsafe });",
  ],
  invalid: [
    {
      // njsscan's shape: a parameter of unknown origin, low confidence
      code: "var serialize = require('serialize-javascript');\nfunction test(userInput) {\n  const result = serialize({ foo: userInput }, { unsafe: true, space: 2 });\n  return result;\n}",
      errors: [{ line: 3, column: 18, endLine: 3, endColumn: 75, message: "`unsafe: true` turns off serialize-javascript's HTML escaping", severity: 'warning', confidence: 'low' }],
      output: "var serialize = require('serialize-javascript');\nfunction test(userInput) {\n  const result = serialize({ foo: userInput }, { unsafe: false, space: 2 });\n  return result;\n}",
    },
    {
      // request data written into the page: an error with high confidence
      code: "import serialize from 'serialize-javascript';\napp.get('/', (req, res) => res.send(`<script>window.S = ${serialize({ q: req.query.q }, { unsafe: true })}</script>`));",
      errors: [{ line: 2, column: 59, endLine: 2, endColumn: 106, severity: 'error', confidence: 'high' }],
      output: "import serialize from 'serialize-javascript';\napp.get('/', (req, res) => res.send(`<script>window.S = ${serialize({ q: req.query.q }, { unsafe: false })}</script>`));",
    },
    {
      code: "const html = require('serialize-javascript')(state, { 'unsafe': true });",
      errors: [{ line: 1, column: 14, endLine: 1, endColumn: 72, confidence: 'low' }],
      output: "const html = require('serialize-javascript')(state, { 'unsafe': false });",
    },
  ],
});
