/**
 * The masked copy's purge (SPEC §10.5a): the mask plan changes cells, but an .xlsx keeps the same
 * personal data in places that are not cells — the shared-string table still holds the strings
 * the masked cells used to point at, comments, pivot caches, chart caches, drawings' text,
 * document properties, hyperlink targets, filters, formulas' literals, links to other workbooks.
 * The file writer copies those parts byte for byte, so this pass goes over them once the plan's
 * edits are in and masks them with the plan's own masker (the same value masked the same way as
 * in the cells), empties what nothing uses any more, and removes what only says who wrote the
 * original. Then `findLeaks` scans every text part of the result for the input's phones,
 * e-mails and ids, and the copy is not written when one is left. What is done to each kind of
 * part, and why, is in docs/records.md ("What a masked copy changes besides cells").
 */
import { maskAs, type MaskKind } from "../core/records/mask";
import { maskKindOfHeader, type SensitiveValues, type TextMasker } from "../core/records/maskplan";
import type { XlsxPackage } from "./package";
import { findTags, unescapeXml } from "./xml";

/** What the purge did to one part. */
export interface PurgeAction {
  part: string;
  /** What changed, in a few words (for the command's report). */
  action: string;
}

/** What the purge did, and what it could not look into. */
export interface PurgeReport {
  actions: PurgeAction[];
  /** Binary parts copied as they are (pictures, embedded objects): nobody can read text in them here. */
  unread: string[];
}

/** A personal value found in the finished copy. */
export interface Leak {
  part: string;
  /** Where inside the part: a sheet's cell, or "" when the part has no cells. */
  where: string;
  kind: "phone" | "id" | "email";
}

const SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
const TYPE = {
  sharedStrings: SPREADSHEETML + "sharedStrings+xml",
  worksheet: SPREADSHEETML + "worksheet+xml",
  comments: SPREADSHEETML + "comments+xml",
  table: SPREADSHEETML + "table+xml",
  pivotCache: SPREADSHEETML + "pivotCacheDefinition+xml",
  pivotRecords: SPREADSHEETML + "pivotCacheRecords+xml",
  pivotTable: SPREADSHEETML + "pivotTable+xml",
  externalLink: SPREADSHEETML + "externalLink+xml",
  threadedComments: "application/vnd.ms-excel.threadedcomments+xml",
  person: "application/vnd.ms-excel.person+xml",
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
  chartEx: "application/vnd.ms-office.chartex+xml",
  chartShapes: "application/vnd.openxmlformats-officedocument.drawingml.chartshapes+xml",
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
  vml: "application/vnd.openxmlformats-officedocument.vmlDrawing",
  core: "application/vnd.openxmlformats-package.core-properties+xml",
  app: "application/vnd.openxmlformats-officedocument.extended-properties+xml",
  custom: "application/vnd.openxmlformats-officedocument.custom-properties+xml",
  richValue: "application/vnd.ms-excel.rdrichvalue+xml",
  relationships: "application/vnd.openxmlformats-package.relationships+xml",
} as const;
const HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
const PIVOT_RECORDS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheRecords";

type Mask = (text: string) => string;

