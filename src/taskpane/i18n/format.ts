/**
 * Number, plural, list and percent formatting through Intl for the pane's language, and the
 * marking of data values (sheet names, headers, cell values) inside a sentence: they are
 * wrapped in Unicode isolates (U+2068 … U+2069), invisible in any text, which the pane's
 * <Rich> renders as spans with their own `lang` — so an English sentence may quote a Chinese
 * sheet name without being a mixed-language message. Pure: no DOM.
 */
import type { Lang } from "../../core/validate";

/** First Strong Isolate / Pop Directional Isolate: the marks around a data value. */
export const DATA_OPEN = "\u2068";
export const DATA_CLOSE = "\u2069";

/** Mark `value` as data (see the module comment). */
export function data(value: string | number): string {
  return `${DATA_OPEN}${value}${DATA_CLOSE}`;
}

/** Split text into plain parts and data parts (marked with `data`). */
export function splitData(text: string): Array<{ text: string; data: boolean }> {
  const parts: Array<{ text: string; data: boolean }> = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf(DATA_OPEN, at);
    if (open < 0) break;
    const close = text.indexOf(DATA_CLOSE, open + 1);
    if (close < 0) break;
    if (open > at) parts.push({ text: text.slice(at, open), data: false });
    parts.push({ text: text.slice(open + 1, close), data: true });
    at = close + 1;
  }
  if (at < text.length) parts.push({ text: text.slice(at), data: false });
  return parts;
}

/** Text without the data marks (for aria-labels and logs). */
export function plain(text: string): string {
  return text.split(DATA_OPEN).join("").split(DATA_CLOSE).join("");
}

/** CJK ideographs and punctuation (what en-US text must not hold outside data values). */
export const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** Formatting in one language. */
export interface Format {
  lang: Lang;
  /** A whole number with the language's grouping (12,000). */
  num(n: number): string;
  /** A fraction as a percent (0.15 → 15%). */
  percent(x: number): string;
  /** The English word for a count (`one` for 1, `other` otherwise; Chinese has no plural and takes `other`). */
  plural(n: number, one: string, other: string): string;
  /** Items joined as the language joins a list ("a, b and c" / "a、b和c"). */
  list(items: readonly string[]): string;
}

const cache = new Map<Lang, Format>();

/** The formatters of a language (made once). */
export function formats(lang: Lang): Format {
  let f = cache.get(lang);
  if (f) return f;
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
  const rules = new Intl.PluralRules(lang);
  const lists = new Intl.ListFormat(lang, { style: "long", type: "conjunction" });
  f = {
    lang,
    num: (n) => number.format(n),
    percent: (x) => pct.format(x),
    plural: (n, one, other) => (rules.select(n) === "one" ? one : other),
    list: (items) => lists.format(items),
  };
  cache.set(lang, f);
  return f;
}

/** Quotes the core's messages put around the values they cite. */
const QUOTED = /"([^"]+)"|“([^”]+)”|「([^」]+)」/g;

/**
 * Mark the data values inside a message made elsewhere (the core's finding messages): what it
 * quotes, and the given values (the finding's sheet and column header) where they appear.
 */
export function markData(text: string, values: readonly string[] = []): string {
  let out = text.replace(QUOTED, (whole, a?: string, b?: string, c?: string) => {
    const inner = a ?? b ?? c ?? "";
    return whole.replace(inner, data(inner));
  });
  const known = [...new Set(values.filter((v) => v && CJK.test(v)))].sort((x, y) => y.length - x.length);
  for (const v of known) {
    // Only outside the parts already marked.
    out = splitData(out).map((p) => (p.data ? data(p.text) : p.text.split(v).join(data(v)))).join("");
  }
  return out;
}

/** A run of text holding Chinese, without the spaces, quotes, brackets and ASCII punctuation around it. */
const CHINESE_RUN = /[^\s"'“”「」(),.;:!?]*[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef][^\s"'“”「」(),.;:!?]*/g;

/**
 * Mark every run of Chinese in a message made elsewhere as data: the core's en-US messages cite
 * Chinese headers, sheet names and cell values as they are, without quotes ("recorded C类, the
 * payments grade it A类"), and in an English pane those are data values.
 */
export function markChinese(text: string): string {
  return splitData(text).map((p) => (p.data ? data(p.text) : p.text.replace(CHINESE_RUN, (run) => data(run)))).join("");
}
