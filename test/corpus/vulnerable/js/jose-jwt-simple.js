// Unsigned tokens accepted through jose 2 and jwt-simple. Labels: `ruleid:`.
const jose = require('jose');
const { JWK, JWT } = jose;
const jwtSimple = require('jwt-simple');

function claimsOf(token) {
  // ruleid: jwt-algorithm-not-pinned
  return JWT.verify(token, JWK.None);
}

function payloadOf(jws) {
  // ruleid: jwt-algorithm-not-pinned
  return jose.JWS.verify(jws, jose.JWK.None);
}

function session(req) {
  // ruleid: jwt-decode-without-verify
  return jwtSimple.decode(req.headers.authorization, process.env.JWT_SECRET, 'HS256');
}

function checked(req) {
  return jwtSimple.decode(req.headers.authorization, process.env.JWT_SECRET, false, 'HS256');
}

module.exports = { claimsOf, payloadOf, session, checked };
