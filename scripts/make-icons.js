/**
 * Draws custfile's ribbon and store icons (assets/*.png) at every size Office asks for.
 * Shapes are described in a 0..1 square and rasterised with 8×8 supersampling, so each size is
 * drawn sharp rather than scaled. Run `node scripts/make-icons.js` after changing a shape.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size, rgba) {
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([header, chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.max(x0 + r, Math.min(x, x1 - r));
  const cy = Math.max(y0 + r, Math.min(y, y1 - r));
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
};
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (w / 2) ** 2;
};
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;

const BLUE = [0x0f, 0x6c, 0xbd];
const GREEN = [0x10, 0x7c, 0x41];
const WHITE = [0xff, 0xff, 0xff];
const LINE = [0xa9, 0xc7, 0xe6];
const AMBER = [0xf2, 0xa9, 0x00];

/** custfile: a file card (blue tile, white sheet with lines) with a green check. */
const mainIcon = [
  [BLUE, roundRect(0.04, 0.04, 0.96, 0.96, 0.16)],
  [WHITE, roundRect(0.22, 0.16, 0.78, 0.84, 0.05)],
  [LINE, roundRect(0.31, 0.28, 0.69, 0.33, 0.02)],
  [LINE, roundRect(0.31, 0.40, 0.69, 0.45, 0.02)],
  [LINE, roundRect(0.31, 0.52, 0.56, 0.57, 0.02)],
  [GREEN, disc(0.70, 0.72, 0.22)],
  [WHITE, segment(0.60, 0.72, 0.675, 0.80, 0.07)],
  [WHITE, segment(0.675, 0.80, 0.81, 0.64, 0.07)],
];

/** 季度抽查: a sheet under a magnifying glass. */
const auditIcon = [
  [BLUE, roundRect(0.04, 0.04, 0.96, 0.96, 0.16)],
  [WHITE, roundRect(0.18, 0.14, 0.70, 0.80, 0.05)],
  [LINE, roundRect(0.27, 0.26, 0.61, 0.31, 0.02)],
  [LINE, roundRect(0.27, 0.38, 0.61, 0.43, 0.02)],
  [LINE, roundRect(0.27, 0.50, 0.50, 0.55, 0.02)],
  [AMBER, segment(0.72, 0.72, 0.88, 0.88, 0.11)],
  [WHITE, disc(0.62, 0.62, 0.17)],
  [AMBER, ring(0.62, 0.62, 0.17, 0.07)],
];

function render(shapes, size) {
  const ss = 8;
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          let colour = null;
          for (const [c, inside] of shapes) if (inside(x, y)) colour = c;
          if (colour) { r += colour[0]; g += colour[1]; b += colour[2]; a += 1; }
        }
      const i = (py * size + px) * 4;
      if (a > 0) { out[i] = Math.round(r / a); out[i + 1] = Math.round(g / a); out[i + 2] = Math.round(b / a); }
      out[i + 3] = Math.round((255 * a) / (ss * ss));
    }
  return out;
}

const dir = path.join(__dirname, "..", "assets");
fs.mkdirSync(dir, { recursive: true });
for (const size of [16, 32, 64, 80]) fs.writeFileSync(path.join(dir, `icon-${size}.png`), png(size, render(mainIcon, size)));
for (const size of [16, 32, 80]) fs.writeFileSync(path.join(dir, `audit-${size}.png`), png(size, render(auditIcon, size)));
fs.mkdirSync(path.join(__dirname, "..", "docs"), { recursive: true });
fs.writeFileSync(path.join(__dirname, "..", "docs", "icon-preview.png"), png(256, render(mainIcon, 256)));
fs.writeFileSync(path.join(__dirname, "..", "docs", "audit-preview.png"), png(256, render(auditIcon, 256)));
console.log("icons written to", dir);
