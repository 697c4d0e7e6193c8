/**
 * Just enough of a zip reader for .xlsx files to inflate only the parts a command needs. SheetJS
 * inflates every part of a workbook before it parses any sheet; an 8,000-customer workbook holds
 * 57 MB of sheet XML, and `custfile credit` needs two of its five sheets. Returns null for a zip
 * this reader does not handle (zip64, encryption, other compression), and the caller reads the
 * file with SheetJS alone.
 */
import * as zlib from "node:zlib";

/** One stored part of a zip. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the compressed data in the file. */
  dataOffset: number;
}

/** A zip opened by its central directory: part names, and their bytes inflated on demand. */
export class ZipParts {
  private readonly entries = new Map<string, ZipEntry>();

  private constructor(private readonly data: Buffer, entries: ZipEntry[]) {
    for (const e of entries) this.entries.set(e.name, e);
  }

  /** Open a zip, or null when it is not one this reader handles (then read it with SheetJS alone). */
  static open(data: Uint8Array): ZipParts | null {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const entries = centralDirectory(buf);
    return entries ? new ZipParts(buf, entries) : null;
  }

  /** Every part name, in the order of the central directory. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The uncompressed size of a part in bytes (0 when absent). */
  size(name: string): number {
    return this.entries.get(name)?.size ?? 0;
  }

  /** Whether the zip has a part of that name. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A part's bytes, inflated; null when the zip has no such part. */
  read(name: string): Buffer | null {
    const e = this.entries.get(name);
    if (!e) return null;
    const raw = this.data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    return e.method === 0 ? raw : zlib.inflateRawSync(raw);
  }

  /**
   * The first bytes of a part: inflates a growing prefix of its compressed data until `enough`
   * says the text so far is enough (or the whole part is inflated). The text is latin1, one
   * character per byte, so positions are byte offsets; `enough` gets it and whether it is all.
   */
  readPrefix(name: string, enough: (text: string, whole: boolean) => boolean): Buffer | null {
    const e = this.entries.get(name);
    if (!e) return null;
    const raw = this.data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    if (e.method === 0) return raw;
    for (let take = 64 * 1024; ; take *= 4) {
      const whole = take >= raw.length;
      const out = whole ? zlib.inflateRawSync(raw) : zlib.inflateRawSync(raw.subarray(0, take), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      if (whole || enough(out.toString("latin1"), false)) return out;
    }
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip's central directory, or null when it is not a plain zip (zip64, encrypted, unknown compression, damaged). */
function centralDirectory(buf: Buffer): ZipEntry[] | null {
  if (buf.length < 22) return null;
  // The end record sits in the last 22 bytes plus a comment of up to 65,535.
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) { end = i; break; }
  }
  if (end < 0) return null;
  const count = buf.readUInt16LE(end + 10);
  const dirSize = buf.readUInt32LE(end + 12);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff || dirOffset + dirSize > buf.length) return null;
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return null;
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString((flags & 0x800) !== 0 ? "utf8" : "latin1", p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8)) return null;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) return null;
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) return null;
    const dataOffset = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataOffset + compressedSize > buf.length) return null;
    if (!name.endsWith("/")) entries.push({ name, method, compressedSize, size, dataOffset });
  }
  return entries;
}