/** Plain XML escaping of text we put back (no _xHHHH_ escaping: what we did not decode we do not encode). */
const escText = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escAttr = (t: string) => escText(t).replace(/"/g, "&quot;");
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The text of every element with one of these local names that holds only text, passed through `fn`. */
function mapTextNodes(xml: string, locals: readonly string[] | "any", fn: Mask): string {
  const names = locals === "any" ? "[\\w.-]+" : `(?:${locals.map(reEscape).join("|")})`;
  const re = new RegExp(`<((?:[\\w.-]+:)?${names})(\\s[^<>]*)?>([^<]+)</\\1>`, "g");
  return xml.replace(re, (m, name: string, attrs: string | undefined, text: string) => {
    const after = fn(unescapeXml(text));
    return after === unescapeXml(text) ? m : `<${name}${attrs ?? ""}>${escText(after)}</${name}>`;
  });
}

/** The value of these attributes of every element with this local name, passed through `fn`. */
function mapAttrs(xml: string, local: string, attrs: readonly string[], fn: (value: string, tag: string) => string): string {
  let out = xml;
  for (const tag of findTags(xml, local).reverse()) {
    let text = out.slice(tag.start, tag.end);
    for (const a of attrs) {
      const v = tag.attrs[a];
      if (v === undefined) continue;
      const after = fn(v, text);
      if (after !== v) text = text.replace(new RegExp(`(\\s${reEscape(a)}\\s*=\\s*)(?:"[^"]*"|'[^']*')`), `$1"${escAttr(after)}"`);
    }
    out = out.slice(0, tag.start) + text + out.slice(tag.end);
  }
  return out;
}

/** Remove every element with one of these local names (with its content). */
function removeElements(xml: string, locals: readonly string[]): string {
  let out = xml;
  for (const local of locals) {
    out = out.replace(new RegExp(`<((?:[\\w.-]+:)?${reEscape(local)})(?:\\s[^<>]*)?(?:/>|>[\\s\\S]*?</\\1>)`, "g"), "");
  }
  return out;
}

/** A formula's string literals ("…", with "" for a quote) passed through `fn`; everything else is kept. */
export function maskFormulaLiterals(formula: string, fn: Mask): string {
  return formula.replace(/"((?:[^"]|"")*)"/g, (m, body: string) => {
    const text = body.replace(/""/g, '"');
    const after = fn(text);
    return after === text ? m : `"${after.replace(/"/g, '""')}"`;
  });
}

const FORMULA_ELEMENTS = ["f", "formula", "formula1", "formula2", "calculatedColumnFormula", "totalsRowFormula", "definedName"];

/** The part's formulas with their literals masked. */
function maskFormulas(xml: string, mask: Mask): string {
  return mapTextNodes(xml, FORMULA_ELEMENTS, (f) => maskFormulaLiterals(f, mask));
}

