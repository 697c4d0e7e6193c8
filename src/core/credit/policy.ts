/**
 * The credit policy: SPEC §7 defaults, overridden row by row by the workbook's CreditPolicy
 * (信用政策) key/value table. The table crosses a boundary (whatever a person typed), so it is
 * checked with zod; a bad value is an error that names the key.
 */
// zod/mini: the same checks, tree-shakable (the functions bundle loads with the pane).
import * as z from "zod/mini";
import { cellText, isBlank, type Cell } from "../table";
import { numberOfText } from "../numbers";
import { normalizeHeader } from "../template/tables";

// Zod 4 compiles object schemas with `new Function`; the task pane's CSP has no 'unsafe-eval'.
z.config({ jitless: true });

/** Every setting the credit model reads. */
export interface CreditPolicy {
  /** Days beyond the due date that still count as on time for grade A and lateInvoices. */
  graceDays: number;
  /** Months of due dates up to the as-of day that the score looks at. */
  windowMonths: number;
  /** Invoices fully paid by the as-of day needed for a grade other than N. */
  minInvoices: number;
  /** Days from the first invoice to the as-of day needed for a grade other than N. */
  minHistoryDays: number;
  /** Limit coefficient k per grade. */
  coefficientA: number;
  coefficientB: number;
  coefficientC: number;
  /** The limit suggested for grade N (0 = decide by hand). */
  startingLimit: number;
  /** Limits are rounded down to a multiple of this. */
  roundingStep: number;
  /** Monthly report (SPEC §8.3): overdue amount up by at least this fraction of last month's … */
  overdueIncreaseRatio: number;
  /** … and by at least this many yuan, to be an abnormality. */
  overdueIncreaseAmount: number;
  /** Monthly report: DBT up by at least this many days is an abnormality. */
  dbtIncreaseDays: number;
  /** Monthly report: "first time anything more than this many days past due"; an aging bucket bound (30, 60, 90 or 120) so it is read off the aging. */
  longOverdueDays: number;
}

/** SPEC §7 defaults. */
export const DEFAULT_POLICY: Readonly<CreditPolicy> = Object.freeze({
  graceDays: 3, windowMonths: 12, minInvoices: 3, minHistoryDays: 90,
  coefficientA: 1, coefficientB: 0.6, coefficientC: 0, startingLimit: 0, roundingStep: 1000,
  overdueIncreaseRatio: 0.5, overdueIncreaseAmount: 10000, dbtIncreaseDays: 10, longOverdueDays: 60,
});

/** The 信用政策 key of each setting (what the template writes) and the other spellings accepted. */
export const POLICY_KEYS: Readonly<Record<keyof CreditPolicy, { key: string; aliases: readonly string[]; rule: string }>> = {
  graceDays: { key: "宽限天数", aliases: ["graceDays", "Grace Days", "宽限期"], rule: "a whole number of days from 0 to 365" },
  windowMonths: { key: "评估月数", aliases: ["windowMonths", "Window Months", "评估期(月)", "评估期"], rule: "a whole number of months from 1 to 120" },
  minInvoices: { key: "最少发票数", aliases: ["minInvoices", "Minimum Invoices", "最少单据数"], rule: "a whole number from 1 to 10000" },
  minHistoryDays: { key: "最短历史天数", aliases: ["minHistoryDays", "Minimum History Days"], rule: "a whole number of days from 0 to 3650" },
  coefficientA: { key: "A类系数", aliases: ["coefficientA", "Coefficient A", "A系数"], rule: "a number from 0 to 10, e.g. 1 or 100%" },
  coefficientB: { key: "B类系数", aliases: ["coefficientB", "Coefficient B", "B系数"], rule: "a number from 0 to 10, e.g. 0.6 or 60%" },
  coefficientC: { key: "C类系数", aliases: ["coefficientC", "Coefficient C", "C系数"], rule: "a number from 0 to 10, e.g. 0" },
  startingLimit: { key: "起始额度", aliases: ["startingLimit", "Starting Limit", "初始额度"], rule: "an amount ≥ 0" },
  roundingStep: { key: "额度取整", aliases: ["roundingStep", "Rounding Step", "取整单位"], rule: "an amount > 0, e.g. 1000" },
  overdueIncreaseRatio: { key: "逾期增长比例", aliases: ["overdueIncreaseRatio", "Overdue Increase Ratio", "逾期金额增长比例"], rule: "a fraction from 0 to 100, e.g. 0.5 or 50%" },
  overdueIncreaseAmount: { key: "逾期增长金额", aliases: ["overdueIncreaseAmount", "Overdue Increase Amount", "逾期金额增长额"], rule: "an amount ≥ 0, e.g. 10000" },
  dbtIncreaseDays: { key: "DBT增加天数", aliases: ["dbtIncreaseDays", "DBT Increase Days", "DBT上升天数", "逾期天数增加"], rule: "a number of days from 0 to 365, e.g. 10" },
  longOverdueDays: { key: "长期逾期天数", aliases: ["longOverdueDays", "Long Overdue Days", "严重逾期天数"], rule: "30, 60, 90 or 120 (an aging bucket bound)" },
};

