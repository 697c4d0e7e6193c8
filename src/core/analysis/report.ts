/**
 * Composition analysis of a workbook (SPEC §9, seed 002 客户构成分析): every customer of 客户信息
 * (and any id found only in 回款记录) with its sales in the 12 months up to the as-of day, its
 * open balance and overdue amount, broken down by ABC class, province, industry, grade, type,
 * owner, status and product, plus the concentration of sales. What `custfile analyze` prints,
 * what the 客户构成分析 sheet shows (sheet.ts) and what the pane will chart.
 */
import { formatDay } from "../dates";
import { customerKey, type PaymentProblem } from "../credit/payments";
import { isBlank, type SheetBlock } from "../table";
import { mergeLists, readLists } from "../template/lists";
import type { TableKey } from "../template/tables";
import { detectTables, type DetectedTable } from "../validate/detect";
import { ABC_CLASSES, abcClasses, concentration, type AbcClass, type Concentration } from "./abc";
import { BREAKDOWN_KEYS, SPECIAL_KEYS, UNREGISTERED, attributeKeys, type AttributeKey, type BreakdownKey } from "./customers";
import { CustomerIds } from "./ids";
import { readAbcBounds, type AbcBounds } from "./policy";
import { salesFigures, salesWindowStart, type CustomerRegistry, type SalesFigures } from "./sales";
import { largestRemainder } from "./shares";
import { pushAll } from "../arrays";

/** One line of a breakdown; money in yuan, shares as fractions 0–1. */
export interface BreakdownRow {
  key: string;
  /** Customers under the key (for products: customers that bought it in the window). */
  count: number;
  countShare: number;
  sales: number;
  salesShare: number;
  open: number;
  overdue: number;
}

/** One breakdown with the shares as printed. */
export interface Breakdown {
  by: BreakdownKey;
  rows: BreakdownRow[];
  /** Shares in whole per-mille (0.1%) per row, rounded so each column adds up to exactly 1000 (largest remainder). */
  countPermille: number[];
  salesPermille: number[];
  /** True when a customer may count under several keys (products), so counts do not add up to the customers. */
  overlapping: boolean;
}

/** One of the largest customers by sales. */
export interface TopCustomer {
  id: string;
  /** 客户名称, "" when unknown. */
  name: string;
  sales: number;
  share: number;
  abc: AbcClass;
}

/** The composition of a workbook's customers at an as-of day. */
export interface CompositionReport {
  asOf: string;
  /** The sales window: invoices dated from `salesFrom` to `asOf` (both included). */
  salesFrom: string;
  /** Customers analysed: the ids of 客户信息, then ids found only in 回款记录. */
  customers: number;
  /** Net sales in the window, open balance and overdue amount of all customers (yuan). */
  sales: number;
  open: number;
  overdue: number;
  bounds: AbcBounds;
  /** The breakdowns asked for, in the order asked. */
  breakdowns: Breakdown[];
  concentration: Concentration;
  /** The 10 largest customers by sales. */
  top: TopCustomer[];
  /** Payment rows left out (as credit grading leaves them out). */
  problems: PaymentProblem[];
  warnings: string[];
  /** Sheets the tables were read from (null when the workbook has none). */
  customersSheet: string | null;
  paymentsSheet: string | null;
  /** Header of the Payments product column, null when there is none (no product breakdown). */
  productColumn: string | null;
}

/** The workbook cannot be analysed as asked (no tables at all, a product breakdown without a product column). */
export class AnalysisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnalysisInputError";
  }
}

/** The tables analyzeWorkbook reads (a host may read only their sheets): customers, sales, the ABC bounds of 信用政策 and the lists. */
export const ANALYSIS_TABLES: readonly TableKey[] = ["Customers", "Payments", "CreditPolicy", "Lists"];

/** Options of analyzeWorkbook. */
export interface AnalysisOptions {
  /** The as-of day number: sales are the 12 months up to it, open and overdue are measured at it. */
  asOf: number;
  /** Breakdowns to compute, in output order; default every one the workbook allows (product only with a product column). */
  by?: readonly BreakdownKey[];
}

/** Accumulates customers into the keys of one breakdown (fen and counts, whole numbers). */
interface Tally {
  keys: string[];
  count: number[];
  sales: number[];
  open: number[];
  overdue: number[];
}