/** Indexes of shared strings that some worksheet cell uses (t="s"). */
function usedSharedStrings(pkg: XlsxPackage): Set<number> {
  const used = new Set<number>();
  const cell = /<(?:[\w.-]+:)?c\b([^<>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
  for (const part of pkg.parts()) {
    if (pkg.contentType(part) !== TYPE.worksheet) continue;
    const xml = pkg.text(part);
    let m: RegExpExecArray | null;
    cell.lastIndex = 0;
    while ((m = cell.exec(xml))) {
      if (!/\st\s*=\s*["']s["']/.test(m[1]) || !m[2]) continue;
      const v = /<(?:[\w.-]+:)?v>\s*(\d+)\s*</.exec(m[2]);
      if (v) used.add(Number(v[1]));
    }
  }
  return used;
}

/** sharedStrings: strings no cell uses any more (the masked cells' old values) are emptied; indexes stay, so no sheet changes. */
function purgeSharedStrings(xml: string, used: Set<number>): { xml: string; emptied: number } {
  let index = -1;
  let emptied = 0;
  const out = xml.replace(/<((?:[\w.-]+:)?si)(?:\s[^<>]*)?(?:\/>|>([\s\S]*?)<\/\1>)/g, (m, name: string, body: string | undefined) => {
    index++;
    if (used.has(index)) return m;
    const prefix = name.slice(0, name.length - 2);
    if (body === undefined || /^\s*<(?:[\w.-]+:)?t(?:\s[^<>]*)?\/>\s*$/.test(body) || /^\s*<(?:[\w.-]+:)?t(?:\s[^<>]*)?><\/(?:[\w.-]+:)?t>\s*$/.test(body)) return m;
    emptied++;
    return `<${name}><${prefix}t/></${name}>`;
  });
  return { xml: out, emptied };
}

/** Worksheets: what is not a cell value — formula literals, hyperlink texts, filter values, dropdown messages, headers and footers. */
function purgeWorksheet(xml: string, mask: Mask): string {
  let out = maskFormulas(xml, mask);
  out = mapAttrs(out, "hyperlink", ["display", "tooltip"], mask);
  out = mapAttrs(out, "filter", ["val"], mask);
  out = mapAttrs(out, "customFilter", ["val"], mask);
  out = mapAttrs(out, "dataValidation", ["prompt", "promptTitle", "error", "errorTitle"], mask);
  out = mapTextNodes(out, ["oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"], mask);
  return out;
}

/** Tables: column names follow their header cells (masked by the same function), filter values, totals labels, formula literals. */
function purgeTable(xml: string, mask: Mask): string {
  let out = maskFormulas(xml, mask);
  out = mapAttrs(out, "tableColumn", ["name", "totalsRowLabel"], mask);
  out = mapAttrs(out, "filter", ["val"], mask);
  out = mapAttrs(out, "customFilter", ["val"], mask);
  return out;
}

/** How one pivot cache field's values are masked: like its column when the field names one, never for id columns. */
function fieldMask(name: string | undefined, masker: TextMasker): Mask | null {
  const kind = maskKindOfHeader(name ?? "");
  if (kind === "keep") return null;
  if (kind) return (v) => masker.text(maskAs(kind as MaskKind, v));
  return masker.text;
}

/**
 * Pivot caches hold every distinct value of their source columns (the definition's shared items)
 * and every source row (the records). Strings are masked like the cells, per field; a known
 * number (a phone typed as a number) becomes its masked text, its field no longer says it holds
 * numbers only, and a min/max that is one is dropped. A changed cache is marked refreshOnLoad, so
 * Excel rebuilds it from the (masked) cells when the copy is opened.
 */
function purgePivotCache(pkg: XlsxPackage, part: string, masker: TextMasker, done: PurgeAction[]): void {
  const xml = pkg.text(part);
  const fields = findTags(xml, "cacheField");
  const masks = fields.map((f) => fieldMask(f.attrs.name, masker));
  const converted = new Set<number>();
  /** Numbers the records keep, per field (a field whose numbers were all masked holds text only). */
  const numbersLeft = new Map<number, number>();
  // Each cacheField element, masked with its field's mask.
  let i = -1;
  let def = xml.replace(/<((?:[\w.-]+:)?cacheField)\b[^<>]*?(?:\/>|>[\s\S]*?<\/\1>)/g, (block) => {
    i++;
    const mask = masks[i];
    if (!mask) return block;
    let out = mapAttrs(block, "s", ["v"], mask);
    out = out.replace(/<((?:[\w.-]+:)?)n\b((?:\s+[^\s=/>]+\s*=\s*"[^"]*")*)\s*\/>/g, (m, p: string, attrs: string) => {
      const v = /\sv\s*=\s*"([^"]*)"/.exec(attrs);
      const masked = v ? masker.number(Number(v[1])) : null;
      if (masked === null) return m;
      converted.add(i);
      return `<${p}s v="${escAttr(masked)}"/>`;
    });
    out = mapAttrs(out, "sharedItems", ["minValue", "maxValue"], (v) => (masker.number(Number(v)) !== null ? "\u0000drop" : v));
    out = out.replace(/\s(?:minValue|maxValue)="\u0000drop"/g, "");
    return out;
  });
  const recordsRel = pkg.rels(part).find((r) => r.type === PIVOT_RECORDS && !r.external);
  const recordsPart = recordsRel ? pkg.target(part, recordsRel) : undefined;
  let recordsChanged = false;
  if (recordsPart && pkg.has(recordsPart)) {
    const rec = pkg.text(recordsPart);
    const child = /<((?:[\w.-]+:)?)([a-z])\b((?:\s+[^\s=/>]+\s*=\s*"[^"]*")*)\s*\/>/g;
    const next = rec.replace(/<((?:[\w.-]+:)?r)>([\s\S]*?)<\/\1>/g, (row, name: string, body: string) => {
      let k = -1;
      const selfClosingOnly = !/<(?:[\w.-]+:)?[a-z]\b[^<>]*[^/]>/.test(body);
      const out = body.replace(child, (m, p: string, tag: string, attrs: string) => {
        k++;
        const mask = selfClosingOnly ? masks[k] : masker.text;
        if (!mask) return m;
        const v = /\sv\s*=\s*"([^"]*)"/.exec(attrs);
        if (!v) return m;
        if (tag === "s") {
          const after = mask(unescapeXml(v[1]));
          return after === unescapeXml(v[1]) ? m : `<${p}s${attrs.replace(/\sv\s*=\s*"[^"]*"/, ` v="${escAttr(after)}"`)}/>`;
        }
        if (tag === "n") {
          const masked = masker.number(Number(v[1]));
          if (masked === null) {
            numbersLeft.set(k, (numbersLeft.get(k) ?? 0) + 1);
            return m;
          }
          if (selfClosingOnly) converted.add(k);
          return `<${p}s v="${escAttr(masked)}"/>`;
        }
        return m;
      });
      return out === body ? row : `<${name}>${out}</${name}>`;
    });
    if (next !== rec) {
      pkg.setText(recordsPart, next);
      recordsChanged = true;
      done.push({ part: recordsPart, action: "pivot cache records: personal values masked" });
    }
  }
  if (converted.size) {
    // A field that now holds text must say so, or Excel finds the cache corrupt: numbers only where some are left.
    let n = -1;
    def = def.replace(/<((?:[\w.-]+:)?cacheField)\b[^<>]*?(?:\/>|>[\s\S]*?<\/\1>)/g, (block) => {
      n++;
      if (!converted.has(n)) return block;
      const numbers = (numbersLeft.get(n) ?? 0) + (block.match(/<(?:[\w.-]+:)?n\b/g)?.length ?? 0);
      return block.replace(/<((?:[\w.-]+:)?sharedItems)\b([^<>]*?)(\/?)>/, (_m, tag: string, attrs: string, close: string) => {
        let kept = attrs.replace(/\s(?:containsSemiMixedTypes|containsString|containsMixedTypes)="[^"]*"/g, "");
        if (numbers === 0) kept = kept.replace(/\s(?:containsNumber|containsInteger|minValue|maxValue)="[^"]*"/g, "");
        return `<${tag}${kept}${numbers > 0 ? ' containsMixedTypes="1"' : ""}${close}>`;
      });
    });
  }
  if (def !== xml || recordsChanged) {
    def = def.replace(/<((?:[\w.-]+:)?pivotCacheDefinition)\b([^<>]*?)>/, (_m, tag: string, attrs: string) => `<${tag}${attrs.replace(/\srefreshOnLoad="[^"]*"/, "")} refreshOnLoad="1">`);
    pkg.setText(part, def);
    done.push({ part, action: "pivot cache: personal values masked, rebuilt from the masked cells when opened (refreshOnLoad)" });
  }
}

/**
 * Charts keep the text and numbers they plot in caches (series names, category labels): text is
 * masked like the cells it came from; a known personal number is dropped from its cache (Excel
 * fills it again from the cells). Titles and labels typed into the chart are masked too.
 */
function purgeChart(xml: string, masker: TextMasker): string {
  // Numeric caches: only known personal numbers go; everything else in them is numbers to keep.
  const numeric = /<((?:[\w.-]+:)?(?:numCache|numLit|numDim))\b[^<>]*?(?:\/>|>[\s\S]*?<\/\1>)/g;
  const pieces: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = numeric.exec(xml))) {
    pieces.push(maskChartText(xml.slice(last, m.index), masker.text));
    pieces.push(m[0].replace(/<((?:[\w.-]+:)?pt)\b[^<>]*>([\s\S]*?)<\/\1>/g, (pt, _n: string, body: string) => {
      const text = body.replace(/<[^>]+>/g, "").trim();
      return text !== "" && masker.number(Number(text)) !== null ? "" : pt;
    }));
    last = m.index + m[0].length;
  }
  pieces.push(maskChartText(xml.slice(last), masker.text));
  return pieces.join("");
}

