/**
 * Sales, open balance and overdue amount per customer (and per product) from the Payments
 * table, in one pass over its rows (SPEC §9 with §2.4 and §7):
 *
 * - rows are read by core/credit's readPaymentRow, so the rows left out, the credit notes and
 *   the due dates are exactly those of credit grading;
 * - an invoice counts once however many payment rows repeat its 金额 (the largest, as credit
 *   takes it when rows disagree); credit notes under its 单据号 net against it; a credit under
 *   its own 单据号 (unapplied) reduces sales by its own date but not the open balance;
 * - sales = net invoiced amount of the invoices dated in the 12 months up to the as-of day;
 * - open = what is still unpaid of the net amount at the as-of day, whatever the invoice's age,
 *   and overdue = the open part already past its due date: the same figures as credit's
 *   openAmount and its aging buckets beyond "current".
 *
 * Credit grading keeps every payment of every invoice to score it; composition needs sums
 * only, so invoices live in flat arrays here (no object per invoice, no map per customer):
 * that is what keeps 1,000,000 rows within a few plain passes over them (bench/analysis.bench.ts).
 */
import { addMonths } from "../dates";
import { customerKey, mapPaymentColumns, paymentRowRecord, readPaymentRow, type PaymentProblem } from "../credit/payments";
import { cellText, isBlank, type Cell, type SheetBlock } from "../table";
import { PAYMENTS } from "../template/tables";
import { matchHeader } from "../validate/detect";
import { nameKey } from "../validate/text";
import { mix, textHash, type CustomerIds } from "./ids";

// Hot-path helpers bound once: a runner that compiles imports to getters (tsx, as the benchmark
// runs) would otherwise call a getter for every row.
const readRow = readPaymentRow;
const blank = isBlank;
const key = customerKey;

/** Customer ids and their index: the Customers table's ids first, ids found only in Payments appended. */
export type CustomerRegistry = CustomerIds;

/** The key of invoices and customers without a product. */
export const NO_PRODUCT = "未填";

/** Figures per product (商品): invoices without one are under NO_PRODUCT. */
export interface ProductFigures {
  /** Product names as first written. */
  keys: string[];
  /** Net sales in the window, open and overdue (fen), per product. */
  sales: number[];
  open: number[];
  overdue: number[];
  /** Customers that bought the product in the window (an invoice with net amount > 0; a customer counts under each product it bought). */
  customers: number[];
}

/** What the Payments table says about every customer. */
export interface SalesFigures {
  /** First and last day of the sales window (day numbers): invoices dated in it count as sales. */
  from: number;
  to: number;
  /** Per customer (registry index), in fen. */
  sales: Float64Array;
  open: Float64Array;
  overdue: Float64Array;
  /** Header text of the product column, null when Payments has none. */
  productColumn: string | null;
  products: ProductFigures | null;
  /** Rows left out (the same rows and messages as credit grading). */
  problems: PaymentProblem[];
  /** Things the user should know (invoices with disagreeing rows …); each line counts its cases. */
  warnings: string[];
  /** Data rows read. */
  rows: number;
}

/** Months of invoices that count as sales (SPEC §9: the 12 months up to the as-of day). */
export const SALES_MONTHS = 12;

/** The first day of the sales window ending on the as-of day (2026-09-30 → 2025-10-01). */
export function salesWindowStart(asOf: number): number {
  return addMonths(asOf, -SALES_MONTHS) + 1;
}

/**
 * Invoices as flat typed arrays (index = invoice number in order of first appearance) with an
 * open-addressing hash table on (customer, 单据号): no object per invoice, no Map of a million
 * strings, backing stores the garbage collector does not scan, and the same cost whether the
 * rows come grouped by customer or, as a real 回款记录 does, by date. Sized for the largest
 * possible count (one invoice per row) and kept for the next analysis (see `invoicesFor`):
 * allocating tens of megabytes again is what makes the collector run, and it then has to mark
 * every cell of the workbook.
 */
class Invoices {
  size = 0;
  readonly capacity: number;
  readonly customer: Int32Array;
  /** FNV-1a hash of the 单据号 (a probe compares it before the text). */
  readonly hash: Int32Array;
  /** Row index (into the block's values) of the invoice's first row: its 单据号 cell is the key's text. */
  readonly row: Int32Array;
  readonly day: Int32Array;
  readonly due: Int32Array;
  /** Product (index into ProductFigures.keys) of the invoice's first row that names one, -1 for none. */
  readonly product: Int32Array;
  /** Invoice amount (fen); 0 while only credit rows were seen (an unapplied credit). */
  readonly amount: Float64Array;
  readonly credits: Float64Array;
  readonly paid: Float64Array;
  /** Hash table: invoice index + 1 per slot, 0 for empty; at most half full. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private values: readonly (readonly Cell[])[] = [];
  private noColumn = 0;
  private spareLinks: Int32Array | undefined;
  private spareMarks: Int32Array | undefined;
  amountDiffers = 0;

  constructor(capacity: number) {
    const n = (this.capacity = Math.max(1, capacity));
    this.customer = new Int32Array(n); this.hash = new Int32Array(n); this.row = new Int32Array(n); this.day = new Int32Array(n); this.due = new Int32Array(n);
    this.product = new Int32Array(n).fill(-1);
    this.amount = new Float64Array(n); this.credits = new Float64Array(n); this.paid = new Float64Array(n);
    let size = 2;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Start on a payment table: empty, keys read from its 单据号 column. */
  start(values: readonly (readonly Cell[])[], noColumn: number): void {
    const used = this.size;
    // Sums and markers of the invoices of the last table go back to their initial values; the rest is overwritten before it is read.
    this.amount.fill(0, 0, used); this.credits.fill(0, 0, used); this.paid.fill(0, 0, used); this.product.fill(-1, 0, used);
    if (used > 0) this.slots.fill(0);
    this.size = 0;
    this.amountDiffers = 0;
    this.values = values;
    this.noColumn = noColumn;
  }

