/**
 * The little XML the file writer needs: escaping text the way Excel does, and finding start
 * tags of one element and their attributes in a part's text without parsing the whole part
 * (a worksheet of 100,000 rows is tens of megabytes; the writer edits a few places in it and
 * keeps every other byte as it was). Elements may carry a namespace prefix (`<x:row>`), as
 * some producers write them.
 */

/** XML 1.0 forbids these control characters even escaped; Excel writes them as _xHHHH_. */
const INVALID_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/** One test for the common case: text that needs no escaping at all. */
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x/;
const HAS_INVALID_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
/** A literal "_xHHHH_" in text would read back as an escape: Excel escapes its underscore. */
const LITERAL_ESCAPE = /_(x[0-9a-fA-F]{4}_)/g;

/** Text content for an element: &, <, > escaped; forbidden control characters as Excel's _xHHHH_. */
export function escapeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  let t = text;
  if (t.includes("_x")) t = t.replace(LITERAL_ESCAPE, "_x005F_$1");
  if (HAS_INVALID_XML_CHAR.test(t)) t = t.replace(INVALID_XML_CHAR, (ch) => `_x${ch.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}_`);
  if (!/[&<>]/.test(t)) return t;
  return t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An attribute value (double-quoted): text escaping plus quotes and the whitespace characters attributes normalise away. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

/** Undo XML escaping of an attribute value or text (entities and character references). */
export function unescapeXml(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e];
  });
}

/** A start tag found in a part's text. */
export interface StartTag {
  /** The qualified name as written (e.g. "x:row" or "row"). */
  name: string;
  /** The namespace prefix with its colon ("x:"), or "". */
  prefix: string;
  /** Attributes, unescaped, by qualified name. */
  attrs: Record<string, string>;
  /** Index of "<" and index just after ">". */
  start: number;
  end: number;
  selfClosing: boolean;
}

const tagPatterns = new Map<string, RegExp>();
function tagPattern(local: string): RegExp {
  let p = tagPatterns.get(local);
  if (!p) {
    // Attribute values may hold ">" unescaped, so attributes are matched one quoted value at a time.
    p = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?${local})((?:\\s+[^\\s=/>]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`, "g");
    tagPatterns.set(local, p);
  }
  return p;
}

/** Parse the attributes text of a start tag. */
export function parseAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) attrs[m[1]] = unescapeXml(m[2] ?? m[3]);
  return attrs;
}

/** Every start tag of the element with this local name in text[from, to). */
export function findTags(text: string, local: string, from = 0, to = text.length): StartTag[] {
  const re = tagPattern(local);
  re.lastIndex = from;
  const out: StartTag[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < to) {
    const name = m[1];
    const colon = name.indexOf(":");
    out.push({ name, prefix: colon >= 0 ? name.slice(0, colon + 1) : "", attrs: parseAttrs(m[2]), start: m.index, end: m.index + m[0].length, selfClosing: m[3] === "/" });
  }
  return out;
}

/** The first start tag of an element, or undefined. */
export function findTag(text: string, local: string, from = 0, to = text.length): StartTag | undefined {
  const re = tagPattern(local);
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m || m.index >= to) return undefined;
  const name = m[1];
  const colon = name.indexOf(":");
  return { name, prefix: colon >= 0 ? name.slice(0, colon + 1) : "", attrs: parseAttrs(m[2]), start: m.index, end: m.index + m[0].length, selfClosing: m[3] === "/" };
}

/** Index just after the element that starts with `tag` (its end tag, or the tag itself when self-closing). */
export function elementEnd(text: string, tag: StartTag): number {
  if (tag.selfClosing) return tag.end;
  const close = `</${tag.name}>`;
  const i = text.indexOf(close, tag.end);
  if (i < 0) throw new Error(`unclosed <${tag.name}>`);
  return i + close.length;
}

/** A start tag's text with one attribute set (added when missing), or removed when value is null. */
export function withAttr(tagText: string, name: string, value: string | null): string {
  const re = new RegExp(`(\\s)${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*=\\s*(?:"[^"]*"|'[^']*')`);
  if (value === null) return tagText.replace(new RegExp(`\\s${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*=\\s*(?:"[^"]*"|'[^']*')`), "");
  if (re.test(tagText)) return tagText.replace(re, `$1${name}="${escapeAttr(value)}"`);
  return tagText.replace(/\s*(\/?)>$/, ` ${name}="${escapeAttr(value)}"$1>`);
}

/** The namespace prefix (without colon) that a part's root element binds to `uri`, or undefined. */
export function prefixOf(text: string, uri: string): string | undefined {
  const root = /<[A-Za-z_][\w.:-]*((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(text.replace(/^<\?xml[^>]*\?>/, ""));
  if (!root) return undefined;
  for (const [k, v] of Object.entries(parseAttrs(root[1]))) {
    if (v === uri && k.startsWith("xmlns:")) return k.slice(6);
    if (v === uri && k === "xmlns") return "";
  }
  return undefined;
}
