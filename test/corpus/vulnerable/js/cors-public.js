// Internal services answering every website (`Access-Control-Allow-Origin: *`). Labels: `ruleid:`.
const express = require('express');
const cors = require('cors');

const admin = express();
// ruleid: cors-any-origin
admin.use(cors());

admin.get('/metrics', (req, res) => {
  // ruleid: cors-any-origin
  res.set('Access-Control-Allow-Origin', '*');
  res.json({ uptime: process.uptime() });
});

const reports = express();
// ruleid: cors-any-origin
reports.use(cors({ origin: '*', methods: ['GET'] }));

const dashboard = express();
// Listed origins: nothing to report.
dashboard.use(cors({ origin: ['https://dashboard.example.com'] }));

module.exports = { admin, reports, dashboard };