  /** A spare array of one int per invoice, for lists over the invoices (kept like the others). */
  links(): Int32Array {
    return (this.spareLinks ??= new Int32Array(this.capacity));
  }

  /** A second spare array of one int per invoice. */
  marks(): Int32Array {
    return (this.spareMarks ??= new Int32Array(this.capacity));
  }

  /** Let go of the table's cells (the arrays are kept for the next analysis). */
  finish(): void {
    this.values = [];
  }

  /** The invoice `no` (hash `h`) of customer `c`, added (first seen in row `r`, dated `day`) when it is new. */
  find(c: number, no: string, h: number, r: number, day: number): number {
    const slots = this.slots;
    let s = mix(h ^ Math.imul(c, 0x9e3779b1)) & this.mask;
    for (let e = slots[s]; e !== 0; e = slots[s]) {
      const i = e - 1;
      if (this.customer[i] === c && this.hash[i] === h && key(this.values[this.row[i]][this.noColumn]) === no) return i;
      s = (s + 1) & this.mask;
    }
    const i = this.size++;
    slots[s] = i + 1;
    this.customer[i] = c; this.hash[i] = h; this.row[i] = r; this.day[i] = day;
    return i;
  }
}

/** Invoice arrays kept from the last analysis; only up to this many invoices (about 60 MB at 1,000,000). */
const KEEP_UP_TO = 2_000_000;
let kept: Invoices | null = null;

/** Invoice arrays for a table of `rows` data rows: the kept ones when they are large enough. */
function invoicesFor(rows: number): Invoices {
  const inv = kept !== null && kept.capacity >= rows ? kept : new Invoices(rows);
  kept = inv.capacity <= KEEP_UP_TO ? inv : null;
  return inv;
}

/** Find the product column of a payment header row (商品 / 产品 / Product …), -1 when there is none. */
function productColumnOf(header: readonly Cell[]): number {
  for (let c = 0; c < header.length; c++) if (matchHeader(PAYMENTS, header[c] ?? null)?.key === "product") return c;
  return -1;
}

/**
 * Sales, open and overdue of every customer from a payment table (header row included), at an
 * as-of day; ids not yet in `registry` are added to it. Throws PaymentsTableError when the
 * header or a needed column is missing, like credit grading.
 */