function maskChartText(xml: string, mask: Mask): string {
  return mapTextNodes(xml, ["v", "t", "pt"], mask);
}

/** Drawings (shapes, text boxes, pictures): the text in them and the pictures' descriptions. */
function purgeDrawing(xml: string, mask: Mask): string {
  let out = mapTextNodes(xml, ["t"], mask);
  out = mapAttrs(out, "cNvPr", ["descr", "title"], mask);
  return out;
}

/** VML shapes (legacy comments, form controls): the text in their text boxes and their alternative text. */
function purgeVml(xml: string, mask: Mask): string {
  let out = xml.replace(/<((?:[\w.-]+:)?textbox)\b[^<>]*>[\s\S]*?<\/\1>/g, (box) => mapTextNodes(box, "any", mask));
  for (const local of ["shape", "imagedata", "rect"]) out = mapAttrs(out, local, ["alt", "o:title", "title"], mask);
  return out;
}

/** Links to other workbooks keep a copy of the cells they read: text masked, known personal numbers as masked text. */
function purgeExternalLink(xml: string, masker: TextMasker): string {
  let out = xml.replace(/<((?:[\w.-]+:)?cell)\b([^<>]*)>([\s\S]*?)<\/\1>/g, (m, tag: string, attrs: string, body: string) => {
    const v = /<((?:[\w.-]+:)?v)>([^<]*)<\/\1>/.exec(body);
    if (!v) return m;
    const text = unescapeXml(v[2]);
    const t = /\st\s*=\s*"([^"]*)"/.exec(attrs)?.[1] ?? "n";
    if (t === "n") {
      const masked = masker.number(Number(text));
      if (masked === null) return m;
      const a = /\st\s*=/.test(attrs) ? attrs.replace(/\st\s*=\s*"[^"]*"/, ' t="str"') : `${attrs} t="str"`;
      return `<${tag}${a}>${body.replace(v[0], `<${v[1]}>${escText(masked)}</${v[1]}>`)}</${tag}>`;
    }
    const after = masker.text(text);
    return after === text ? m : `<${tag}${attrs}>${body.replace(v[0], `<${v[1]}>${escText(after)}</${v[1]}>`)}</${tag}>`;
  });
  out = mapAttrs(out, "definedName", ["refersTo"], (f) => maskFormulaLiterals(f, masker.text));
  return out;
}

