#!/usr/bin/env node
// Draws media/icon.png (the Marketplace icon, 256×256): a shield with a keyhole, for "credentials and
// secure code". Drawn from shapes with 4×4 supersampling and written as a PNG with Node's zlib, so the
// icon is reproducible from this file: `node scripts/draw-icon.mjs`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const SAMPLES = 4;

/** Shield outline in unit coordinates: straight sides, then an elliptical curve down to the point. */
function inShield(x, y, inset = 0) {
  const top = 0.1 + inset;
  const half = 0.36 - inset;
  if (y < top || y > 0.93 - inset * 1.4) return false;
  // A shallow dip in the top edge.
  if (y < top + 0.04 * (1 - ((x - 0.5) / half) ** 2) && Math.abs(x - 0.5) < half) return false;
  if (y <= 0.5) return Math.abs(x - 0.5) <= half;
  const t = (y - 0.5) / (0.43 - inset * 1.4);
  return Math.abs(x - 0.5) <= half * (1 - Math.min(1, t) ** 1.8);
}

/** Keyhole: a circle over a tapering slot. */
function inKeyhole(x, y) {
  if ((x - 0.5) ** 2 + (y - 0.42) ** 2 <= 0.085 ** 2) return true;
  if (y < 0.45 || y > 0.7) return false;
  const half = 0.035 + (y - 0.45) * 0.16;
  return Math.abs(x - 0.5) <= half;
}

const BORDER = [46, 196, 182];
const FILL = [13, 71, 94];
const KEY = [255, 255, 255];

function colourAt(x, y) {
  if (!inShield(x, y)) return null;
  if (!inShield(x, y, 0.035)) return BORDER;
  if (inKeyhole(x, y)) return KEY;
  // A soft vertical gradient on the fill.
  const k = 1 + (0.5 - y) * 0.35;
  return FILL.map((c) => Math.min(255, Math.round(c * k)));
}

const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colourAt((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a++;
      }
    }
    const o = (py * SIZE + px) * 4;
    if (a > 0) {
      pixels[o] = Math.round(r / a);
      pixels[o + 1] = Math.round(g / a);
      pixels[o + 2] = Math.round(b / a);
    }
    pixels[o + 3] = Math.round((a / SAMPLES ** 2) * 255);
  }
}

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method extras, no interlace
const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
writeFileSync(out, png);
process.stdout.write(`wrote ${path.relative(process.cwd(), out)} (${png.length} bytes)\n`);