export function salesFigures(block: Pick<SheetBlock, "values" | "firstRow">, asOf: number, registry: CustomerRegistry): SalesFigures {
  const values = block.values;
  const map = mapPaymentColumns(values);
  const productCol = productColumnOf(values[map.headerIndex]);
  const from = salesWindowStart(asOf);
  const problems: PaymentProblem[] = [];
  const inv = invoicesFor(values.length - map.headerIndex - 1);
  inv.start(values, map.columns.invoiceNo);

  const products = productCol >= 0 ? newProducts() : null;
  const productIndex: ProductIndex = { raw: new Map(), byKey: new Map() };
  const r0 = paymentRowRecord();
  let lastId = "";
  let lastCustomer = -1;
  let lastNo = "";
  let lastInvoice = -1;
  for (let r = map.headerIndex + 1; r < values.length; r++) {
    const row = values[r];
    if (!row) continue;
    const kind = readRow(row, map, asOf, r0);
    if (kind === "blank" || kind === "after-as-of") continue;
    if (kind === "invalid") {
      const sheetRow = block.firstRow + r;
      const p = r0.problem!;
      problems.push({ row: sheetRow, code: p.code, column: map.headers[p.column], customerId: r0.customerId || undefined, detail: p.why, message: `row ${sheetRow}: ${p.why}; row left out` });
      continue;
    }
    // Payment rows of one invoice often follow each other: then the last lookups hold.
    const id = r0.customerId;
    let c = lastCustomer;
    if (id !== lastId) {
      c = registry.add(id);
      lastId = id;
      lastCustomer = c;
      lastInvoice = -1;
    }
    const no = r0.invoiceNo;
    let i = lastInvoice;
    if (i < 0 || no !== lastNo) {
      i = inv.find(c, no, textHash(no), r, r0.invoiceDay);
      lastNo = no;
      lastInvoice = i;
    }
    // The product is read while the row is at hand (read again later it would be a trip to memory per invoice).
    if (products && inv.product[i] < 0) {
      const cell = row[productCol] ?? null;
      if (!blank(cell)) inv.product[i] = productOf(products, productIndex, cell);
    }
    if (kind === "credit") {
      inv.credits[i] += r0.amount;
      continue;
    }
    // An invoice row: the same choices as credit grading when rows of one invoice disagree.
    const amount = r0.amount;
    if (inv.amount[i] === 0) {
      inv.amount[i] = amount; inv.day[i] = r0.invoiceDay; inv.due[i] = r0.dueDay;
    } else {
      if (amount !== inv.amount[i]) { inv.amountDiffers++; inv.amount[i] = Math.max(inv.amount[i], amount); }
      if (r0.invoiceDay < inv.day[i]) inv.day[i] = r0.invoiceDay;
      if (r0.dueDay < inv.due[i]) inv.due[i] = r0.dueDay;
    }
    if (r0.paidFen > 0 && r0.paidDay <= asOf) inv.paid[i] += r0.paidFen;
  }

  const n = registry.size;
  const sales = new Float64Array(n);
  const open = new Float64Array(n);
  const overdue = new Float64Array(n);
  // Customers per product: each bought invoice is put on its customer's list, the lists are walked below.
  const boughtHead = products ? new Int32Array(n).fill(-1) : null;
  const boughtNext = products ? inv.links() : null;
  const boughtProduct = products ? inv.marks() : null;
  let overCredited = 0;
  for (let i = 0; i < inv.size; i++) {
    const c = inv.customer[i];
    const amount = inv.amount[i];
    const net = amount + inv.credits[i];
    const inWindow = inv.day[i] >= from;
    const sale = inWindow ? net : 0;
    let owed = 0;
    let late = 0;
    if (amount > 0) {
      if (net < 0) overCredited++;
      // Payments beyond the net amount (overpaid) leave nothing open, as in credit's aging.
      owed = Math.max(0, Math.max(net, 0) - inv.paid[i]);
      late = inv.due[i] < asOf ? owed : 0;
    }
    sales[c] += sale;
    open[c] += owed;
    overdue[c] += late;
    if (products) {
      const p = inv.product[i] >= 0 ? inv.product[i] : productOf(products, productIndex, null);
      products.sales[p] += sale;
      products.open[p] += owed;
      products.overdue[p] += late;
      // A purchase: an invoice of the window with something left after credit notes.
      if (inWindow && net > 0) {
        boughtProduct![i] = p;
        boughtNext![i] = boughtHead![c];
        boughtHead![c] = i;
      }
    }
  }
  if (products) {
    // A customer counts once per product it bought: walk each customer's purchases, marking the products seen for it.
    const seenFor = new Int32Array(products.keys.length).fill(-1);
    for (let c = 0; c < n; c++) {
      for (let i = boughtHead![c]; i >= 0; i = boughtNext![i]) {
        const p = boughtProduct![i];
        if (seenFor[p] !== c) {
          seenFor[p] = c;
          products.customers[p]++;
        }
      }
    }
  }

  inv.finish();
  const warnings: string[] = [];
  if (inv.amountDiffers > 0) warnings.push(`${inv.amountDiffers} payment row(s) give their invoice a different 金额 than its other rows; the largest is used, as in credit grading`);
  if (overCredited > 0) warnings.push(`${overCredited} invoice(s) have credit notes larger than the invoice; their net sales are negative`);
  return {
    from, to: asOf, sales, open, overdue,
    productColumn: productCol >= 0 ? cellText(values[map.headerIndex][productCol] ?? null) : null,
    products, problems, warnings, rows: Math.max(0, values.length - map.headerIndex - 1),
  };
}

function newProducts(): ProductFigures {
  return { keys: [], sales: [], open: [], overdue: [], customers: [] };
}

/** Products found so far: by the cell as written (most invoices repeat a few names) and by nameKey. */
interface ProductIndex {
  raw: Map<Cell, number>;
  byKey: Map<string, number>;
}

/** The product index of a product cell (grouped by nameKey: spaces, full-width forms and case do not split a product). */
function productOf(products: ProductFigures, index: ProductIndex, cell: Cell | undefined): number {
  const raw = cell ?? null;
  const known = index.raw.get(raw);
  if (known !== undefined) return known;
  const text = isBlank(raw) ? NO_PRODUCT : cellText(raw).trim();
  const key = text === NO_PRODUCT ? "\u0000" : nameKey(text);
  let p = index.byKey.get(key);
  if (p === undefined) {
    p = products.keys.length;
    index.byKey.set(key, p);
    products.keys.push(text);
    products.sales.push(0);
    products.open.push(0);
    products.overdue.push(0);
    products.customers.push(0);
  }
  index.raw.set(raw, p);
  return p;
}
