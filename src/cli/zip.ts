/**
 * The command line's one zip module: an archive read and written entry by entry.
 *
 * Reading: the central directory only; an entry is inflated when asked for (`get` keeps it,
 * `read` does not), or only its first bytes (`readPrefix`). SheetJS inflates every part of a
 * workbook before it parses any sheet; an 8,000-customer workbook holds 57 MB of sheet XML and
 * `custfile credit` needs two of its five sheets, so the reader (./xlsx.ts) hands SheetJS only the
 * parts a command needs, through this.
 *
 * Writing: a copy of an .xlsx keeps every entry custfile does not change as the very bytes it had
 * (compressed data, CRC and time copied, not re-compressed): faithful, and fast on a 20 MB
 * workbook where only a few parts change. New or changed entries are deflated with Node's zlib
 * (native: several times faster than a JavaScript deflate on a 100 MB sheet part). An entry may
 * also be streamed (`setStream`): its text is made chunk by chunk as the archive is written and
 * deflated as it comes, so a new workbook of millions of cells (the demo) never lives in memory
 * as a whole part.
 */
import * as zlib from "node:zlib";

/** Text or bytes of a streamed entry, chunk by chunk. */
export type ZipChunks = () => Iterable<string | Uint8Array>;

/** One entry: either still the input's compressed bytes, or new content (given, or streamed). */
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
  /** Content made when the archive is written (see setStream). */
  stream?: ZipChunks;
  /** True when the content was set: the entry is deflated anew when written. */
  changed: boolean;
}

/** Thrown for a file that is not a zip archive this module handles (zip64, encryption, other compression, damage). */
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