const whole = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
const coefficient = z.number().check(z.gte(0), z.lte(10));
const policySchema = z.object({
  graceDays: whole(0, 365),
  windowMonths: whole(1, 120),
  minInvoices: whole(1, 10000),
  minHistoryDays: whole(0, 3650),
  coefficientA: coefficient,
  coefficientB: coefficient,
  coefficientC: coefficient,
  startingLimit: z.number().check(z.gte(0), z.lte(1e13)),
  roundingStep: z.number().check(z.gt(0), z.lte(1e12)),
  overdueIncreaseRatio: z.number().check(z.gte(0), z.lte(100)),
  overdueIncreaseAmount: z.number().check(z.gte(0), z.lte(1e13)),
  dbtIncreaseDays: z.number().check(z.gte(0), z.lte(365)),
  longOverdueDays: z.literal([30, 60, 90, 120]),
});

/** A policy table value that is not acceptable; the message names the key, the value and the rule. */
export class CreditPolicyError extends Error {
  constructor(readonly key: string, readonly value: string, message: string) {
    super(message);
    this.name = "CreditPolicyError";
  }
}

let keyIndex: Map<string, keyof CreditPolicy> | undefined;

/** The setting a 信用政策 key names (normalised like headers), or undefined for keys of other features (抽查比例 …). */
function policySetting(key: Cell): keyof CreditPolicy | undefined {
  if (!keyIndex) {
    keyIndex = new Map();
    for (const [setting, k] of Object.entries(POLICY_KEYS) as [keyof CreditPolicy, (typeof POLICY_KEYS)[keyof CreditPolicy]][]) {
      for (const text of [k.key, ...k.aliases]) keyIndex.set(normalizeHeader(text), setting);
    }
  }
  return keyIndex.get(normalizeHeader(cellText(key)));
}

/** A policy cell as a number: a number cell, or text like `0.6`, `60%`, `1,000`, `¥5000`; NaN when it is none of those. */
export function policyNumber(value: Cell): number {
  if (typeof value === "number") return value;
  // Text goes through the one number reader (core/numbers); a trailing % or 天 is the policy's own unit.
  const text = cellText(value).normalize("NFKC").trim();
  const pct = /^(.*?)\s*%$/.exec(text);
  if (pct) {
    const n = numberOfText(pct[1]);
    return n === null ? Number.NaN : n / 100;
  }
  return numberOfText(text.replace(/\s*天$/, "")) ?? Number.NaN;
}

/**
 * The policy from the rows of a CreditPolicy table (key in the first column, value in the
 * second; a header row such as 参数 | 值 and rows of other features are skipped). Throws
 * CreditPolicyError naming the first bad key.
 */