/** The workbook part: literals of defined names, their comments; who reserved the file; where the original was saved. */
function purgeWorkbook(xml: string, mask: Mask): string {
  let out = maskFormulas(xml, mask);
  out = mapAttrs(out, "definedName", ["comment", "description"], mask);
  // fileSharing's userName names who reserved the original; absPath is the folder it was saved in (often C:\Users\<account>\…).
  out = out.replace(/(<(?:[\w.-]+:)?fileSharing\b[^<>]*?)\suserName="[^"]*"/, "$1");
  out = out.replace(/<((?:[\w.-]+:)?AlternateContent)\b[^<>]*>(?:(?!<\/\1>)[\s\S])*?absPath[\s\S]*?<\/\1>/g, "");
  return out;
}

/** Relationship parts: hyperlinks to outside (mailto:, tel:, web addresses carrying an e-mail or a phone) masked. */
function purgeRels(xml: string, mask: Mask): string {
  return xml.replace(/<((?:[\w.-]+:)?Relationship)\b[^<>]*\/>/g, (tag) => {
    if (!tag.includes(HYPERLINK) || !/TargetMode\s*=\s*"External"/.test(tag)) return tag;
    const t = /\sTarget\s*=\s*"([^"]*)"/.exec(tag);
    if (!t) return tag;
    const raw = unescapeXml(t[1]);
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // not percent-encoded text: mask it as written
    }
    const after = mask(decoded);
    return after === decoded ? tag : tag.replace(t[0], ` Target="${escAttr(after)}"`);
  });
}

/** Apply `fn` to a part's text and record what it did when it changed anything. */
function rewrite(pkg: XlsxPackage, part: string, action: string, fn: (xml: string) => string, done: PurgeAction[]): void {
  const xml = pkg.text(part);
  const next = fn(xml);
  if (next === xml) return;
  pkg.setText(part, next);
  done.push({ part, action });
}

const BINARY = /\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|bin|ole|docx?|xlsx?|pptx?|pdf)$/i;

