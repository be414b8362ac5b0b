// Token handling with jsonwebtoken. Labels: `ruleid:`.
const { verify, decode } = require('jsonwebtoken');

function authenticate(req) {
  // No `algorithms`: jsonwebtoken 9 allows only the public key's own family (no `none`, no HS256 with it).
  return verify(req.headers.authorization.slice(7), process.env.PUBLIC_KEY, { audience: 'api' });
}

function allowNone(token, key) {
  // ruleid: jwt-algorithm-not-pinned
  return verify(token, key, { algorithms: ['none', 'RS256'] });
}

function whoami(token) {
  return decode(token).sub;
}

module.exports = { authenticate, allowNone, whoami };
