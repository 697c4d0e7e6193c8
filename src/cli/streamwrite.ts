/**
 * Writing a new .xlsx of plain sheets in one pass, for workbooks too big for SheetJS's writer (a
 * 100,000-customer demo holds some 15 million cells: SheetJS builds every cell object and deflates
 * in JavaScript, minutes; this writes each sheet's XML in chunks, deflates them with Node's zlib
 * as they come and writes them to the file, so memory holds one chunk, not the workbook).
 * Strings are inline strings, numbers numbers with their number format, booleans booleans.
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";
import { columnLetter, type Cell } from "../core/table";
import { CliError } from "./io";
import type { SheetToWrite } from "./xlsx";

/** Excel's limits per sheet. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
/** XML is deflated in chunks of about this many characters. */
const CHUNK = 1 << 20;

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml";

/** Write sheets as a new workbook at `outPath`; `onProgress` hears rows written per sheet. Returns the file's size in bytes. */
export function writeWorkbookStreamed(outPath: string, sheets: readonly SheetToWrite[], onProgress?: (sheet: string, rows: number, total: number) => void): number {
  for (const s of sheets) {
    const width = s.rows.reduce((w, r) => Math.max(w, r.length), 0);
    if (s.rows.length > MAX_ROWS || width > MAX_COLUMNS) throw new CliError(`sheet ${s.name} has ${s.rows.length} rows and ${width} columns; an Excel sheet holds at most ${MAX_ROWS} rows and ${MAX_COLUMNS} columns.`);
  }
  const formats = new Map<string, number>([["General", 0]]);
  for (const s of sheets) for (const row of s.numberFormats ?? []) for (const f of row) if (f && !formats.has(f)) formats.set(f, formats.size);
  let fd: number;
  try {
    fd = fs.openSync(outPath, "w");
  } catch (e) {
    throw new CliError(`Cannot write ${outPath}: ${(e as Error).message}`);
  }
  try {
    const zip = new ZipWriter(fd);
    zip.add("[Content_Types].xml", [contentTypes(sheets.length)]);
    zip.add("_rels/.rels", [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`]);
    zip.add("xl/workbook.xml", [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${NS}><sheets>${sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`]);
    zip.add("xl/_rels/workbook.xml.rels", [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`]);
    zip.add("xl/styles.xml", [styles([...formats.keys()])]);
    sheets.forEach((s, i) => zip.add(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s, formats, onProgress)));
    return zip.finish();
  } catch (e) {
    throw e instanceof CliError ? e : new CliError(`Cannot write ${outPath}: ${(e as Error).message}`);
  } finally {
    fs.closeSync(fd);
  }
}

function contentTypes(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${TYPES}.worksheet+xml"/>`).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${TYPES}.sheet.main+xml"/>${sheets}<Override PartName="/xl/styles.xml" ContentType="${TYPES}.styles+xml"/></Types>`;
}

/** styles.xml with one cell format per number format (index = style id; 0 = General). */
function styles(formats: string[]): string {
  const custom = formats.slice(1).map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${escapeXml(f)}"/>`).join("");
  const xfs = formats.map((_, i) => (i === 0 ? `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` : `<xf numFmtId="${163 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`)).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${custom ? `<numFmts count="${formats.length - 1}">${custom}</numFmts>` : ""}<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${formats.length}">${xfs}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
}

/** A sheet's XML, chunk by chunk, made as the zip writer asks for it. */
function* sheetXml(s: SheetToWrite, formats: Map<string, number>, onProgress?: (sheet: string, rows: number, total: number) => void): Generator<string> {
  const width = s.rows.reduce((w, r) => Math.max(w, r.length), 0);
  const letters = Array.from({ length: width }, (_, c) => columnLetter(c + 1));
  const dimension = s.rows.length > 0 && width > 0 ? `A1:${letters[width - 1]}${s.rows.length}` : "A1";
  const cols = s.widths && s.widths.length > 0 ? `<cols>${s.widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>` : "";
  let xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><dimension ref="${dimension}"/>${cols}<sheetData>`;
  onProgress?.(s.name, 0, s.rows.length);
  for (let r = 0; r < s.rows.length; r++) {
    const row = s.rows[r];
    const fmt = s.numberFormats?.[r];
    const n = r + 1;
    xml += `<row r="${n}">`;
    for (let c = 0; c < row.length; c++) xml += cellXml(row[c], letters[c] + n, fmt ? formats.get(fmt[c]) ?? 0 : 0);
    xml += "</row>";
    if (xml.length >= CHUNK) {
      yield xml;
      xml = "";
      onProgress?.(s.name, n, s.rows.length);
    }
  }
  yield xml + "</sheetData></worksheet>";
  onProgress?.(s.name, s.rows.length, s.rows.length);
}

function cellXml(v: Cell | undefined, ref: string, style: number): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${style ? ` s="${style}"` : ""}><v>${v}</v></c>` : "";
  if (typeof v === "boolean") return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
  const text = escapeText(v);
  const space = /^\s|\s$/.test(v) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

const XML_SPECIAL = /[&<>"]/;
/** Characters XML 1.0 cannot hold, and text that would read as one of OOXML's _xHHHH_ escapes. */
const UNWRITABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;

function escapeXml(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Cell text as XML: special characters escaped; control characters as OOXML's _xHHHH_ (an underscore that would start one, as _x005F_). */
function escapeText(text: string): string {
  const t = UNWRITABLE.test(text)
    ? text.replace(/_(?=x[0-9a-fA-F]{4}_)/g, "_x005F_").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`)
    : text;
  return escapeXml(t);
}

/**
 * A zip written front to back: each part deflated in chunks as they come (every chunk flushed to a
 * byte boundary, so independently deflated chunks join into one stream), its CRC and sizes in a
 * data descriptor after it, the central directory at the end.
 */
class ZipWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private count = 0;

  constructor(private readonly fd: number) {}

  /** Add a part from its text, given in chunks. */
  add(name: string, chunks: Iterable<string>): void {
    const nameBytes = Buffer.from(name, "utf8");
    const start = this.offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 name
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01: no clock in the file, the same demo gives the same bytes
    local.writeUInt16LE(nameBytes.length, 26);
    this.write(local);
    this.write(nameBytes);
    let crc = 0;
    let size = 0;
    let compressed = 0;
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, "utf8");
      crc = zlib.crc32(bytes, crc);
      size += bytes.length;
      // Level 1: a third of level 6's time on sheet XML, for a file about a fifth larger.
      const out = zlib.deflateRawSync(bytes, { level: 1, finishFlush: zlib.constants.Z_SYNC_FLUSH });
      compressed += out.length;
      this.write(out);
    }
    // The final block: empty, fixed Huffman codes (BFINAL = 1, BTYPE = 01, end of block).
    const last = Buffer.from([0x03, 0x00]);
    compressed += last.length;
    this.write(last);
    if (size >= 0xffffffff || this.offset >= 0xffffffff) throw new CliError("the workbook would pass 4 GB, more than a plain zip holds.");
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    this.write(descriptor);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0808, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(compressed, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(start, 42);
    this.central.push(entry, nameBytes);
    this.count++;
  }

  /** Write the central directory; returns the zip's size. */
  finish(): number {
    const start = this.offset;
    for (const b of this.central) this.write(b);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.write(end);
    return this.offset;
  }

  private write(b: Buffer): void {
    let done = 0;
    while (done < b.length) done += fs.writeSync(this.fd, b, done, b.length - done);
    this.offset += b.length;
  }
}
