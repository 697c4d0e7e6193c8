/**
 * The workbook's cell formats (xl/styles.xml) as far as the file writer needs them: a cell
 * format (xf) with a given number format, derived from the format a cell already has so that
 * its font, fill, border and alignment stay. New number formats and xfs are appended; the
 * indexes of the existing ones, which every cell of the workbook refers to, never move.
 */
import { escapeAttr, findTag, findTags, elementEnd, withAttr } from "./xml";
import { maxOf } from "../core/arrays";

/** Excel's built-in number formats custfile uses, by format code. */
const BUILTIN: Readonly<Record<string, number>> = { General: 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49 };

/** Format codes compare equal when they differ only in how literal characters are escaped (yyyy\-mm\-dd = yyyy-mm-dd). */
function normalizeCode(code: string): string {
  return code.replace(/\\(.)/g, "$1").replace(/"([^"]*)"/g, "$1").toLowerCase();
}

/** A minimal styles part for a new workbook: one font, the two fills Excel requires, one border, one cell format. */
export const EMPTY_STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
  + '<fonts count="1"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/><scheme val="minor"/></font></fonts>'
  + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
  + '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>';

/** The cell formats of a workbook, with formats added on demand. */
export class StyleBook {
  private readonly xfs: string[];
  private readonly xfIndex = new Map<string, number>();
  private readonly numFmts = new Map<number, string>();
  private readonly addedNumFmts: Array<{ id: number; code: string }> = [];
  private readonly addedXfs: string[] = [];
  private readonly xml: string;
  private prefix = "";

  constructor(xml: string) {
    this.xml = xml;
    for (const t of findTags(xml, "numFmt")) this.numFmts.set(Number(t.attrs.numFmtId), t.attrs.formatCode ?? "");
    const cellXfs = findTag(xml, "cellXfs");
    this.xfs = [];
    if (cellXfs) {
      this.prefix = cellXfs.prefix;
      const end = elementEnd(xml, cellXfs);
      let p = cellXfs.end;
      for (const t of findTags(xml, "xf", cellXfs.end, end)) {
        if (t.start < p) continue;
        const e = elementEnd(xml, t);
        this.xfs.push(xml.slice(t.start, e));
        p = e;
      }
    }
    if (this.xfs.length === 0) this.xfs.push(`<${this.prefix}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`);
    this.xfs.forEach((x, i) => {
      if (!this.xfIndex.has(x)) this.xfIndex.set(x, i);
    });
  }

  /** Number of cell formats. */
  get count(): number {
    return this.xfs.length;
  }

  /** The number format code of a cell format. */
  formatCode(xf: number): string {
    const tag = findTag(this.xfs[xf] ?? this.xfs[0], "xf");
    const id = Number(tag?.attrs.numFmtId ?? 0);
    return this.numFmts.get(id) ?? Object.keys(BUILTIN).find((k) => BUILTIN[k] === id) ?? (id === 14 ? "m/d/yyyy" : "General");
  }

  /** The id of a number format code, adding a custom format when the workbook has none like it. */
  private numFmtId(code: string): number {
    if (code in BUILTIN) return BUILTIN[code];
    const want = normalizeCode(code);
    for (const [id, c] of this.numFmts) if (normalizeCode(c) === want) return id;
    const id = Math.max(163, maxOf(this.numFmts.keys(), 163)) + 1;
    this.numFmts.set(id, code);
    this.addedNumFmts.push({ id, code });
    return id;
  }

  /**
   * The cell format that is `base` with the number format `code` (font, fill, border,
   * alignment and protection kept); an equal existing format is reused.
   */
  derive(base: number, code: string): number {
    const src = this.xfs[base] ?? this.xfs[0];
    const id = this.numFmtId(code);
    const tagEnd = src.indexOf(">") + 1;
    let tag = withAttr(src.slice(0, tagEnd), "numFmtId", String(id));
    tag = withAttr(tag, "applyNumberFormat", id === 0 ? null : "1");
    const xf = tag + src.slice(tagEnd);
    const known = this.xfIndex.get(xf);
    if (known !== undefined) return known;
    this.xfs.push(xf);
    this.addedXfs.push(xf);
    this.xfIndex.set(xf, this.xfs.length - 1);
    return this.xfs.length - 1;
  }

  /** The styles part with the added formats, or null when nothing was added (the part stays as it was). */
  toXml(): string | null {
    if (this.addedXfs.length === 0 && this.addedNumFmts.length === 0) return null;
    let xml = this.xml;
    const p = this.prefix;
    if (this.addedNumFmts.length) {
      const add = this.addedNumFmts.map((f) => `<${p}numFmt numFmtId="${f.id}" formatCode="${escapeAttr(f.code)}"/>`).join("");
      const numFmts = findTag(xml, "numFmts");
      if (numFmts && !numFmts.selfClosing) {
        const close = xml.indexOf(`</${numFmts.name}>`, numFmts.end);
        const count = findTags(xml, "numFmt", numFmts.end, close).length + this.addedNumFmts.length;
        xml = xml.slice(0, numFmts.start) + withAttr(xml.slice(numFmts.start, numFmts.end), "count", String(count)) + xml.slice(numFmts.end, close) + add + xml.slice(close);
      } else {
        const block = `<${p}numFmts count="${this.addedNumFmts.length}">${add}</${p}numFmts>`;
        if (numFmts) xml = xml.slice(0, numFmts.start) + block + xml.slice(numFmts.end);
        else {
          // numFmts is the first child of styleSheet.
          const root = findTag(xml, "styleSheet")!;
          xml = xml.slice(0, root.end) + block + xml.slice(root.end);
        }
      }
    }
    if (this.addedXfs.length) {
      const cellXfs = findTag(xml, "cellXfs");
      const body = this.xfs.join("");
      if (cellXfs) {
        const end = elementEnd(xml, cellXfs);
        xml = xml.slice(0, cellXfs.start) + `<${cellXfs.name} count="${this.xfs.length}">${body}</${cellXfs.name}>` + xml.slice(end);
      } else {
        const before = findTag(xml, "cellStyles") ?? findTag(xml, "dxfs") ?? findTag(xml, "tableStyles");
        const block = `<${p}cellXfs count="${this.xfs.length}">${body}</${p}cellXfs>`;
        if (before) xml = xml.slice(0, before.start) + block + xml.slice(before.start);
        else xml = xml.replace(new RegExp(`</${p}styleSheet>\\s*$`), `${block}</${p}styleSheet>`);
      }
    }
    return xml;
  }
}