/** Mask, empty or remove personal data in every part the mask plan's cell edits do not reach (see the module comment). */
export function purgePackage(pkg: XlsxPackage, masker: TextMasker): PurgeReport {
  const done: PurgeAction[] = [];
  const unread: string[] = [];
  const mask = masker.text;
  const wb = pkg.workbookPart();
  for (const part of [...pkg.parts()].sort()) {
    const type = pkg.contentType(part) ?? "";
    if (part === wb) {
      rewrite(pkg, part, "workbook: defined names' literals masked; file-sharing user and the original's folder removed", (x) => purgeWorkbook(x, mask), done);
      continue;
    }
    switch (type) {
      case TYPE.sharedStrings: {
        const { xml, emptied } = purgeSharedStrings(pkg.text(part), usedSharedStrings(pkg));
        if (emptied) {
          pkg.setText(part, xml);
          done.push({ part, action: `shared strings: ${emptied} no longer used (the masked cells' old values) emptied` });
        }
        break;
      }
      case TYPE.worksheet:
        rewrite(pkg, part, "sheet: formula literals, hyperlink texts, filter values, dropdown messages, header/footer masked", (x) => purgeWorksheet(x, mask), done);
        break;
      case TYPE.table:
        rewrite(pkg, part, "table: column names, filter values, formula literals masked", (x) => purgeTable(x, mask), done);
        break;
      case TYPE.comments:
        rewrite(pkg, part, "comments: text masked (authors are staff and stay)", (x) => mapTextNodes(x, ["t"], mask), done);
        break;
      case TYPE.threadedComments:
        rewrite(pkg, part, "threaded comments: text masked", (x) => mapTextNodes(x, ["text"], mask), done);
        break;
      case TYPE.person:
        rewrite(pkg, part, "comment persons: e-mail style user ids masked", (x) => mapAttrs(x, "person", ["userId"], mask), done);
        break;
      case TYPE.pivotCache:
        purgePivotCache(pkg, part, masker, done);
        break;
      case TYPE.pivotTable:
        rewrite(pkg, part, "pivot table: item captions masked", (x) => mapAttrs(x, "item", ["n"], mask), done);
        break;
      case TYPE.chart:
      case TYPE.chartEx:
        rewrite(pkg, part, "chart: cached labels and typed text masked", (x) => purgeChart(x, masker), done);
        break;
      case TYPE.drawing:
      case TYPE.chartShapes:
        rewrite(pkg, part, "drawing: text and picture descriptions masked", (x) => purgeDrawing(x, mask), done);
        break;
      case TYPE.vml:
        rewrite(pkg, part, "VML shapes: text box text masked", (x) => purgeVml(x, mask), done);
        break;
      case TYPE.externalLink:
        rewrite(pkg, part, "link to another workbook: its cached cells masked", (x) => purgeExternalLink(x, masker), done);
        break;
      case TYPE.core:
        rewrite(pkg, part, "document properties: author and last editor removed; title, subject, keywords, description masked", (x) =>
          mapTextNodes(removeElements(x, ["creator", "lastModifiedBy"]), ["title", "subject", "description", "keywords", "category", "contentStatus"], mask), done);
        break;
      case TYPE.app:
        rewrite(pkg, part, "application properties: manager removed; other texts (hyperlinks, sheet titles) masked", (x) => mapTextNodes(removeElements(x, ["Manager"]), "any", mask), done);
        break;
      case TYPE.custom:
      case TYPE.richValue:
        rewrite(pkg, part, "texts masked", (x) => mapTextNodes(x, "any", mask), done);
        break;
      case TYPE.relationships:
        rewrite(pkg, part, "hyperlink targets masked", (x) => purgeRels(x, mask), done);
        break;
      default:
        if (/^customXml\/item\d*\.xml$/i.test(part)) rewrite(pkg, part, "custom XML data: texts masked", (x) => mapTextNodes(x, "any", mask), done);
        else if (BINARY.test(part) || /^xl\/(embeddings|activeX|media)\//.test(part)) unread.push(part);
    }
  }
  return { actions: done, unread };
}

/** Digits of a phone key found in text: runs of digits with separators, tried group by group. */
function phoneCandidates(text: string): Array<{ digits: string; index: number }> {
  const out: Array<{ digits: string; index: number }> = [];
  const token = /(?<![0-9A-Za-z])\+?\d[\d\s\-()]*\d(?![0-9A-Za-z])/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(text))) {
    const groups = m[0].split(/[^\d]+/).filter((g) => g !== "");
    for (let a = 0; a < groups.length; a++) {
      let digits = "";
      for (let b = a; b < groups.length && digits.length < 24; b++) {
        digits += groups[b];
        out.push({ digits, index: m.index });
      }
    }
  }
  return out;
}