function tally(keys: string[], of: ArrayLike<number>, figures: SalesFigures): Tally {
  const k = keys.length;
  const t: Tally = { keys, count: new Array(k).fill(0), sales: new Array(k).fill(0), open: new Array(k).fill(0), overdue: new Array(k).fill(0) };
  for (let c = 0; c < of.length; c++) {
    const i = of[c];
    t.count[i]++;
    t.sales[i] += figures.sales[c];
    t.open[i] += figures.open[c];
    t.overdue[i] += figures.overdue[c];
  }
  return t;
}

/** Rows of a tally in output order: largest sales first (then more customers, then key); 未填 / 未识别 / 未登记 last. ABC keeps A, B, C, 无交易. */
function breakdownOf(by: BreakdownKey, t: Tally, customers: number): Breakdown {
  let order = t.keys.map((_, i) => i);
  if (by !== "abc") {
    order = order.filter((i) => t.count[i] > 0 || t.sales[i] !== 0 || t.open[i] !== 0);
    const special = (i: number) => SPECIAL_KEYS.indexOf(t.keys[i]);
    order.sort((a, b) => special(a) - special(b) || t.sales[b] - t.sales[a] || t.count[b] - t.count[a] || (t.keys[a] < t.keys[b] ? -1 : t.keys[a] > t.keys[b] ? 1 : 0));
  }
  const overlapping = by === "product";
  const totalSales = order.reduce((s, i) => s + t.sales[i], 0);
  const rows = order.map((i) => ({
    key: t.keys[i],
    count: t.count[i],
    countShare: customers > 0 ? t.count[i] / customers : 0,
    sales: t.sales[i] / 100,
    salesShare: totalSales > 0 ? t.sales[i] / totalSales : 0,
    open: t.open[i] / 100,
    overdue: t.overdue[i] / 100,
  }));
  const counts = order.map((i) => t.count[i]);
  // Overlapping counts are no partition of the customers: each share is rounded on its own.
  const countPermille = overlapping ? counts.map((n) => (customers > 0 ? Math.round((n * 1000) / customers) : 0)) : largestRemainder(counts);
  return { by, rows, countPermille, salesPermille: largestRemainder(order.map((i) => t.sales[i])), overlapping };
}

/** The id column of a detected Customers table, or null. */
function idColumn(table: DetectedTable | null): number {
  return table?.columns.find((c) => c.def.key === "customerId")?.index ?? -1;
}

/**
 * Analyse a workbook's blocks (as hosts read them) at an as-of day. Throws AnalysisInputError
 * when there is neither a Customers nor a Payments table, or a product breakdown is asked for
 * without a product column; PaymentsTableError when Payments lacks a needed column;
 * CreditPolicyError when an ABC bound in 信用政策 is not a share.
 */
