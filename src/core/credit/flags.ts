/**
 * Recorded vs computed (SPEC §8.1): what Customers says the company decided (客户等级, 信用额度)
 * against what the payments say now. Three flags, each a findings-like record on the Customers
 * cell it is about, so a host can list them under their own heading and select the cell:
 * `over-limit` (error) open balance above 信用额度; `grade-drift` (warning) recorded grade ≠
 * computed grade; `limit-above-suggested` (info) 信用额度 above the suggested limit.
 */
import type { Cell } from "../table";
import { CUSTOMERS, header } from "../template/tables";
import { locate } from "../validate/messages";
import type { Finding, LocalizedText, Severity } from "../validate/types";
import type { CustomerCredit } from "./payments";
import { yuanText, type CustomersColumn, type RecordedCredit, type RecordedCustomer } from "./recorded";

/** The codes of SPEC §8.1, in the order a list shows them (most severe first). */
export const CREDIT_FLAG_CODES = ["over-limit", "grade-drift", "limit-above-suggested"] as const;
export type CreditFlagCode = (typeof CREDIT_FLAG_CODES)[number];

/** Severity of each flag (SPEC §8.1). */
export const CREDIT_FLAG_SEVERITY: Readonly<Record<CreditFlagCode, Severity>> = {
  "over-limit": "error",
  "grade-drift": "warning",
  "limit-above-suggested": "info",
};

/** Short labels of the flags for a heading, count chips and the CLI. */
export const CREDIT_FLAG_LABELS: Readonly<Record<CreditFlagCode, LocalizedText>> = {
  "over-limit": { "zh-CN": "超出信用额度", "en-US": "Over limit" },
  "grade-drift": { "zh-CN": "等级与计算不符", "en-US": "Grade drift" },
  "limit-above-suggested": { "zh-CN": "额度高于建议", "en-US": "Limit above suggested" },
};

/** One flag: a finding on the 客户等级 or 信用额度 cell of a Customers row, with a code of its own. */
export interface CreditFlag extends Omit<Finding, "code" | "fix"> {
  code: CreditFlagCode;
  customerId: string;
  /** What the payments suggest instead: the computed grade (grade-drift) or the suggested limit (limit-above-suggested); never written by custfile on its own. */
  suggestion?: Cell;
}

/** The sheet and columns flags point at. */
export interface FlagPlace {
  sheet: string;
  gradeColumn: CustomersColumn | null;
  limitColumn: CustomersColumn | null;
}

const fen = (yuan: number) => Math.round(yuan * 100);

/** The flags of one customer (recorded vs computed), most severe first; none for a customer not in Customers. */
export function creditFlags(recorded: RecordedCustomer, computed: CustomerCredit, place: FlagPlace): CreditFlag[] {
  const flags: CreditFlag[] = [];
  const make = (code: CreditFlagCode, column: CustomersColumn, value: Cell, zh: string, en: string, suggestion?: Cell): CreditFlag => ({
    table: CUSTOMERS.key, sheet: place.sheet, row: recorded.row, column: column.header, columnNumber: column.columnNumber,
    code, severity: CREDIT_FLAG_SEVERITY[code], value, customerId: recorded.id,
    message: locate(place.sheet, recorded.row, column.columnNumber, column.header, { zh, en }),
    ...(suggestion === undefined ? {} : { suggestion }),
  });
  const limitHeader = place.limitColumn?.header ?? header(CUSTOMERS, "creditLimit");
  const open = fen(computed.openAmount);
  if (place.limitColumn && recorded.limitFen !== null && open > recorded.limitFen) {
    const over = yuanText(open - recorded.limitFen);
    flags.push(make("over-limit", place.limitColumn, recorded.limitText,
      `未收金额 ${yuanText(open)} 超过${limitHeader} ${yuanText(recorded.limitFen)}，超出 ${over}。`,
      `open balance ${yuanText(open)} is over the credit limit ${yuanText(recorded.limitFen)} by ${over}.`));
  }
  // N means "not enough history": nothing to compare a recorded grade or limit with.
  if (computed.grade !== "N") {
    if (place.gradeColumn && recorded.grade !== computed.grade) {
      const was = recorded.gradeText === "" ? "（空）" : recorded.gradeText;
      const wasEn = recorded.gradeText === "" ? "blank" : recorded.gradeText;
      const why = `评分 ${computed.score ?? "—"}，DBT ${computed.dbt ?? "—"} 天，${computed.invoices} 张发票中 ${computed.lateInvoices} 张逾期`;
      const whyEn = `score ${computed.score ?? "—"}, DBT ${computed.dbt ?? "—"} days, ${computed.lateInvoices} of ${computed.invoices} invoices late`;
      flags.push(make("grade-drift", place.gradeColumn, recorded.gradeText,
        `记录为 ${was}，按回款计算为 ${computed.grade}（${why}）。`,
        `recorded ${wasEn}, the payments grade it ${computed.grade} (${whyEn}).`, computed.grade));
    }
    const suggested = fen(computed.limit);
    if (place.limitColumn && recorded.limitFen !== null && recorded.limitFen > suggested) {
      flags.push(make("limit-above-suggested", place.limitColumn, recorded.limitText,
        `${limitHeader} ${yuanText(recorded.limitFen)} 高于建议额度 ${yuanText(suggested)}（计算等级 ${computed.grade}）。`,
        `credit limit ${yuanText(recorded.limitFen)} is above the suggested limit ${yuanText(suggested)} (computed grade ${computed.grade}).`, computed.limit));
    }
  }
  return flags;
}

/** Flags of every customer of Customers, in sheet order (each customer's most severe first), graded by `credit`. */
export function flagAll(recorded: RecordedCredit, credit: (id: string) => CustomerCredit): CreditFlag[] {
  const place: FlagPlace = { sheet: recorded.sheet, gradeColumn: recorded.gradeColumn, limitColumn: recorded.limitColumn };
  return recorded.customers.flatMap((c) => creditFlags(c, credit(c.id), place));
}

/** Flags counted by code (every code present, 0 when none). */
export function countFlags(flags: readonly CreditFlag[]): Record<CreditFlagCode, number> {
  const counts = Object.fromEntries(CREDIT_FLAG_CODES.map((c) => [c, 0])) as Record<CreditFlagCode, number>;
  for (const f of flags) counts[f.code]++;
  return counts;
}
