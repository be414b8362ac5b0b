// Claims trusted without a signature check: this module never verifies. Labels: `ruleid:`.
const jsonwebtoken = require('jsonwebtoken');

function currentUser(req) {
  // ruleid: jwt-decode-without-verify
  const claims = jsonwebtoken.decode(req.headers.authorization.replace('Bearer ', ''));
  return claims && claims.sub;
}

module.exports = { currentUser };
