/** Looking inside .xlsx packages in tests: parts, the differences between two packages, well-formed XML, tags and their attributes. */
import * as fs from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** The parts of an .xlsx file (or bytes) by name. */
export function parts(file: string | Uint8Array): Record<string, Uint8Array> {
  return unzipSync(typeof file === "string" ? fs.readFileSync(file) : file);
}

/** A part's text. */
export function partText(all: Record<string, Uint8Array>, name: string): string {
  const p = all[name];
  if (!p) throw new Error(`no part ${name}; parts: ${Object.keys(all).join(", ")}`);
  return strFromU8(p);
}

/** How `after` differs from `before`: parts gone, parts whose bytes differ, parts added. */
export function diffParts(before: Record<string, Uint8Array>, after: Record<string, Uint8Array>): { missing: string[]; changed: string[]; added: string[] } {
  const missing = Object.keys(before).filter((k) => !(k in after));
  const changed = Object.keys(before).filter((k) => k in after && Buffer.compare(Buffer.from(before[k]), Buffer.from(after[k])) !== 0);
  const added = Object.keys(after).filter((k) => !(k in before));
  return { missing, changed: changed.sort(), added: added.sort() };
}

/** Parts that are not well-formed XML, with the parser's reason (binary parts are skipped). */
export function malformedParts(all: Record<string, Uint8Array>): string[] {
  const bad: string[] = [];
  for (const [name, bytes] of Object.entries(all)) {
    if (!/\.(xml|rels|vml)$/.test(name)) continue;
    const r = XMLValidator.validate(strFromU8(bytes));
    if (r !== true) bad.push(`${name}: ${r.err.msg} (line ${r.err.line})`);
  }
  return bad;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", removeNSPrefix: true, isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute });

/** Every element with this local name in a part, as attribute maps (with nested children parsed too). */
export function elements(xml: string, local: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === local) (Array.isArray(v) ? v : [v]).forEach((x) => out.push(x as Record<string, unknown>));
      walk(v);
    }
  };
  walk(parser.parse(xml));
  return out;
}

/** The text content of an element parsed by `elements` (e.g. a formula1). */
export function textOf(el: unknown): string {
  if (Array.isArray(el)) return textOf(el[0]);
  if (typeof el === "string" || typeof el === "number") return String(el);
  if (el && typeof el === "object" && "#text" in el) return String((el as Record<string, unknown>)["#text"]);
  return "";
}

/** The worksheet part of a sheet, by the sheet's name (through the workbook part and its relationships). */
export function sheetPart(all: Record<string, Uint8Array>, name: string): string {
  const sheet = elements(partText(all, "xl/workbook.xml"), "sheet").find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rel = elements(partText(all, "xl/_rels/workbook.xml.rels"), "Relationship").find((r) => r.Id === sheet.id);
  const target = String(rel!.Target);
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

/** The sheet names of a package, in tab order. */
export function sheetNames(all: Record<string, Uint8Array>): string[] {
  return elements(partText(all, "xl/workbook.xml"), "sheet").map((s) => String(s.name));
}
