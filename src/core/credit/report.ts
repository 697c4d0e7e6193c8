/**
 * Credit grading of a whole workbook (what `custfile credit` prints and writes): every customer
 * of 客户信息 in its order, then any id found only in 回款记录 (with a warning), the policy from
 * 信用政策, the rows left out, and the grade distribution.
 */
import { formatDay } from "../dates";
import type { Cell, SheetBlock } from "../table";
import type { TableKey } from "../template/tables";
import { detectTables } from "../validate/detect";
import { AGING_HEADERS, AGING_KEYS, type Grade } from "./model";
import { buildCreditIndex, customerKey, PaymentsTableError, type CustomerCredit, type PaymentProblem } from "./payments";
import { readCreditPolicy, type CreditPolicy } from "./policy";

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

  const ids: string[] = [];
  const listed = new Set<string>();
  const customersTable = tables.find((t) => t.table === "Customers");
  const idColumn = customersTable?.columns.find((c) => c.def.key === "customerId");
  if (customersTable && idColumn) {
    const values = blocks[customersTable.blockIndex].values;
    for (let r = customersTable.headerRowIndex + 1; r < values.length; r++) {
      const id = customerKey(values[r]?.[idColumn.index]);
      if (id === "" || listed.has(id)) continue;
      listed.add(id);
      ids.push(id);
    }
  }
  const customers = ids.map((id) => index.get(id));
  for (const [id, c] of index.customers) {
    if (listed.has(id)) continue;
    customers.push({ ...c, warnings: [`客户编号 ${id} is in 回款记录 (Payments) but not in 客户信息 (Customers)`, ...c.warnings] });
  }
  const distribution: Record<Grade, number> = { "A类": 0, "B类": 0, "C类": 0, N: 0 };
  for (const c of customers) distribution[c.grade]++;
  return { asOf: formatDay(asOf), customers, problems: index.problems, policy, distribution, paymentsSheet: payments.sheet };
}

/** Header of the 信用评级 sheet. */
export const CREDIT_SHEET_HEADERS: readonly string[] = [
  "客户编号", "信用等级", "信用分类", "回款评分", "逾期天数(DBT)", "建议额度", "未收金额", ...AGING_HEADERS, "发票数", "逾期发票数", "提示",
];

/** Name of the sheet `custfile credit --out` adds. */
export const CREDIT_SHEET = "信用评级";

/** Rows of the 信用评级 sheet (header first). */
export function creditSheetRows(report: CreditReport): Cell[][] {
  return [
    [...CREDIT_SHEET_HEADERS],
    ...report.customers.map((c) => [
      c.id, c.grade, c.tier, c.score, c.dbt, c.limit, c.openAmount, ...AGING_KEYS.map((k) => c.aging[k]), c.invoices, c.lateInvoices, c.warnings.join("；"),
    ]),
  ];
}

/** The JSON of `custfile credit --json`: {asOf, customers}. */
export function creditJson(report: CreditReport): { asOf: string; customers: CustomerCredit[] } {
  return { asOf: report.asOf, customers: report.customers };
}