export function readCreditPolicy(rows: readonly (readonly Cell[])[] | null | undefined, base: Readonly<CreditPolicy> = DEFAULT_POLICY): CreditPolicy {
  const given: Partial<Record<keyof CreditPolicy, { raw: string; value: number; key: string }>> = {};
  let first = true;
  for (const row of rows ?? []) {
    const keyCell = row[0] ?? null;
    if (isBlank(keyCell) && isBlank(row[1] ?? null)) continue;
    const keyText = cellText(keyCell).trim();
    const isHeader = first && POLICY_HEADERS.has(normalizeHeader(keyText));
    first = false;
    if (isHeader || OTHER_POLICY_KEYS.has(normalizeHeader(keyText))) continue;
    const setting = policySetting(keyCell);
    if (!setting) {
      if (keyText === "") continue; // a value without a key: nothing to name or apply
      throw unknownKey(keyText, cellText(row[1] ?? null));
    }
    const before = given[setting];
    if (before) {
      const def = POLICY_KEYS[setting];
      throw new CreditPolicyError(def.key, cellText(row[1] ?? null), `信用政策中「${def.key}」出现了两次（「${before.key}」和「${keyText}」）。请只保留一行。Credit policy ${def.key} (${setting}) is given twice ('${before.key}' = '${before.raw}' and '${keyText}' = '${cellText(row[1] ?? null)}'); keep one row.`);
    }
    const cell = row[1] ?? null;
    if (isBlank(cell)) continue; // a blank value keeps the default
    given[setting] = { raw: cellText(cell), value: policyNumber(cell), key: keyText };
  }
  const merged: Record<string, number> = { ...base };
  for (const [k, v] of Object.entries(given)) merged[k] = v.value;
  const parsed = z.safeParse(policySchema, merged);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const setting = issue.path[0] as keyof CreditPolicy;
  const def = POLICY_KEYS[setting];
  const raw = given[setting]?.raw ?? String(merged[setting]);
  const value = merged[setting];
  const max = (issue as { maximum?: number | bigint }).maximum;
  if (issue.code === "too_big" && max !== undefined && Number.isFinite(value) && Number(max) >= 1e6) {
    throw new CreditPolicyError(def.key, raw, `信用政策「${def.key}」的值「${raw}」超出合理范围（最大 ${Number(max).toLocaleString("en-US")}）。Credit policy ${def.key} (${setting}) = '${raw}' is beyond a sane bound: at most ${Number(max).toLocaleString("en-US")} (${def.rule}).`);
  }
  throw new CreditPolicyError(def.key, raw, `信用政策「${def.key}」的值「${raw}」无效。Credit policy ${def.key} (${setting}) = '${raw}' is not valid: expected ${def.rule}.`);
}

/** Headers the key column of 信用政策 may have (its first row is skipped when it is one). */
const POLICY_HEADERS = new Set(["参数", "Key", "Setting", "项目", "键", "名称"].map(normalizeHeader));

/**
 * Keys of 信用政策 that other features read: 抽查比例 (core/audit/sample.ts AUDIT_RATE_SETTING) and
 * 档案保存年限 (core/records/retention.ts RETENTION_SETTING); test/core/credit keeps them in step.
 */
export const OTHER_POLICY_KEYS: ReadonlySet<string> = new Set(["抽查比例", "档案保存年限"].map(normalizeHeader));

/** Every key the table knows, as written in the template. */
export function knownPolicyKeys(): string[] {
  return [...Object.values(POLICY_KEYS).map((k) => k.key), "抽查比例", "档案保存年限"];
}

/** Edit distance of two short strings (for a near-match suggestion). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The known key nearest to `key` (template key or alias, shown as the template key), when it is near enough to be a typo. */
export function nearPolicyKey(key: string): string | undefined {
  const k = normalizeHeader(key);
  let best: { key: string; d: number } | undefined;
  const candidates: [string, string][] = [
    ...Object.values(POLICY_KEYS).flatMap((p) => [p.key, ...p.aliases].map((t): [string, string] => [t, p.key])),
    ["抽查比例", "抽查比例"], ["档案保存年限", "档案保存年限"],
  ];
  for (const [text, shown] of candidates) {
    const d = distance(k, normalizeHeader(text));
    if (!best || d < best.d) best = { key: shown, d };
  }
  return best && best.d <= Math.max(1, Math.floor(k.length / 3)) ? best.key : undefined;
}

function unknownKey(key: string, raw: string): CreditPolicyError {
  const near = nearPolicyKey(key);
  const known = knownPolicyKeys().join("、");
  return new CreditPolicyError(key, raw, `信用政策中没有参数「${key}」${near ? `，您是不是要写「${near}」？` : "。"}可用的参数：${known}。Credit policy has no setting '${key}'${near ? ` (did you mean '${near}'?)` : ""}; known keys: ${knownPolicyKeys().join(", ")}.`);
}

/** The rows a new 信用政策 table gets: every setting with its default. */
export function defaultPolicyRows(): Cell[][] {
  return (Object.keys(POLICY_KEYS) as (keyof CreditPolicy)[]).map((k) => [POLICY_KEYS[k].key, DEFAULT_POLICY[k]]);
}
