// HTML built from request data without escaping, handed to calls that render it out of view
// (html-from-request, strict preset).
const { format } = require('util');
const mailer = require('./mailer');

exports.handler = async function (event) {
  // ruleid: html-from-request
  await notifyAdmins(`<h2>New signup: ${event.body.name}</h2>`);
  // ruleid: html-from-request
  queue.publish(format('<div>%s</div>', event.queryStringParameters.q));
  console.log('<div>%s</div>', event.body.name);
  return { statusCode: 204 };
};

app.post('/comment', (req, res) => {
  let html = '<p>';
  html = html.concat(req.body.comment);
  // ruleid: html-from-request
  mailer.sendMail(req.user.email, html);
  res.json({ ok: true });
});
