// Draws the extension icon (client/icon.png, 256×256) without any image tool: shapes as distance functions,
// 4×4 supersampling for anti-aliasing, and a PNG written with node:zlib. Run `node client/icon.mjs` after a change.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const SAMPLES = 4;

const hex = (color) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
const TOP = hex('#2563a8');
const BOTTOM = hex('#17324d');
const WHITE = hex('#ffffff');
const GREEN = hex('#4ade80');

function roundedSquare(x, y) {
  const r = 52;
  const qx = Math.abs(x - SIZE / 2) - (SIZE / 2 - r);
  const qy = Math.abs(y - SIZE / 2) - (SIZE / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segment(x, y, [ax, ay], [bx, by]) {
  const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t);
}

const polyline = (points) => (x, y) => Math.min(...points.slice(1).map((p, i) => segment(x, y, points[i], p)));

// A pointy-top hexagon (the shape of a cluster node) and a check mark through it.
const HEXAGON = Array.from({ length: 7 }, (_, i) => {
  const angle = Math.PI / 2 + (i * Math.PI) / 3;
  return [SIZE / 2 + 86 * Math.cos(angle), SIZE / 2 + 86 * Math.sin(angle)];
});
const hexagon = polyline(HEXAGON);
const check = polyline([
  [86, 130],
  [114, 160],
  [172, 98],
]);

function shade(x, y) {
  if (roundedSquare(x, y) > 0) return [0, 0, 0, 0];
  const t = y / SIZE;
  let color = TOP.map((c, i) => c + (BOTTOM[i] - c) * t);
  if (hexagon(x, y) <= 7) color = WHITE;
  if (check(x, y) <= 12) color = GREEN;
  return [...color, 255];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const [r, g, b, a] = shade(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        sum[0] += r * a;
        sum[1] += g * a;
        sum[2] += b * a;
        sum[3] += a;
      }
    }
    const offset = y * (SIZE * 4 + 1) + 1 + x * 4;
    const alpha = sum[3] / (SAMPLES * SAMPLES);
    for (let i = 0; i < 3; i++) raw[offset + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0;
    raw[offset + 3] = Math.round(alpha);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
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
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('icon.png', import.meta.url), png);
console.log(`client/icon.png: ${png.length} bytes`);
