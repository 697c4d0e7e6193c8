/**
 * Credit grading of a whole workbook (what `custfile credit` prints and writes): every customer
 * of 客户信息 in its order, then any id found only in 回款记录 (with a warning), the policy from
 * 信用政策, the rows left out, and the grade distribution.
 */
import { formatDay } from "../dates";
import type { Cell, SheetBlock } from "../table";
import type { TableKey } from "../template/tables";
import { detectTables } from "../validate/detect";
import { countFlags, CREDIT_FLAG_LABELS, flagAll, type CreditFlag, type CreditFlagCode } from "./flags";
import { AGING_HEADERS, AGING_KEYS, type Grade } from "./model";
import { buildCreditIndex, PaymentsTableError, type CustomerCredit, type PaymentProblem } from "./payments";
import { readCreditPolicy, type CreditPolicy } from "./policy";
import { readRecordedCredit, type RecordedCredit } from "./recorded";

/** The grading of a workbook. */
export interface CreditReport {
  asOf: string;
  customers: CustomerCredit[];
  problems: PaymentProblem[];
  policy: CreditPolicy;
  /** Customers per grade, in the order A类, B类, C类, N. */
  distribution: Record<Grade, number>;
  /** Where the payments were read (sheet name). */
  paymentsSheet: string;
  /** What Customers records (客户等级, 信用额度), with notes on cells that could not be read. */
  recorded: RecordedCredit;
  /** Recorded vs computed (SPEC §8.1), in sheet order. */
  flags: CreditFlag[];
}

/** The tables creditReport reads (a host may read only their sheets). */
export const CREDIT_TABLES: readonly TableKey[] = ["Customers", "Payments", "CreditPolicy"];

/** Grade every customer of a workbook's blocks at an as-of day; throws PaymentsTableError without a usable payment table, CreditPolicyError on a bad policy value. */
export function creditReport(blocks: readonly SheetBlock[], asOf: number): CreditReport {
  const tables = detectTables(blocks);
  const payments = tables.find((t) => t.table === "Payments");
  if (!payments) throw new PaymentsTableError("没有回款记录表。No payment table (sheet 回款记录 / table Payments, or a sheet with its headers: 客户编号, 单据号, 开票日期, 金额, 付款日期, 付款金额).");
  const policyTable = tables.find((t) => t.table === "CreditPolicy");
  const policy = readCreditPolicy(policyTable ? blocks[policyTable.blockIndex].values : null);
  const index = buildCreditIndex(blocks[payments.blockIndex], { asOf, policy });

  const recorded = readRecordedCredit(blocks, tables);
  const customers = recorded.customers.map((c) => index.get(c.id));
  for (const [id, c] of index.customers) {
    if (recorded.byId.has(id)) continue;
    customers.push({ ...c, warnings: [`客户编号 ${id} is in 回款记录 (Payments) but not in 客户信息 (Customers)`, ...c.warnings] });
  }
  const distribution: Record<Grade, number> = { "A类": 0, "B类": 0, "C类": 0, N: 0 };
  for (const c of customers) distribution[c.grade]++;
  const flags = flagAll(recorded, (id) => index.get(id));
  return { asOf: formatDay(asOf), customers, problems: index.problems, policy, distribution, paymentsSheet: payments.sheet, recorded, flags };
}

/**
 * Header of the 信用评级 sheet: the computed figures, then what 客户信息 records (现等级, 现额度)
 * and the flags (标记, SPEC §8.1), so the sheet shows what `custfile credit` prints.
 */
export const CREDIT_SHEET_HEADERS: readonly string[] = [
  "客户编号", "信用等级", "信用分类", "回款评分", "逾期天数(DBT)", "建议额度", "未收金额", ...AGING_HEADERS, "发票数", "逾期发票数", "现等级", "现额度", "标记", "提示",
];

/** Name of the sheet `custfile credit --out` adds. */
export const CREDIT_SHEET = "信用评级";

/**
 * Rows of the 信用评级 sheet (header first), customers in the report's order. 现等级 is 客户等级
 * normalised (A → A类) or as written; 现额度 the amount in yuan, or the text as written when it is
 * no amount; both blank for an id that is only in 回款记录. 标记 lists the flags' labels, most
 * severe first; the messages that explain each flag go into 提示 after the warnings.
 */
export function creditSheetRows(report: CreditReport): Cell[][] {
  const flagsOf = new Map<string, CreditFlag[]>();
  for (const f of report.flags) flagsOf.set(f.customerId, [...(flagsOf.get(f.customerId) ?? []), f]);
  return [
    [...CREDIT_SHEET_HEADERS],
    ...report.customers.map((c) => {
      const r = report.recorded.byId.get(c.id);
      const grade = r ? r.grade ?? (r.gradeText === "" ? null : r.gradeText) : null;
      const limit = r ? (r.limitFen !== null ? r.limitFen / 100 : r.limitText === "" ? null : r.limitText) : null;
      const flags = flagsOf.get(c.id) ?? [];
      const marks = flags.map((f) => CREDIT_FLAG_LABELS[f.code]["zh-CN"]).join("、");
      const notes = [...c.warnings, ...flags.map((f) => `${CREDIT_FLAG_LABELS[f.code]["zh-CN"]}：${f.message["zh-CN"]}`)];
      return [c.id, c.grade, c.tier, c.score, c.dbt, c.limit, c.openAmount, ...AGING_KEYS.map((k) => c.aging[k]), c.invoices, c.lateInvoices, grade, limit, marks, notes.join("；")];
    }),
  ];
}

/** One customer in `custfile credit --json`: the computed figures, what Customers records and the flags (codes, most severe first). */
export interface CustomerCreditJson extends CustomerCredit {
  /** 客户等级 (normalised to A类/B类/C类 when it is one, else as written) and 信用额度 (yuan); null when blank, unreadable or not in Customers. */
  recorded: { grade: string | null; limit: number | null };
  flags: CreditFlagCode[];
}

/** The JSON of `custfile credit --json`: {asOf, customers, flagCounts}. */
export function creditJson(report: CreditReport): { asOf: string; customers: CustomerCreditJson[]; flagCounts: Record<CreditFlagCode, number> } {
  const flagsOf = new Map<string, CreditFlagCode[]>();
  for (const f of report.flags) flagsOf.set(f.customerId, [...(flagsOf.get(f.customerId) ?? []), f.code]);
  const customers = report.customers.map((c): CustomerCreditJson => {
    const r = report.recorded.byId.get(c.id);
    const recorded = r
      ? { grade: r.grade ?? (r.gradeText === "" ? null : r.gradeText), limit: r.limitFen === null ? null : r.limitFen / 100 }
      : { grade: null, limit: null };
    return { ...c, recorded, flags: flagsOf.get(c.id) ?? [] };
  });
  return { asOf: report.asOf, customers, flagCounts: countFlags(report.flags) };
}
