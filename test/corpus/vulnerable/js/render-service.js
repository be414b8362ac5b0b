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
