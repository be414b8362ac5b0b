const nunjucks = require('nunjucks');
const Handlebars = require('handlebars');
const swig = require('swig');

// ruleid: template-autoescape-off
nunjucks.configure('views', { autoescape: false, express: app });

function mailBody(source, data) {
  // ruleid: template-autoescape-off
  return Handlebars.compile(source, { noEscape: true })(data);
}

// ruleid: template-autoescape-off
swig.setDefaults({ autoescape: false });

nunjucks.configure('emails', { autoescape: true });
