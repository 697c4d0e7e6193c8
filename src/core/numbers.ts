/**
 * The one reader of numbers typed as text (amounts, counts, policy values): validate's "number
 * stored as text" fix, credit's 金额 / 付款金额, recorded limits and policy values all read text
 * through it, so what validate would turn into a number is exactly what credit uses.
 *
 * Grammar, after full-width forms become half-width (１，０００ → 1,000) and the text is trimmed:
 *
 *     [sign] [¥ | ￥] [sign] digits [. digits] [元]      (at most one sign, - or +)
 *     digits = \d+  |  [1-9]\d{0,2}(,\d{3})+             (thousands separators in the right places only)
 *
 * So `1000`, `1,000`, `12,345.67`, `¥1,000`, `-1,000`, `+1000`, `5000 元` are numbers; `1,5`,
 * `12,34`, `1,2,3`, `0,123`, `1.000,50`, `1 000`, `.5`, `5.` and `1e3` are not (a comma that is
 * not a thousands separator may be a decimal comma: reading it either way would be a guess).
 * A leading `+` is read (Excel itself reads `+1000` typed into a cell as 1000).
 *
 * A number Excel cannot hold exactly is not read as one: more than 15 significant digits
 * (`12345678901234567890`) gives `too-precise`, so nobody is offered it as a "safe" fix.
 */
import { toHalfWidth } from "./validate/text";

/** What a text is as a number. */
export type NumberText =
  | { kind: "number"; value: number }
  /** Matches the grammar but has more significant digits than a double (and Excel) holds exactly. */
  | { kind: "too-precise"; digits: number }
  | { kind: "none" };

/** Excel keeps 15 significant digits; Number.MAX_SAFE_INTEGER has 16, not all of them free. */
export const MAX_SIGNIFICANT_DIGITS = 15;

const GRAMMAR = /^([+-])?\s*[¥￥]?\s*([+-])?((?:[1-9]\d{0,2}(?:,\d{3})+)|\d+)(?:\.(\d+))?\s*元?$/;
const NONE: NumberText = { kind: "none" };

/** Read a text as a number by the grammar above (see the module comment). */
export function readNumberText(text: string): NumberText {
  const t = toHalfWidth(text).trim();
  if (t === "") return NONE;
  const m = GRAMMAR.exec(t);
  if (!m || (m[1] !== undefined && m[2] !== undefined)) return NONE;
  const sign = m[1] ?? m[2] ?? "+";
  const whole = m[3].indexOf(",") >= 0 ? m[3].replace(/,/g, "") : m[3];
  const fraction = m[4] ?? "";
  const digits = significantDigits(whole, fraction);
  if (digits > MAX_SIGNIFICANT_DIGITS) return { kind: "too-precise", digits };
  const value = Number(fraction === "" ? whole : `${whole}.${fraction}`);
  return { kind: "number", value: sign === "-" && value !== 0 ? -value : value };
}

/** The number a text reads as, or null when it is none (or one that cannot be held exactly). */
export function numberOfText(text: string): number | null {
  const r = readNumberText(text);
  return r.kind === "number" ? r.value : null;
}

/**
 * Significant digits of a decimal written `whole.fraction`: leading zeros and the fraction's
 * trailing zeros do not count; the integer part's trailing zeros do (1,000,…,000 beyond 15 digits
 * is not held exactly in general, so it is not read either).
 */
function significantDigits(whole: string, fraction: string): number {
  let f = fraction.length;
  while (f > 0 && fraction.charCodeAt(f - 1) === 48) f--;
  let w = 0;
  while (w < whole.length && whole.charCodeAt(w) === 48) w++;
  if (w < whole.length) return whole.length - w + f;
  let z = 0;
  while (z < f && fraction.charCodeAt(z) === 48) z++;
  return f - z;
}

/** A short reason in English for a text that is not a number (for messages that say why a row is left out). */
export function whyNotNumber(r: Exclude<NumberText, { kind: "number" }>): string {
  return r.kind === "too-precise"
    ? `has ${r.digits} significant digits, more than the ${MAX_SIGNIFICANT_DIGITS} a number keeps exactly`
    : "is not a number (thousands separators only as 1,000 or 12,345.67)";
}
