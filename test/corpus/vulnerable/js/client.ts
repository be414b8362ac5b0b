// Browser and service-client code. Labels: `ruleid:`.
import * as crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import * as yaml from 'js-yaml';
import { spawn } from 'node:child_process';

export function renderComment(el: HTMLElement, comment: { body: string }): void {
  // ruleid: dom-xss-sink
  el.innerHTML = comment.body;
}

export function renderList(list: HTMLElement, items: string[]): void {
  for (const item of items) {
    // ruleid: dom-xss-sink
    list.insertAdjacentHTML('beforeend', '<li>' + item + '</li>');
  }
}

export function showSearch(): void {
  // ruleid: dom-xss-sink
  document.write('<p>Results for ' + location.search + '</p>');
}

export function goBack(): void {
  const params = new URLSearchParams(window.location.search);
  // ruleid: open-redirect
  window.location.href = params.get('returnTo') ?? '/';
}

export function resetToken(): string {
  // ruleid: insecure-random
  const resetToken = Math.floor(Math.random() * 1e12).toString(36);
  return resetToken;
}

export function newApiKey(): string {
  // ruleid: insecure-random
  return 'ak_' + Math.random().toString(36).substring(2) + Math.random().toString(36).substring(2);
}

export function readClaims(token: string) {
  // ruleid: jwt-decode-without-verify
  return jwt.decode(token) as { sub: string; admin: boolean };
}

export function isAdmin(token: string): boolean {
  // ruleid: jwt-decode-without-verify
  const claims = jwt.decode(token, { json: true });
  return Boolean(claims?.admin);
}

export function issue(user: string): string {
  // ruleid: jwt-algorithm-not-pinned
  return jwt.sign({ sub: user }, '', { algorithm: 'none' });
}

export function loadConfig(text: string): unknown {
  // ruleid: unsafe-deserialization
  return yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });
}

export function fingerprint(cert: Buffer): string {
  // ruleid: weak-hash
  return crypto.createHash('sha1').update(cert).digest('hex');
}

export async function digest(data: ArrayBuffer): Promise<ArrayBuffer> {
  // ruleid: weak-hash
  return globalThis.crypto.subtle.digest('SHA-1', data);
}

export function storePassword(user: { password: string }): string {
  // ruleid: password-fast-hash, weak-hash
  return crypto.createHash('md5').update(user.password).digest('hex');
}

export function storePin(salt: string, password: string): string {
  // ruleid: password-fast-hash, weak-hash
  return crypto.createHash('sha1').update(`${salt}${password}`).digest('base64');
}

export function derive(password: string, salt: Buffer, cb: (e: Error | null, k: Buffer) => void): void {
  // ruleid: pbkdf2-low-iterations
  crypto.pbkdf2(password, salt, 10000, 64, 'sha512', cb);
}

export function derive2(password: string, salt: Buffer): Buffer {
  // ruleid: pbkdf2-low-iterations
  return crypto.pbkdf2Sync(password, salt, 4096, 32, 'sha1');
}

export function seal(key: Buffer, data: string): string {
  const iv = Buffer.from('0123456789abcdef');
  // ruleid: cipher-static-iv
  const c = crypto.createCipheriv('aes-128-cbc', key, iv);
  return c.update(data, 'utf8', 'base64');
}

export function ecb3(key: Buffer): crypto.Cipher {
  // ruleid: cipher-ecb-mode
  return crypto.createCipheriv('aes-192-ecb', key, null);
}

export function rc4(key: Buffer): crypto.Cipher {
  // ruleid: weak-cipher
  return crypto.createCipheriv('rc4', key, null);
}

export function blowfish(key: Buffer, iv: Buffer): crypto.Decipher {
  // ruleid: weak-cipher
  return crypto.createDecipheriv('bf-cbc', key, iv);
}

export function ecb2(key: Buffer): crypto.Decipher {
  // ruleid: cipher-ecb-mode
  return crypto.createDecipheriv('aes-256-ecb', key, null);
}

export function keys2() {
  // ruleid: rsa-key-too-small
  crypto.generateKeyPair('rsa-pss', { modulusLength: 512 }, () => undefined);
  // ruleid: rsa-key-too-small
  return crypto.generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
}

export function build(cmd: string, args: string[]) {
  // ruleid: command-injection
  return spawn(cmd, args, { shell: true });
}

export const endpoints = {
  // ruleid: plaintext-http-url
  url: 'http://telemetry.acme-analytics.io/collect',
};

export function connect(): WebSocket {
  // ruleid: plaintext-http-url
  return new WebSocket('ws://chat.acme.io/socket');
}

export function tlsOld() {
  return {
    // ruleid: insecure-tls-version
    secureProtocol: 'TLSv1_method',
    // ruleid: insecure-tls-version
    maxVersion: 'TLSv1.1',
  };
}

export function spawnWorker() {
  // ruleid: tls-verification-disabled
  return spawn('node', ['worker.js'], { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
}

export function insecureRequest() {
  // ruleid: tls-verification-disabled
  return fetchWith({ strictSSL: false });
}

export function evalLater(id: string) {
  // ruleid: eval-non-literal
  setTimeout('refresh(' + id + ')', 100);
}

export function compile(body: string) {
  // ruleid: eval-non-literal
  return new Function('a', 'b', body);
}

export function logAuth(headers: Record<string, string>, accessToken: string, logger: Console) {
  // ruleid: secret-in-log
  logger.info(`auth header ${headers.authorization}`);
  // ruleid: secret-in-log
  console.debug({ accessToken });
}

declare function fetchWith(o: object): unknown;
