// XML accepted from clients and parsed with node-expat or xml2json (libexpat 2.2.1: declared entities
// expand without bound). Labels: `ruleid:`.
const express = require('express');
const expat = require('node-expat');
const xml2json = require('xml2json');

const app = express();
app.use(express.text({ type: 'application/xml' }));

app.post('/import', (req, res) => {
  // ruleid: xml-entity-expansion
  const data = xml2json.toJson(req.body, { object: true });
  res.json(data);
});

app.post('/feed', (req, res) => {
  const parser = new expat.Parser('UTF-8');
  const titles = [];
  parser.on('text', (t) => titles.push(t));
  // ruleid: xml-entity-expansion
  parser.write(req.body);
  res.json(titles);
});

function countElements(xml) {
  const parser = expat.createParser();
  let n = 0;
  parser.on('startElement', () => n++);
  // ruleid: xml-entity-expansion
  parser.parse(xml);
  return n;
}

function defaults() {
  // The program's own document: nothing to report.
  return xml2json.toJson('<settings><theme>dark</theme></settings>', { object: true });
}

module.exports = { app, countElements, defaults };
