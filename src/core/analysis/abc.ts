/**
 * ABC (Pareto) classes of customers by sales and the concentration of sales (SPEC §9).
 * Customers are ranked by sales, largest first, ties by 客户编号; a customer is A while the
 * cumulative share including it is ≤ the A bound, B while it is ≤ the B bound, C after that.
 * The comparison is made on whole fen (cumulative × 10,000 ≤ bound in basis points × total),
 * so 40% + 30% is exactly 70% and lands in A, which a float sum (0.7000000000000001) would not.
 */
import type { AbcBounds } from "./policy";

/** The ABC classes, and 无交易 for customers without (net) sales in the window. */
export type AbcClass = "A" | "B" | "C" | "无交易";

/** The classes in the order every output lists them. */
export const ABC_CLASSES: readonly AbcClass[] = ["A", "B", "C", "无交易"];

/** Class index (into ABC_CLASSES) of a customer without sales. */
export const NO_SALES = 3;

/** The ranking and classes of a set of customers. */
export interface AbcResult {
  /** Index into ABC_CLASSES per customer. */
  classes: Uint8Array;
  /** Customers with sales > 0, largest first (ties by id). */
  ranked: number[];
  /** Sum of the positive sales (fen): the base of cumulative shares and concentration. */
  positiveTotal: number;
}

/** Compare ids by UTF-16 code units (the order Excel's and custfile's other sorts by id use). */
function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Classify customers by sales (whole fen per customer). A customer whose net sales are 0 or
 * less (nothing invoiced in the window, or credit notes as large as the invoices) is 无交易.
 */
export function abcClasses(ids: readonly string[], salesFen: ArrayLike<number>, bounds: AbcBounds): AbcResult {
  const n = ids.length;
  const classes = new Uint8Array(n).fill(NO_SALES);
  const ranked: number[] = [];
  let total = 0;
  for (let c = 0; c < n; c++) {
    if (salesFen[c] > 0) {
      ranked.push(c);
      total += salesFen[c];
    }
  }
  ranked.sort((a, b) => salesFen[b] - salesFen[a] || byId(ids[a], ids[b]));
  const aBp = Math.round(bounds.a * 10000);
  const bBp = Math.round(bounds.b * 10000);
  if (total * 10000 <= Number.MAX_SAFE_INTEGER) {
    let cum = 0;
    for (const c of ranked) {
      cum += salesFen[c];
      classes[c] = cum * 10000 <= aBp * total ? 0 : cum * 10000 <= bBp * total ? 1 : 2;
    }
  } else {
    // Beyond 2^53 the products lose whole fen: the same comparison in BigInt.
    const t = BigInt(total);
    const a = BigInt(aBp) * t;
    const b = BigInt(bBp) * t;
    let cum = 0n;
    for (const c of ranked) {
      cum += BigInt(salesFen[c]);
      const scaled = cum * 10000n;
      classes[c] = scaled <= a ? 0 : scaled <= b ? 1 : 2;
    }
  }
  return { classes, ranked, positiveTotal: total };
}

/** Concentration of sales: the top 10 customers' share (0–1) and the Herfindahl index (0–10,000). */
export interface Concentration {
  top10Share: number;
  hhi: number;
}

/**
 * Concentration over the customers with sales: Σ of the ten largest / Σ of all, and
 * Σ (100 × share)² (10,000 = one customer makes all sales). Both 0 when nobody has sales.
 */
export function concentration(salesFen: ArrayLike<number>, abc: AbcResult): Concentration {
  const total = abc.positiveTotal;
  if (total <= 0) return { top10Share: 0, hhi: 0 };
  let top = 0;
  let squares = 0;
  abc.ranked.forEach((c, i) => {
    const s = salesFen[c];
    if (i < 10) top += s;
    const share = s / total;
    squares += share * share;
  });
  return { top10Share: top / total, hhi: squares * 10000 };
}
