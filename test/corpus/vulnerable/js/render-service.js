// A screenshot and invoice service: a headless browser and a PDF renderer fed from request data.
const express = require('express');
const puppeteer = require('puppeteer');
const wkhtmltopdf = require('wkhtmltopdf');
const CDP = require('chrome-remote-interface');

const app = express();
app.use(express.json());

app.get('/screenshot', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ruleid: headless-browser-injection
  await page.goto(req.query.url, { waitUntil: 'networkidle0' });
  await page.goto('https://status.acme.io/');
  await page.goto(`https://status.acme.io/incidents/${req.query.id}`);
  res.type('png').send(await page.screenshot());
  await browser.close();
});

app.post('/invoice', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  const note = req.body.note;
  // ruleid: headless-browser-injection
  await page.setContent(`<h1>Invoice</h1><p>${note}</p>`);
  // Data passed as an argument of a fixed function is serialised, not run.
  await page.evaluate((n) => { document.title = n; }, note);
  // ruleid: headless-browser-injection
  await page.evaluate('document.title = "' + note + '"');
  res.type('pdf').send(await page.pdf());
});

// Body parsers and middleware put client data on new members of the request.
app.post('/render', (req, res) => {
  // ruleid: headless-browser-injection
  wkhtmltopdf(req.rawBody, { pageSize: 'A4' }).pipe(res);
});

app.post('/cdp', async (req, res) => {
  const client = await CDP();
  const { Page } = client;
  // ruleid: headless-browser-injection
  await Page.navigate({ url: req.body.target });
  await Page.navigate({ url: 'https://acme.io/' });
  res.sendStatus(204);
});

module.exports = app;

// Theme uploads: the archive's entry names become file paths (Zip Slip).
const fs = require('fs');
const path = require('path');
const unzipper = require('unzipper');
const AdmZip = require('adm-zip');
const tar = require('tar-stream');

function unpackTheme(zipStream, dest) {
  zipStream.pipe(unzipper.Parse()).on('entry', (entry) => {
    const target = path.join(dest, entry.path);
    // ruleid: archive-path-traversal
    entry.pipe(fs.createWriteStream(target));
  });
}

function unpackIcons(file, dest) {
  new AdmZip(file).getEntries().forEach((zipEntry) => {
    // ruleid: archive-path-traversal
    fs.writeFileSync(`${dest}/${zipEntry.entryName}`, zipEntry.getData());
    fs.writeFileSync(path.join(dest, path.basename(zipEntry.entryName)), zipEntry.getData());
  });
}

function unpackFonts(tarStream) {
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    // ruleid: archive-path-traversal
    stream.pipe(fs.createWriteStream('fonts/' + header.name)).on('finish', next);
  });
  tarStream.pipe(extract);
}

function unpackChecked(zipStream, dest) {
  zipStream.pipe(unzipper.Parse()).on('entry', (entry) => {
    const target = path.resolve(dest, entry.path);
    if (!target.startsWith(path.resolve(dest) + path.sep)) return entry.autodrain();
    entry.pipe(fs.createWriteStream(target));
  });
}

module.exports.unpack = { unpackTheme, unpackIcons, unpackFonts, unpackChecked };
