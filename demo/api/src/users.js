const express = require('express');

const router = express.Router();

router.get('/users', async (req, res) => {
  const { rows } = await req.db.query("SELECT id, email FROM users WHERE name = '" + req.query.name + "'");
  res.json(rows);
});

module.exports = router;
