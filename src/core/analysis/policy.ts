/**
 * The ABC bounds of composition analysis (SPEC §9): A while the cumulative share of sales is
 * ≤ 70%, B while it is ≤ 90%. They live in the workbook's 信用政策 (CreditPolicy) table next to
 * the credit settings and are read like them: `70%` or `0.7`, checked with zod, a bad value is
 * a CreditPolicyError that names the key, the value and the rule.
 */
import * as z from "zod/mini";
import { CreditPolicyError, policyNumber } from "../credit/policy";
import { cellText, isBlank, type Cell } from "../table";
import { normalizeHeader } from "../template/tables";

// Zod 4 compiles object schemas with `new Function`; the task pane's CSP has no 'unsafe-eval'.
z.config({ jitless: true });

/** Cumulative shares of sales (fractions 0–1) up to which customers are class A and class B. */
export interface AbcBounds {
  a: number;
  b: number;
}

/** SPEC §9 defaults: 70 / 20 / 10. */
export const DEFAULT_ABC_BOUNDS: Readonly<AbcBounds> = Object.freeze({ a: 0.7, b: 0.9 });

/** The 信用政策 key of each bound and the other spellings accepted. */
export const ABC_KEYS: Readonly<Record<keyof AbcBounds, { key: string; aliases: readonly string[]; rule: string }>> = {
  a: { key: "ABC-A累计占比", aliases: ["abcA", "ABC A", "ABC A Share", "A类销售累计占比", "ABC分类A"], rule: "a share of sales above 0, at most 100% and not above the B bound (default 90%), e.g. 70% or 0.7" },
  b: { key: "ABC-B累计占比", aliases: ["abcB", "ABC B", "ABC B Share", "B类销售累计占比", "ABC分类B"], rule: "a share of sales from the A bound up to 100%, e.g. 90% or 0.9" },
};

const share = z.number().check(z.gt(0), z.lte(1));
const boundsSchema = z.object({ a: share, b: share });

let keyIndex: Map<string, keyof AbcBounds> | undefined;

function boundOf(key: Cell): keyof AbcBounds | undefined {
  if (!keyIndex) {
    keyIndex = new Map();
    for (const bound of ["a", "b"] as const) for (const text of [ABC_KEYS[bound].key, ...ABC_KEYS[bound].aliases]) keyIndex.set(normalizeHeader(text), bound);
  }
  return keyIndex.get(normalizeHeader(cellText(key)));
}

/** Throw the CreditPolicyError of a bound, quoting what was written. */
function badBound(bound: keyof AbcBounds, raw: string): never {
  const def = ABC_KEYS[bound];
  throw new CreditPolicyError(def.key, raw, `信用政策「${def.key}」的值「${raw}」无效。Credit policy ${def.key} = '${raw}' is not valid: expected ${def.rule}.`);
}

/**
 * The ABC bounds from the rows of a CreditPolicy table (key | value; rows of other settings are
 * skipped, a blank value keeps the default). Throws CreditPolicyError for a value that is not a
 * share, or a B bound below the A bound.
 */
export function readAbcBounds(rows: readonly (readonly Cell[])[] | null | undefined): AbcBounds {
  const merged: Record<keyof AbcBounds, number> = { ...DEFAULT_ABC_BOUNDS };
  const raw: Partial<Record<keyof AbcBounds, string>> = {};
  for (const row of rows ?? []) {
    const bound = boundOf(row[0] ?? null);
    if (!bound || isBlank(row[1] ?? null)) continue;
    raw[bound] = cellText(row[1] ?? null);
    merged[bound] = policyNumber(row[1] ?? null);
  }
  const parsed = z.safeParse(boundsSchema, merged);
  if (!parsed.success) {
    const bound = parsed.error.issues[0].path[0] as keyof AbcBounds;
    badBound(bound, raw[bound] ?? String(merged[bound]));
  }
  // Blame the bound that was written: B when it was, else the A bound that rose above B's default.
  if (merged.b < merged.a) {
    if (raw.b !== undefined) badBound("b", raw.b);
    badBound("a", raw.a ?? String(merged.a));
  }
  return { a: merged.a, b: merged.b };
}
