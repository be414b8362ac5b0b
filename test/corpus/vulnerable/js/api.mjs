// Koa and raw Node handlers. Labels: `ruleid:`.
import Router from '@koa/router';
import { readFile } from 'node:fs/promises';
import * as fs from 'node:fs';
import cors from 'cors';
import { MongoClient } from 'mongodb';

const router = new Router();
const users = new MongoClient(process.env.MONGO_URL).db('app').collection('users');

router.get('/callback', (ctx) => {
  const { returnTo } = ctx.query;
  // ruleid: open-redirect
  ctx.redirect(returnTo);
});

router.get('/go', (ctx) => {
  // ruleid: open-redirect
  ctx.redirect(ctx.request.query.url);
});

router.get('/file', async (ctx) => {
  // ruleid: path-traversal
  ctx.body = await readFile(ctx.query.path, 'utf8');
});

router.get('/search', async (ctx) => {
  // ruleid: nosql-injection
  ctx.body = await users.find(ctx.request.body).toArray();
});

router.get('/where', async (ctx) => {
  const name = ctx.query.name;
  // ruleid: nosql-injection
  ctx.body = await users.find({ $where: `this.name == '${name}'` }).toArray();
});

router.post('/report', async (ctx) => {
  const table = ctx.request.body.table;
  const sql = 'SELECT id, total FROM ' + table + ' WHERE day = $1';
  // ruleid: sql-injection
  ctx.body = await pool.query(sql, [ctx.request.body.day]);
});

router.post('/rename', async (ctx) => {
  // ruleid: sql-injection
  await pool.query("UPDATE accounts SET name = '" + ctx.request.body.name + "' WHERE id = " + ctx.state.user.id);
});

router.get('/orders', async (ctx) => {
  // ruleid: secret-in-log
  console.log('listing orders with token', ctx.state.user.apiKey, ctx.state.password);
});

export const corsOptions = cors({
  // ruleid: cors-wildcard-credentials
  origin: true,
  credentials: true,
});

export function reflect(req, res, next) {
  // ruleid: cors-wildcard-credentials
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
}

export function setCookie(res, id) {
  // ruleid: cookie-insecure
  res.cookie('remember', id, { httpOnly: true });
}

export function handler(req, res) {
  try {
    // ruleid: path-traversal
    fs.unlinkSync(`/tmp/uploads/${req.query.name}`);
  } catch (e) {
    // ruleid: error-details-to-client
    res.send(e);
  }
}

export function otp() {
  // ruleid: insecure-random
  const otpCode = String(Math.floor(Math.random() * 1000000)).padStart(6, '0');
  return otpCode;
}

export async function fetchRates() {
  // ruleid: plaintext-http-url
  return fetch('http://rates.acme-fx.com/latest.json');
}

export function jwtVerify(jwtLib, token, key) {
  return jwtLib.verify(token, key);
}