export function analyzeWorkbook(blocks: readonly SheetBlock[], options: AnalysisOptions): CompositionReport {
  const asOf = options.asOf;
  const tables = detectTables(blocks);
  const find = (key: string) => tables.find((t) => t.table === key) ?? null;
  const customersTable = find("Customers");
  const paymentsTable = find("Payments");
  if (!customersTable && !paymentsTable) {
    throw new AnalysisInputError("没有客户信息表，也没有回款记录表。Neither a Customers table (sheet 客户信息) nor a Payments table (sheet 回款记录) was found.");
  }
  const policyTable = find("CreditPolicy");
  const bounds = readAbcBounds(policyTable ? blocks[policyTable.blockIndex].values : null);
  const listsTable = find("Lists");
  const lists = mergeLists(listsTable ? readLists(blocks[listsTable.blockIndex], listsTable.headerRowIndex).lists : undefined);
  const warnings: string[] = [];

  // Customers of 客户信息 in sheet order; a repeated id keeps its first row (the validator reports the repeat).
  const registry: CustomerRegistry = new CustomerIds(customersTable ? blocks[customersTable.blockIndex].values.length : 16);
  const rows: number[] = [];
  const customerValues = customersTable ? blocks[customersTable.blockIndex].values : [];
  if (customersTable) {
    const idCol = idColumn(customersTable);
    if (idCol < 0) throw new AnalysisInputError(`${customersTable.sheet}: 缺少「客户编号」列。The Customers table has no 客户编号 (Customer ID) column.`);
    let repeated = 0;
    for (let r = customersTable.headerRowIndex + 1; r < customerValues.length; r++) {
      const id = customerKey(customerValues[r]?.[idCol]);
      if (id === "") continue;
      // An id seen before keeps its first index (below the rows registered so far).
      if (registry.add(id) < rows.length) { repeated++; continue; }
      rows.push(r);
    }
    if (repeated > 0) warnings.push(`${repeated} row(s) of ${customersTable.sheet} repeat a 客户编号 of an earlier row; each customer is counted once, with its first row`);
  } else {
    warnings.push("no Customers table (客户信息): every customer is 未登记 in the breakdowns by customer attributes");
  }
  const registered = registry.ids.length;

  let figures: SalesFigures;
  if (paymentsTable) {
    figures = salesFigures(blocks[paymentsTable.blockIndex], asOf, registry);
    pushAll(warnings, figures.warnings);
  } else {
    figures = noPayments(asOf, registry.ids.length);
    warnings.push("no Payments table (回款记录): sales, open balance and overdue amount are 0");
  }
  const n = registry.ids.length;
  if (n > registered && customersTable) warnings.push(`${n - registered} customer id(s) in ${paymentsTable!.sheet} are not in ${customersTable.sheet}; they are listed as ${UNREGISTERED}: ${registry.ids.slice(registered, registered + 5).join(", ")}${n - registered > 5 ? " …" : ""}`);
  const rowOf = new Int32Array(n).fill(-1);
  rows.forEach((r, c) => { rowOf[c] = r; });

  const available = BREAKDOWN_KEYS.filter((k) => k !== "product" || figures.products !== null);
  const by = options.by ?? available;
  if (by.includes("product") && !figures.products) {
    throw new AnalysisInputError(`回款记录没有「商品」列，无法按商品分析。The payments table has no product column (商品 / 产品 / Product), so there is no product breakdown.`);
  }

  const abc = abcClasses(registry.ids, figures.sales, bounds);
  const breakdowns: Breakdown[] = [];
  for (const key of by) {
    if (key === "abc") {
      breakdowns.push(breakdownOf(key, tally([...ABC_CLASSES], abc.classes, figures), n));
    } else if (key === "product") {
      const p = figures.products!;
      breakdowns.push(breakdownOf(key, { keys: p.keys, count: p.customers, sales: p.sales, open: p.open, overdue: p.overdue }, n));
    } else {
      const attr = attributeKeys(key as AttributeKey, customersTable, customerValues, rowOf, lists);
      if (customersTable && attr.column === null) warnings.push(`${customersTable.sheet} has no ${key} column: every customer is 未填 in the ${key} breakdown`);
      breakdowns.push(breakdownOf(key, tally(attr.keys, attr.of, figures), n));
    }
  }

  const nameCol = customersTable?.columns.find((c) => c.def.key === "name")?.index ?? -1;
  const top: TopCustomer[] = abc.ranked.slice(0, 10).map((c) => ({
    id: registry.ids[c],
    name: nameCol >= 0 && rowOf[c] >= 0 && !isBlank(customerValues[rowOf[c]]?.[nameCol] ?? null) ? String(customerValues[rowOf[c]][nameCol]).trim() : "",
    sales: figures.sales[c] / 100,
    share: figures.sales[c] / abc.positiveTotal,
    abc: ABC_CLASSES[abc.classes[c]],
  }));
  const sum = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0);
  return {
    asOf: formatDay(asOf), salesFrom: formatDay(figures.from), customers: n,
    sales: sum(figures.sales) / 100, open: sum(figures.open) / 100, overdue: sum(figures.overdue) / 100,
    bounds, breakdowns, concentration: concentration(figures.sales, abc), top,
    problems: figures.problems, warnings,
    customersSheet: customersTable?.sheet ?? null, paymentsSheet: paymentsTable?.sheet ?? null, productColumn: figures.productColumn,
  };
}

/** The figures of a workbook without Payments: nothing sold, nothing open. */
function noPayments(asOf: number, n: number): SalesFigures {
  const zeros = () => new Float64Array(n);
  return { from: salesWindowStart(asOf), to: asOf, sales: zeros(), open: zeros(), overdue: zeros(), productColumn: null, products: null, problems: [], warnings: [], rows: 0 };
}

/** The JSON of `custfile analyze --json` (SPEC §9 / issue 13). */
export interface CompositionJson {
  asOf: string;
  customers: number;
  sales: number;
  breakdowns: Partial<Record<BreakdownKey, BreakdownRow[]>>;
  concentration: Concentration;
}

/** The report as `custfile analyze --json` prints it: {asOf, customers, sales, breakdowns: {abc: [...], …}, concentration}. */
export function compositionJson(report: CompositionReport): CompositionJson {
  const breakdowns: Partial<Record<BreakdownKey, BreakdownRow[]>> = {};
  for (const b of report.breakdowns) breakdowns[b.by] = b.rows;
  return { asOf: report.asOf, customers: report.customers, sales: report.sales, breakdowns, concentration: report.concentration };
}
