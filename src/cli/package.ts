/**
 * An .xlsx as an Open Packaging Conventions package: parts in a zip, their content types in
 * [Content_Types].xml, and relationship parts (_rels/*.rels) that link them. The file writer
 * adds and replaces parts through this; everything it does not touch stays byte-identical.
 */
import { strFromU8, strToU8 } from "fflate";
import { escapeAttr, findTags, prefixOf } from "./xml";
import { ZipArchive, type ZipChunks } from "./zip";

/** The namespace of relationship ids in parts (r:id). */
export const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** Relationship type URIs custfile uses. */
export const REL = {
  officeDocument: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
  worksheet: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
  styles: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
  table: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table",
  calcChain: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain",
  drawing: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
  chart: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart",
} as const;

/** Content types custfile writes. */
export const CONTENT = {
  workbook: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
  worksheet: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  styles: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
  table: "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml",
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
  relationships: "application/vnd.openxmlformats-package.relationships+xml",
} as const;

/** One relationship of a part. */
export interface Relationship {
  id: string;
  type: string;
  /** Target as written (relative to the source part's folder, or absolute from "/"). */
  target: string;
  external: boolean;
}

/** Thrown when the package is not a workbook custfile can write a copy of. */
export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackageError";
  }
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The folder of a part name ("xl/worksheets/sheet1.xml" → "xl/worksheets"). */
function folderOf(part: string): string {
  const i = part.lastIndexOf("/");
  return i < 0 ? "" : part.slice(0, i);
}

/** Resolve a relationship target against its source part's folder into a part name. */
export function resolveTarget(source: string, target: string): string {
  const raw = target.startsWith("/") ? target.slice(1) : (folderOf(source) ? folderOf(source) + "/" : "") + target;
  const out: string[] = [];
  for (const seg of raw.split("/")) {
    if (seg === "..") out.pop();
    else if (seg !== "." && seg !== "") out.push(seg);
  }
  return decodeURIComponent(out.join("/"));
}

/** A target for `part` relative to the folder of `source`. */
function relativeTarget(source: string, part: string): string {
  const from = folderOf(source).split("/").filter(Boolean);
  const to = part.split("/");
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => ".."), ...to.slice(i)].join("/");
}

/** The relationship part of a source part ("" = the package). */
export function relsPartOf(source: string): string {
  const folder = folderOf(source);
  const file = source.slice(folder.length ? folder.length + 1 : 0);
  return `${folder ? folder + "/" : ""}_rels/${file}.rels`;
}

/** An .xlsx package read from bytes, edited part by part. */
export class XlsxPackage {
  readonly zip: ZipArchive;
  private readonly texts = new Map<string, string>();
  private readonly relsCache = new Map<string, Relationship[]>();
  private overrides: Array<{ part: string; type: string }> | undefined;
  private defaults: Array<{ ext: string; type: string }> | undefined;
  private contentTypesChanged = false;

  constructor(zip: ZipArchive) {
    this.zip = zip;
  }

  /** The package's part names. */
  parts(): string[] {
    return this.zip.names();
  }

  /** Whether a part exists. */
  has(part: string): boolean {
    return this.zip.has(part);
  }

  /** A part's text (UTF-8; a UTF-16 part is decoded by its byte order mark). */
  text(part: string): string {
    let t = this.texts.get(part);
    if (t === undefined) {
      const bytes = this.zip.get(part);
      if (!bytes) throw new PackageError(`the workbook has no part ${part}`);
      t = bytes[0] === 0xff && bytes[1] === 0xfe ? new TextDecoder("utf-16le").decode(bytes) : bytes[0] === 0xfe && bytes[1] === 0xff ? new TextDecoder("utf-16be").decode(bytes) : strFromU8(bytes);
      if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      this.texts.set(part, t);
    }
    return t;
  }

  /** Set a part's text (UTF-8). */
  setText(part: string, text: string): void {
    this.texts.set(part, text);
    this.zip.set(part, strToU8(text));
  }

  /** Remove a part, its content type override and its relationship part. */
  remove(part: string): void {
    this.zip.delete(part);
    this.texts.delete(part);
    this.loadContentTypes();
    const before = this.overrides!.length;
    this.overrides = this.overrides!.filter((o) => o.part !== part);
    if (this.overrides.length !== before) this.contentTypesChanged = true;
    const rels = relsPartOf(part);
    if (this.zip.has(rels)) {
      this.zip.delete(rels);
      this.relsCache.delete(part);
    }
  }

  /** Set a part's content as text made chunk by chunk when the package is written (it cannot be read before). */
  setStream(part: string, chunks: ZipChunks): void {
    this.texts.delete(part);
    this.zip.setStream(part, chunks);
  }

  /** Set a part's bytes (its text is read back from them when asked). */
  setBytes(part: string, bytes: Uint8Array): void {
    this.texts.delete(part);
    this.zip.set(part, bytes);
  }

  /** Add a new part (text, or UTF-8 bytes, or text made chunk by chunk when the package is written) with its content type. */
  add(part: string, content: string | Uint8Array | ZipChunks, contentType: string): void {
    if (typeof content === "string") this.setText(part, content);
    else if (typeof content === "function") this.setStream(part, content);
    else this.setBytes(part, content);
    this.loadContentTypes();
    this.overrides = this.overrides!.filter((o) => o.part !== part);
    this.overrides.push({ part, type: contentType });
    this.contentTypesChanged = true;
  }