/** Letter-and-digit keys found in text (ids, accounts), allowing spaces and dashes between groups. */
function codeCandidates(text: string, longest: number): Array<{ code: string; index: number }> {
  const out: Array<{ code: string; index: number }> = [];
  const token = /(?<![0-9A-Za-z])[0-9A-Za-z]+(?:[\s-][0-9A-Za-z]+)*(?![0-9A-Za-z])/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(text))) {
    const groups = m[0].split(/[\s-]+/);
    for (let a = 0; a < groups.length; a++) {
      let code = "";
      for (let b = a; b < groups.length && code.length < longest; b++) {
        code += groups[b].toUpperCase();
        if (code.length >= 8) out.push({ code, index: m.index });
      }
    }
  }
  return out;
}

/** Sheet names by their worksheet part. */
function sheetsByPart(pkg: XlsxPackage): Map<string, string> {
  const wb = pkg.workbookPart();
  const rels = pkg.rels(wb);
  const out = new Map<string, string>();
  for (const tag of findTags(pkg.text(wb), "sheet")) {
    const id = Object.entries(tag.attrs).find(([k]) => k === "r:id" || k.endsWith(":id"))?.[1];
    const rel = rels.find((r) => r.id === id);
    if (rel) out.set(pkg.target(wb, rel), tag.attrs.name ?? "");
  }
  return out;
}

/** Where in a worksheet part an offset lies: the address of the cell it is in, or "". */
function cellAt(xml: string, index: number): string {
  const open = xml.lastIndexOf("<c ", index);
  const alt = xml.lastIndexOf(":c ", index);
  const at = Math.max(open, alt);
  if (at < 0) return "";
  const close = xml.indexOf(">", at);
  const r = /\sr\s*=\s*"([A-Z]+\d+)"/.exec(xml.slice(at, close));
  return r ? r[1] : "";
}

/**
 * Every phone, e-mail and id of the input (the plan's sensitive values) that is still somewhere in
 * the package: each text part is read whole (XML with its escapes undone) and searched. Names are
 * not searched: the company's people may share a name with a contact and keep it (see maskplan).
 */
export function findLeaks(pkg: XlsxPackage, sensitive: SensitiveValues): Leak[] {
  const sheetNames = sheetsByPart(pkg);
  const phones = new Set(sensitive.phones);
  const codes = new Set(sensitive.codes);
  const emails = new Set(sensitive.emails);
  const longestCode = sensitive.codes.reduce((n, c) => Math.max(n, c.length), 0);
  const leaks: Leak[] = [];
  if (phones.size + codes.size + emails.size === 0) return leaks;
  for (const part of pkg.parts()) {
    if (BINARY.test(part) || /^xl\/(embeddings|activeX|media|printerSettings)\//.test(part)) continue;
    const raw = pkg.text(part);
    const text = unescapeXml(raw);
    const isSheet = pkg.contentType(part) === TYPE.worksheet;
    const where = (index: number) => (isSheet ? `${sheetNames.get(part) ?? part}!${cellAt(text, index)}` : "");
    const seen = new Set<string>();
    const add = (kind: Leak["kind"], index: number) => {
      const w = where(index);
      if (seen.has(kind + w)) return;
      seen.add(kind + w);
      leaks.push({ part, where: w, kind });
    };
    if (phones.size) {
      for (const c of phoneCandidates(text)) {
        const d = c.digits.replace(/^(00)?86(?=1[3-9]\d{9}$)/, "");
        if (phones.has(c.digits) || phones.has(d)) add("phone", c.index);
      }
    }
    if (codes.size) for (const c of codeCandidates(text, longestCode)) if (codes.has(c.code)) add("id", c.index);
    if (emails.size && text.includes("@")) {
      // The address as a token (mailto: and quotes are not part of it); trailing dots end a sentence, not a domain.
      const re = /[^\s@,;，；、<>()（）「」"':/]+@[^\s@,;，；、<>()（）「」"'?&]+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) if (emails.has(m[0].toLowerCase().replace(/[.。]+$/, ""))) add("email", m.index);
    }
  }
  return leaks;
}
