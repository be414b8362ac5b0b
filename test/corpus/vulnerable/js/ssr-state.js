// Server-side rendering: the store's state written into the page for the client to pick up.
const serialize = require('serialize-javascript');

function stateScript(state) {
  // ruleid: serialize-javascript-unsafe
  return `<script>window.__STATE__ = ${serialize(state, { unsafe: true })}</script>`;
}

function preload(user, settings) {
  const data = { user, settings };
  // ruleid: serialize-javascript-unsafe
  const text = serialize(data, { isJSON: true, unsafe: true });
  return text;
}

module.exports = function handler(req, res) {
  // ruleid: serialize-javascript-unsafe
  const initial = serialize({ search: req.query.q }, { unsafe: true });
  res.locals.initial = initial;
  // escaped (the default): clean
  res.locals.safe = serialize({ search: req.query.q });
  // constant data: clean
  res.locals.defaults = serialize({ theme: 'light' }, { unsafe: true });
};

module.exports.stateScript = stateScript;
module.exports.preload = preload;