  /** A part name not in use, from a pattern such as n => `xl/worksheets/sheet${n}.xml`. */
  freePartName(pattern: (n: number) => string): string {
    const taken = new Set(this.parts().map((p) => p.toLowerCase()));
    for (let n = 1; ; n++) if (!taken.has(pattern(n).toLowerCase())) return pattern(n);
  }

  /** The content type of a part (its override, else the default for its extension). */
  contentType(part: string): string | undefined {
    this.loadContentTypes();
    const o = this.overrides!.find((x) => x.part.toLowerCase() === part.toLowerCase());
    if (o) return o.type;
    const ext = part.slice(part.lastIndexOf(".") + 1).toLowerCase();
    return this.defaults!.find((d) => d.ext.toLowerCase() === ext)?.type;
  }

  private loadContentTypes(): void {
    if (this.overrides) return;
    const xml = this.text("[Content_Types].xml");
    this.overrides = findTags(xml, "Override").map((t) => ({ part: (t.attrs.PartName ?? "").replace(/^\//, ""), type: t.attrs.ContentType ?? "" }));
    this.defaults = findTags(xml, "Default").map((t) => ({ ext: t.attrs.Extension ?? "", type: t.attrs.ContentType ?? "" }));
  }

  /** The relationships of a part ("" = the package's own). */
  rels(source: string): Relationship[] {
    let r = this.relsCache.get(source);
    if (!r) {
      const part = relsPartOf(source);
      r = this.zip.has(part)
        ? findTags(this.text(part), "Relationship").map((t) => ({ id: t.attrs.Id ?? "", type: t.attrs.Type ?? "", target: t.attrs.Target ?? "", external: t.attrs.TargetMode === "External" }))
        : [];
      this.relsCache.set(source, r);
    }
    return r;
  }

  /** The part a relationship points at. */
  target(source: string, rel: Relationship): string {
    return resolveTarget(source, rel.target);
  }

  /** Add a relationship from `source` to `part`; returns its id. */
  addRel(source: string, type: string, part: string): string {
    const rels = this.rels(source);
    const ids = new Set(rels.map((r) => r.id));
    let n = rels.length + 1;
    while (ids.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    rels.push({ id, type, target: relativeTarget(source, part), external: false });
    this.writeRels(source);
    return id;
  }

  /** Remove every relationship of `source` (and its relationship part). */
  clearRels(source: string): void {
    this.relsCache.set(source, []);
    const part = relsPartOf(source);
    if (this.zip.has(part)) {
      this.zip.delete(part);
      this.texts.delete(part);
    }
  }

  /** Remove the relationship with this id from `source`. */
  removeRel(source: string, id: string): void {
    const rels = this.rels(source).filter((r) => r.id !== id);
    this.relsCache.set(source, rels);
    this.writeRels(source);
  }

  private writeRels(source: string): void {
    const rels = this.rels(source);
    const body = rels.map((r) => `<Relationship Id="${escapeAttr(r.id)}" Type="${escapeAttr(r.type)}" Target="${escapeAttr(r.target)}"${r.external ? ' TargetMode="External"' : ""}/>`).join("");
    this.setText(relsPartOf(source), `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`);
  }

  /** The main workbook part (the package's officeDocument). */
  workbookPart(): string {
    const rel = this.rels("").find((r) => r.type === REL.officeDocument || r.type.endsWith("/officeDocument"));
    if (!rel) throw new PackageError("the package has no workbook (no officeDocument relationship)");
    return this.target("", rel);
  }

  /** The sheets of the workbook part in their order: name, id, relationship and part (null without a relationship; the part may be missing). */
  sheets(workbookPart = this.workbookPart()): Array<{ name: string; sheetId: number; rid: string; part: string | null; hidden: boolean }> {
    const xml = this.text(workbookPart);
    const rels = this.rels(workbookPart);
    const rPrefix = prefixOf(xml, REL_NS) ?? "r";
    return findTags(xml, "sheet").map((t) => {
      const rid = t.attrs[`${rPrefix}:id`] ?? "";
      const rel = rels.find((r) => r.id === rid);
      return { name: t.attrs.name ?? "", sheetId: Number(t.attrs.sheetId ?? 0), rid, part: rel ? this.target(workbookPart, rel) : null, hidden: t.attrs.state === "hidden" || t.attrs.state === "veryHidden" };
    });
  }

  /** The package as bytes: content types rewritten when they changed, every other untouched part as it was. */
  toBytes(): Uint8Array {
    this.flushContentTypes();
    return this.zip.toBytes();
  }

  /** Write the package front to back through `write` (streamed parts made as they go); returns its size. */
  writeTo(write: (bytes: Uint8Array) => void): number {
    this.flushContentTypes();
    return this.zip.writeTo(write);
  }

  private flushContentTypes(): void {
    if (this.contentTypesChanged) {
      const d = this.defaults!.map((x) => `<Default Extension="${escapeAttr(x.ext)}" ContentType="${escapeAttr(x.type)}"/>`).join("");
      const o = this.overrides!.map((x) => `<Override PartName="/${escapeAttr(x.part)}" ContentType="${escapeAttr(x.type)}"/>`).join("");
      this.setText("[Content_Types].xml", `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${d}${o}</Types>`);
      this.contentTypesChanged = false;
    }
  }

  /** A package from bytes (a zip archive). */
  static read(bytes: Uint8Array): XlsxPackage {
    return new XlsxPackage(ZipArchive.read(bytes));
  }
}