/** CRC-32 of bytes (the zip checksum), continuing `previous`: zlib's native one where Node has it (20.15+). */
export function crc32(data: Uint8Array, previous = 0): number {
  const native = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  if (native) return native(data, previous) >>> 0;
  let c = ~previous;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
/** Flag bits: CRC and sizes in a data descriptor after the data (streamed entries); UTF-8 name. */
const FLAG_DESCRIPTOR = 0x08;
const FLAG_UTF8 = 0x800;

const utf8 = new TextDecoder("utf-8");
const latin1 = new TextDecoder("latin1");
/** A fixed time for entries custfile writes (1980-01-01 00:00), so the same input and edits give the same bytes. */
const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1;
/** Deflate levels: parts set whole (small, or few), and streamed parts (a third of level 6's time on sheet XML, for a file about a fifth larger). */
const LEVEL_SET = 6;
const LEVEL_STREAM = 1;

/** Bytes as a Buffer over the same memory (SheetJS and latin1 decoding want Buffers). */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The entries of a zip archive, in their order; names as the archive spells them. */
export class ZipArchive {
  private readonly entries = new Map<string, Entry>();

  /** Read the central directory of `data` (entries are not inflated yet); a ZipError for a zip this module does not handle. */
  static read(data: Uint8Array): ZipArchive {
    const zip = new ZipArchive();
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let eocd = -1;
    // The end record sits in the last 22 bytes plus a comment of up to 65,535.
    for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
      if (view.getUint32(i, true) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError("not a zip archive (no end of central directory)");
    const count = view.getUint16(eocd + 10, true);
    let p = view.getUint32(eocd + 16, true);
    if (count === 0xffff || p === 0xffffffff) throw new ZipError("zip64 archives (over 4 GB or 65,535 parts) are not supported");
    for (let n = 0; n < count; n++) {
      if (p + 46 > data.length || view.getUint32(p, true) !== CENTRAL) throw new ZipError("damaged central directory");
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
      if (csize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new ZipError("zip64 archives (over 4 GB or 65,535 parts) are not supported");
      if (local + 30 > data.length || view.getUint32(local, true) !== LOCAL) throw new ZipError("damaged local header");
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      if (start + csize > data.length) throw new ZipError("damaged archive (an entry runs past the end of the file)");
      const name = (flags & FLAG_UTF8 ? utf8 : latin1).decode(nameBytes);
      zip.entries.set(name, { nameBytes, flags: flags & FLAG_UTF8, method, time, date, crc, compressed: data.subarray(start, start + csize), size, changed: false });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return zip;
  }

  /** Entry names in archive order (folders, which end in "/", included). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Whether the archive has an entry of this name. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The uncompressed size of an entry in bytes (0 when absent or streamed). */
  size(name: string): number {
    return this.entries.get(name)?.size ?? 0;
  }

  /** The content of an entry, kept for later calls (a part read often: the workbook, its styles). */
  get(name: string): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    e.content ??= this.inflate(name, e);
    return e.content;
  }

  /** The content of an entry, not kept (a big sheet read once); undefined when there is none. */
  read(name: string): Uint8Array | undefined {
    const e = this.entries.get(name);
    return e ? e.content ?? this.inflate(name, e) : undefined;
  }

  /**
   * The first bytes of an entry: inflates a growing prefix of its compressed data until `enough`
   * says the text so far is enough (or the whole entry is inflated). The text is latin1, one
   * character per byte, so positions are byte offsets. Undefined when there is no such entry.
   */
  readPrefix(name: string, enough: (text: string) => boolean): Buffer | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    if (e.content || e.method === 0) return asBuffer(this.read(name)!);
    const raw = e.compressed;
    for (let take = 64 * 1024; ; take *= 4) {
      if (take >= raw.length) return asBuffer(this.read(name)!);
      let out: Buffer;
      try {
        out = zlib.inflateRawSync(raw.subarray(0, take), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      } catch (err) {
        throw new ZipError(`entry ${name} is damaged (${(err as Error).message})`);
      }
      if (enough(out.toString("latin1"))) return out;
    }
  }

  private inflate(name: string, e: Entry): Uint8Array {
    if (e.stream) throw new Error(`entry ${name} is streamed: it has no content before it is written`);
    let content: Uint8Array;
    try {
      content = e.method === 0 ? e.compressed : zlib.inflateRawSync(e.compressed);
    } catch (err) {
      throw new ZipError(`entry ${name} is damaged (${(err as Error).message})`);
    }
    if (content.length !== e.size || crc32(content) !== e.crc) throw new ZipError(`entry ${name} is damaged (size or CRC does not match)`);
    return content;
  }

  /** Set an entry's content (a new entry goes last). */
  set(name: string, content: Uint8Array): void {
    const e = this.entries.get(name) ?? this.newEntry(name);
    e.content = content;
    e.stream = undefined;
    e.size = content.length;
    e.changed = true;
  }

  /** Set an entry whose content `chunks` makes when the archive is written (deflated chunk by chunk; a new entry goes last). */
  setStream(name: string, chunks: ZipChunks): void {
    const e = this.entries.get(name) ?? this.newEntry(name);
    e.content = undefined;
    e.stream = chunks;
    e.changed = true;
  }

  private newEntry(name: string): Entry {
    const e: Entry = { nameBytes: new TextEncoder().encode(name), flags: FLAG_UTF8, method: 8, time: 0, date: DOS_DATE_1980, crc: 0, compressed: new Uint8Array(0), size: 0, changed: true };
    this.entries.set(name, e);
    return e;
  }

  /** Remove an entry. */
  delete(name: string): void {
    this.entries.delete(name);
  }

  /** Whether an entry was set since reading (new or changed). */
  changed(name: string): boolean {
    return this.entries.get(name)?.changed ?? false;
  }

  /** The archive as bytes: unchanged entries copied as they were, set ones deflated, streamed ones made now. */
  toBytes(): Uint8Array {
    const chunks: Uint8Array[] = [];
    const size = this.writeTo((b) => chunks.push(b));
    const out = new Uint8Array(size);
    let p = 0;
    for (const c of chunks) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }

  /**
   * Write the archive front to back through `write` (e.g. into a file, so a big archive is never
   * whole in memory); returns its size. Streamed entries are deflated chunk by chunk as they are
   * made (each chunk flushed to a byte boundary, so the chunks join into one deflate stream),
   * their CRC and sizes in a data descriptor after them.
   */
  writeTo(write: (bytes: Uint8Array) => void): number {
    const central: Uint8Array[] = [];
    let offset = 0;
    const put = (b: Uint8Array) => {
      write(b);
      offset += b.length;
      if (offset > 0xffffffff) throw new ZipError("the workbook would be over 4 GB, more than a plain zip holds");
    };
    for (const e of this.entries.values()) {
      const start = offset;
      if (e.stream) {
        e.flags |= FLAG_DESCRIPTOR;
        e.method = 8;
        put(localHeader(e));
        let crc = 0;
        let size = 0;
        let compressed = 0;
        for (const chunk of e.stream()) {
          const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
          if (bytes.length === 0) continue;
          crc = crc32(bytes, crc);
          size += bytes.length;
          const out = zlib.deflateRawSync(bytes, { level: LEVEL_STREAM, finishFlush: zlib.constants.Z_SYNC_FLUSH });
          compressed += out.length;
          put(out);
        }
        // The final block: empty, fixed Huffman codes (BFINAL = 1, BTYPE = 01, end of block).
        const last = Uint8Array.of(0x03, 0x00);
        compressed += last.length;
        put(last);
        if (size > 0xffffffff) throw new ZipError("a part would be over 4 GB, more than a plain zip holds");
        e.crc = crc >>> 0;
        e.size = size;
        const descriptor = new Uint8Array(16);
        const dv = new DataView(descriptor.buffer);
        dv.setUint32(0, DESCRIPTOR, true);
        dv.setUint32(4, e.crc, true);
        dv.setUint32(8, compressed, true);
        dv.setUint32(12, size, true);
        put(descriptor);
        central.push(centralHeader(e, compressed, start));
        continue;
      }
      if (e.changed) {
        const content = e.content!;
        e.crc = crc32(content);
        e.size = content.length;
        const deflated = zlib.deflateRawSync(content, { level: LEVEL_SET });
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
      put(localHeader(e));
      put(e.compressed);
      central.push(centralHeader(e, e.compressed.length, start));
    }
    const cdStart = offset;
    for (const c of central) put(c);
    const end = new Uint8Array(22);
    const ev = new DataView(end.buffer);
    ev.setUint32(0, EOCD, true);
    ev.setUint16(8, central.length, true);
    ev.setUint16(10, central.length, true);
    ev.setUint32(12, offset - cdStart, true);
    ev.setUint32(16, cdStart, true);
    put(end);
    return offset;
  }
}

/** An entry's local header (CRC and sizes zero when they follow in a data descriptor). */
function localHeader(e: Entry): Uint8Array {
  const local = new Uint8Array(30 + e.nameBytes.length);
  const lv = new DataView(local.buffer);
  const later = (e.flags & FLAG_DESCRIPTOR) !== 0;
  lv.setUint32(0, LOCAL, true);
  lv.setUint16(4, 20, true);
  lv.setUint16(6, e.flags, true);
  lv.setUint16(8, e.method, true);
  lv.setUint16(10, e.time, true);
  lv.setUint16(12, e.date, true);
  lv.setUint32(14, later ? 0 : e.crc, true);
  lv.setUint32(18, later ? 0 : e.compressed.length, true);
  lv.setUint32(22, later ? 0 : e.size, true);
  lv.setUint16(26, e.nameBytes.length, true);
  local.set(e.nameBytes, 30);
  return local;
}

/** An entry's central directory record. */
function centralHeader(e: Entry, compressed: number, offset: number): Uint8Array {
  const cd = new Uint8Array(46 + e.nameBytes.length);
  const cv = new DataView(cd.buffer);
  cv.setUint32(0, CENTRAL, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint16(8, e.flags, true);
  cv.setUint16(10, e.method, true);
  cv.setUint16(12, e.time, true);
  cv.setUint16(14, e.date, true);
  cv.setUint32(16, e.crc, true);
  cv.setUint32(20, compressed, true);
  cv.setUint32(24, e.size, true);
  cv.setUint16(28, e.nameBytes.length, true);
  cv.setUint32(42, offset, true);
  cd.set(e.nameBytes, 46);
  return cd;
}
