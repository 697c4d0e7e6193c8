/**
 * The pane's words in zh-CN and en-US, one section per part of the pane (one file each, so a new
 * tab adds its own file and one line below). Each section file exports `zhCN(f)` and
 * `enUS(f): typeof zhCN's result`, so TypeScript refuses a key missing in either language;
 * `f` formats numbers, plurals, lists and percents through Intl. Data values (sheet names,
 * headers, cell values) inside a sentence are marked with `data()` and rendered by <Rich>.
 * Finding messages come in both languages from the core; code labels from core/validate/labels.
 */
import type { Lang } from "../../core/validate";
import * as analysis from "./analysis";
import * as audit from "./audit";
import * as common from "./common";
import * as credit from "./credit";
import * as errors from "./errors";
import * as findings from "./findings";
import * as fix from "./fix";
import { formats, type Format } from "./format";
import * as ids from "./ids";
import * as progress from "./progress";
import * as records from "./records";

/** One section: its builder per language (en-US must give the same shape as zh-CN). */
interface Section<T> {
  zhCN: (f: Format) => T;
  enUS: (f: Format) => T;
}

const SECTIONS = { common, progress, findings, fix, audit, ids, errors, records, credit, analysis } satisfies Record<string, Section<unknown>>;

type Sections = typeof SECTIONS;

/** Every string of the pane in one language, by section, with the language's formatters as `f`. */
export type Strings = { lang: Lang; f: Format } & { [K in keyof Sections]: ReturnType<Sections[K]["zhCN"]> };

const cache = new Map<Lang, Strings>();

/** zh-CN for any Chinese display language, en-US otherwise. */
export function paneLang(displayLanguage: string | undefined): Lang {
  return displayLanguage && /^zh/i.test(displayLanguage) ? "zh-CN" : "en-US";
}

/** The pane's strings in a language (built once per language). */
export function strings(lang: Lang): Strings {
  let t = cache.get(lang);
  if (t) return t;
  const f = formats(lang);
  const pick = <T,>(s: Section<T>) => (lang === "zh-CN" ? s.zhCN(f) : s.enUS(f));
  t = { lang, f, ...Object.fromEntries(Object.entries(SECTIONS).map(([k, s]) => [k, pick(s as Section<unknown>)])) } as Strings;
  cache.set(lang, t);
  return t;
}

export { data, plain, splitData, markData, CJK } from "./format";
