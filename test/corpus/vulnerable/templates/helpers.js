// Handlebars helpers that mark data as markup. Labels: `ruleid:`.
const Handlebars = require('handlebars');

Handlebars.registerHelper('link', (text, url) =>
  // ruleid: handlebars-safestring
  new Handlebars.SafeString('<a href="' + url + '">' + text + '</a>'));

Handlebars.registerHelper('bold', function (value) {
  // ruleid: handlebars-safestring
  return new Handlebars.SafeString(`<b>${value}</b>`);
});

function quote(req, res) {
  // ruleid: handlebars-safestring
  res.send(page({ quote: new Handlebars.SafeString(req.query.quote) }));
}

// Escaped first: not a finding.
Handlebars.registerHelper('safeLink', (text, url) =>
  new Handlebars.SafeString('<a href="' + Handlebars.escapeExpression(url) + '">' + Handlebars.escapeExpression(text) + '</a>'));

module.exports = { quote };
