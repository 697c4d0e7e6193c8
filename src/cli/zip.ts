/**
 * A zip archive read and written entry by entry, so that a copy of an .xlsx keeps every entry
 * custfile does not change as the very bytes it had (compressed data, CRC and time copied, not
 * re-compressed): faithful, and fast on a 20 MB workbook where only a few parts change.
 * Entries are inflated only when read; new or changed entries are deflated with Node's zlib
 * (native: several times faster than a JavaScript deflate on a 100 MB sheet part).
 */
import * as zlib from "node:zlib";

/** One entry: either still the input's compressed bytes, or new content. */
interface Entry {
  /** Name bytes as stored (kept, so an entry's header is copied as it was). */
  nameBytes: Uint8Array;
  /** General-purpose flags (bit 11: UTF-8 name). */
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressed: Uint8Array;
  size: number;
  /** Content, once inflated or when set. */
  content?: Uint8Array;
  /** True when the content was set: the entry is deflated anew when written. */
  changed: boolean;
}

/** Thrown for a file that is not a zip archive this reader handles. */
export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipError";
  }
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of bytes (the zip checksum): zlib's native one where Node has it (20.15+). */
export function crc32(data: Uint8Array): number {
  const native = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;
  if (native) return native(data) >>> 0;
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const utf8 = new TextDecoder("utf-8");
const latin1 = new TextDecoder("latin1");
/** A fixed time for entries custfile writes (1980-01-01 00:00), so the same input and edits give the same bytes. */
const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1;

/** The entries of a zip archive, in their order; names as the archive spells them. */
export class ZipArchive {
  private readonly entries = new Map<string, Entry>();

  /** Read the central directory of `data` (entries are not inflated yet). */
  static read(data: Uint8Array): ZipArchive {
    const zip = new ZipArchive();
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let eocd = -1;
    for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
      if (view.getUint32(i, true) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError("not a zip archive (no end of central directory)");
    const count = view.getUint16(eocd + 10, true);
    let p = view.getUint32(eocd + 16, true);
    if (count === 0xffff || p === 0xffffffff) throw new ZipError("zip64 archives (over 4 GB or 65,535 parts) are not supported");
    for (let n = 0; n < count; n++) {
      if (p + 46 > data.length || view.getUint32(p, true) !== 0x02014b50) throw new ZipError("damaged central directory");
      const flags = view.getUint16(p + 8, true);
      const method = view.getUint16(p + 10, true);
      const time = view.getUint16(p + 12, true);
      const date = view.getUint16(p + 14, true);
      const crc = view.getUint32(p + 16, true);
      const csize = view.getUint32(p + 20, true);
      const size = view.getUint32(p + 24, true);
      const nameLen = view.getUint16(p + 28, true);
      const extraLen = view.getUint16(p + 30, true);
      const commentLen = view.getUint16(p + 32, true);
      const local = view.getUint32(p + 42, true);
      const nameBytes = data.subarray(p + 46, p + 46 + nameLen);
      if (flags & 1) throw new ZipError("encrypted zip entries are not supported");
      if (method !== 0 && method !== 8) throw new ZipError(`zip compression method ${method} is not supported`);
      if (view.getUint32(local, true) !== 0x04034b50) throw new ZipError("damaged local header");
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const name = (flags & 0x800 ? utf8 : latin1).decode(nameBytes);
      zip.entries.set(name, { nameBytes, flags: flags & 0x800, method, time, date, crc, compressed: data.subarray(start, start + csize), size, changed: false });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return zip;
  }

  /** Entry names in archive order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Whether the archive has an entry of this name. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The content of an entry (inflated on first use), or undefined when there is none. */
  get(name: string): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    if (!e.content) {
      let content: Uint8Array;
      try {
        content = e.method === 0 ? e.compressed : zlib.inflateRawSync(e.compressed);
      } catch (err) {
        throw new ZipError(`entry ${name} is damaged (${(err as Error).message})`);
      }
      if (content.length !== e.size || crc32(content) !== e.crc) throw new ZipError(`entry ${name} is damaged (size or CRC does not match)`);
      e.content = content;
    }
    return e.content;
  }

  /** Set an entry's content (a new entry goes last). */
  set(name: string, content: Uint8Array): void {
    const e = this.entries.get(name);
    if (e) {
      e.content = content;
      e.changed = true;
      return;
    }
    this.entries.set(name, { nameBytes: new TextEncoder().encode(name), flags: 0x800, method: 8, time: 0, date: DOS_DATE_1980, crc: 0, compressed: new Uint8Array(0), size: content.length, content, changed: true });
  }

  /** Remove an entry. */
  delete(name: string): void {
    this.entries.delete(name);
  }

  /** Whether an entry was set since reading (new or changed). */
  changed(name: string): boolean {
    return this.entries.get(name)?.changed ?? false;
  }

  /** The archive as bytes: unchanged entries copied as they were, set ones deflated. */
  toBytes(): Uint8Array {
    const chunks: Uint8Array[] = [];
    const central: Uint8Array[] = [];
    let offset = 0;
    for (const e of this.entries.values()) {
      if (e.changed) {
        const content = e.content!;
        e.crc = crc32(content);
        e.size = content.length;
        const deflated = zlib.deflateRawSync(content, { level: 6 });
        // Tiny parts can grow when deflated: store them instead.
        if (deflated.length < content.length) {
          e.method = 8;
          e.compressed = deflated;
        } else {
          e.method = 0;
          e.compressed = content;
        }
        e.changed = false;
      }
      const local = new Uint8Array(30 + e.nameBytes.length);
      const lv = new DataView(local.buffer);
      lv.setUint32(0, 0x04034b50, true);
      lv.setUint16(4, 20, true);
      lv.setUint16(6, e.flags, true);
      lv.setUint16(8, e.method, true);
      lv.setUint16(10, e.time, true);
      lv.setUint16(12, e.date, true);
      lv.setUint32(14, e.crc, true);
      lv.setUint32(18, e.compressed.length, true);
      lv.setUint32(22, e.size, true);
      lv.setUint16(26, e.nameBytes.length, true);
      local.set(e.nameBytes, 30);
      const cd = new Uint8Array(46 + e.nameBytes.length);
      const cv = new DataView(cd.buffer);
      cv.setUint32(0, 0x02014b50, true);
      cv.setUint16(4, 20, true);
      cv.setUint16(6, 20, true);
      cv.setUint16(8, e.flags, true);
      cv.setUint16(10, e.method, true);
      cv.setUint16(12, e.time, true);
      cv.setUint16(14, e.date, true);
      cv.setUint32(16, e.crc, true);
      cv.setUint32(20, e.compressed.length, true);
      cv.setUint32(24, e.size, true);
      cv.setUint16(28, e.nameBytes.length, true);
      cv.setUint32(42, offset, true);
      cd.set(e.nameBytes, 46);
      chunks.push(local, e.compressed);
      central.push(cd);
      offset += local.length + e.compressed.length;
      if (offset > 0xffffffff) throw new ZipError("the workbook would be over 4 GB");
    }
    const cdSize = central.reduce((s, c) => s + c.length, 0);
    const end = new Uint8Array(22);
    const ev = new DataView(end.buffer);
    ev.setUint32(0, 0x06054b50, true);
    ev.setUint16(8, this.entries.size, true);
    ev.setUint16(10, this.entries.size, true);
    ev.setUint32(12, cdSize, true);
    ev.setUint32(16, offset, true);
    const out = new Uint8Array(offset + cdSize + 22);
    let p = 0;
    for (const c of [...chunks, ...central, end]) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }
}
