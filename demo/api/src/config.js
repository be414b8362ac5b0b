// Service configuration. Somebody "just for now" pasted the credentials in.
const crypto = require('node:crypto');

module.exports = {
  region: 'eu-west-1',
  accessKeyId: 'AKIAQ4V7NX2LRTB5KZ3M',
  database: {
    host: 'db.internal',
    user: 'shop',
    password: 'Winter2024!shop',
  },
  sessionId() {
    return crypto.createHash('md5').update(String(Date.now())).digest('hex');
  },
};
