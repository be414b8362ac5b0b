const Handlebars = require('handlebars');

Handlebars.registerHelper('link', function (text, url) {
  // ruleid: handlebars-safestring
  return new Handlebars.SafeString('<a href="' + url + '">' + text + '</a>');
});

Handlebars.registerHelper('bold', (text) => {
  // ruleid: handlebars-safestring
  return new Handlebars.SafeString(`<b>${text}</b>`);
});

function quote(req) {
  // ruleid: handlebars-safestring
  return new Handlebars.SafeString('<q>' + req.query.q + '</q>');
}

module.exports = { quote };
