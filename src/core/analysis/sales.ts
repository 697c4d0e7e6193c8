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
 * that is what lets 1,000,000 rows be analysed in well under a second.
 */
import { addMonths } from "../dates";
import { mapPaymentColumns, paymentRowRecord, readPaymentRow, type PaymentProblem } from "../credit/payments";
import { cellText, isBlank, type Cell, type SheetBlock } from "../table";
import { PAYMENTS } from "../template/tables";
import { matchHeader } from "../validate/detect";
import { nameKey } from "../validate/text";

// Hot-path helpers bound once: a runner that compiles imports to getters (tsx, as the benchmark
// runs) would otherwise call a getter for every row.
const readRow = readPaymentRow;
const blank = isBlank;

/** Customer ids and their index: the Customers table's ids first, ids found only in Payments appended. */
export interface CustomerRegistry {
  ids: string[];
  index: Map<string, number>;
}

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
  sales: number[];
  open: number[];
  overdue: number[];
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

/** Invoices of one customer looked up by walking a short list; a customer with more gets a map. */
const LIST_LOOKUP_LIMIT = 16;

/**
 * Invoices as flat, growable typed arrays (index = invoice number in order of first appearance):
 * no object per invoice, and backing stores the garbage collector does not scan.
 */
class Invoices {
  size = 0;
  customer: Int32Array;
  day: Int32Array;
  due: Int32Array;
  /** Next invoice of the same customer (-1 at the end of its list). */
  next: Int32Array;
  /** Row index of the first row of the invoice with a product, -1 for none. */
  productRow: Int32Array;
  /** Invoice amount (fen); 0 while only credit rows were seen (an unapplied credit). */
  amount: Float64Array;
  credits: Float64Array;
  paid: Float64Array;
  no: string[] = [];
  amountDiffers = 0;

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.customer = new Int32Array(n); this.day = new Int32Array(n); this.due = new Int32Array(n); this.next = new Int32Array(n); this.productRow = new Int32Array(n);
    this.amount = new Float64Array(n); this.credits = new Float64Array(n); this.paid = new Float64Array(n);
  }

  private grow(): void {
    const n = this.customer.length * 2;
    const int = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    const float = (a: Float64Array) => { const b = new Float64Array(n); b.set(a); return b; };
    this.customer = int(this.customer); this.day = int(this.day); this.due = int(this.due); this.next = int(this.next); this.productRow = int(this.productRow);
    this.amount = float(this.amount); this.credits = float(this.credits); this.paid = float(this.paid);
  }

  add(customer: number, no: string, day: number, head: number): number {
    if (this.size === this.customer.length) this.grow();
    const i = this.size++;
    this.customer[i] = customer;
    this.no.push(no);
    this.day[i] = day;
    this.next[i] = head;
    this.productRow[i] = -1;
    return i;
  }
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
  // Rows per invoice are few: half the rows is a capacity that rarely has to grow.
  const inv = new Invoices(values.length >> 1);
  const head: number[] = [];
  const count: number[] = [];
  const lookup: (Map<string, number> | undefined)[] = [];
  const ensure = (c: number) => { while (head.length <= c) { head.push(-1); count.push(0); lookup.push(undefined); } };
  ensure(registry.ids.length - 1);

  const r0 = paymentRowRecord();
  let lastCustomer = -1;
  let lastNo = "";
  let lastInvoice = -1;
  let lastId = "";
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
    // Payment rows of one invoice usually follow each other: reuse the last lookup.
    const id = r0.customerId;
    let c: number;
    if (id === lastId) c = lastCustomer;
    else {
      const known = registry.index.get(id);
      if (known === undefined) {
        c = registry.ids.length;
        registry.ids.push(id);
        registry.index.set(id, c);
        ensure(c);
      } else c = known;
      lastId = id;
      lastCustomer = c;
      lastInvoice = -1;
    }
    const no = r0.invoiceNo;
    let i: number;
    if (lastInvoice >= 0 && no === lastNo) i = lastInvoice;
    else {
      i = findInvoice(inv, head[c], lookup[c], no);
      if (i < 0) {
        i = inv.add(c, no, r0.invoiceDay, head[c]);
        head[c] = i;
        if (++count[c] > LIST_LOOKUP_LIMIT) lookup[c] = indexInvoices(inv, head[c], lookup[c], i);
      }
      lastNo = no;
      lastInvoice = i;
    }
    if (productCol >= 0 && inv.productRow[i] < 0 && !blank(row[productCol] ?? null)) inv.productRow[i] = r;
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

  const n = registry.ids.length;
  const sales: number[] = new Array(n).fill(0);
  const open: number[] = new Array(n).fill(0);
  const overdue: number[] = new Array(n).fill(0);
  const products = productCol >= 0 ? newProducts() : null;
  const productIndex = new Map<string, number>();
  const productCustomer = new Set<number>();
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
      const p = productOf(products, productIndex, inv.productRow[i] >= 0 ? values[inv.productRow[i]][productCol] : null);
      products.sales[p] += sale;
      products.open[p] += owed;
      products.overdue[p] += late;
      // A customer counts once per product it bought in the window (an invoice cancelled in full is
      // no purchase); the pair as one number (products × customers < 2^53).
      if (inWindow && net > 0 && !productCustomer.has(p * n + c)) {
        productCustomer.add(p * n + c);
        products.customers[p]++;
      }
    }
  }

  const warnings: string[] = [];
  if (inv.amountDiffers > 0) warnings.push(`${inv.amountDiffers} payment row(s) give their invoice a different 金额 than its other rows; the largest is used, as in credit grading`);
  if (overCredited > 0) warnings.push(`${overCredited} invoice(s) have credit notes larger than the invoice; their net sales are negative`);
  return {
    from, to: asOf, sales, open, overdue,
    productColumn: productCol >= 0 ? cellText(values[map.headerIndex][productCol] ?? null) : null,
    products, problems, warnings, rows: Math.max(0, values.length - map.headerIndex - 1),
  };
}

/** The invoice `no` of a customer: a walk down its list, or its map once it has many. */
function findInvoice(inv: Invoices, head: number, lookup: Map<string, number> | undefined, no: string): number {
  if (lookup) return lookup.get(no) ?? -1;
  for (let i = head; i >= 0; i = inv.next[i]) if (inv.no[i] === no) return i;
  return -1;
}

/** The map of a customer's invoices by number: built once when its list grows long, then kept up to date. */
function indexInvoices(inv: Invoices, head: number, lookup: Map<string, number> | undefined, added: number): Map<string, number> {
  if (lookup) {
    lookup.set(inv.no[added], added);
    return lookup;
  }
  const m = new Map<string, number>();
  for (let i = head; i >= 0; i = inv.next[i]) m.set(inv.no[i], i);
  return m;
}

function newProducts(): ProductFigures {
  return { keys: [], sales: [], open: [], overdue: [], customers: [] };
}

/** The product index of a product cell (grouped by nameKey: spaces, full-width forms and case do not split a product). */
function productOf(products: ProductFigures, index: Map<string, number>, cell: Cell | undefined): number {
  const text = isBlank(cell ?? null) ? NO_PRODUCT : cellText(cell ?? null).trim();
  const key = text === NO_PRODUCT ? "\u0000" : nameKey(text);
  let p = index.get(key);
  if (p === undefined) {
    p = products.keys.length;
    index.set(key, p);
    products.keys.push(text);
    products.sales.push(0);
    products.open.push(0);
    products.overdue.push(0);
    products.customers.push(0);
  }
  return p;
}
