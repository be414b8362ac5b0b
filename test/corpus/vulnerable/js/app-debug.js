// Express set-up that leaves development error handling on. Labels: `ruleid:`.
const express = require('express');
const errorhandler = require('errorhandler');

const app = express();
// ruleid: express-debug-enabled
app.set('env', 'development');
// ruleid: express-debug-enabled
app.use(errorhandler());
// ruleid: express-debug-enabled
app.use(express.errorHandler({ dumpExceptions: true, showStack: true }));

if (process.env.NODE_ENV === 'development') {
  app.use(errorhandler({ log: true }));
}

module.exports = app;
