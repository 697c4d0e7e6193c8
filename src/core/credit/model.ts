/**
 * The arithmetic of SPEC §7 that does not depend on how payments are read: the PAYDEX-style
 * score curve, rounding, aging buckets and the grade/tier names.
 */

/** Grades of seed 003, plus N for "not enough history to grade". */
export type Grade = "A类" | "B类" | "C类" | "N";

/** The tiers of seed 002 (and 资料不足 for N). */
export type Tier = "优秀" | "一般" | "风险" | "资料不足";

/** The tier that goes with a grade. */
export const TIER_OF: Readonly<Record<Grade, Tier>> = { "A类": "优秀", "B类": "一般", "C类": "风险", N: "资料不足" };

/** Open amount per aging bucket (age counted from the due date; ERPNext bounds 30/60/90/120). */
export interface Aging {
  current: number;
  d1_30: number;
  d31_60: number;
  d61_90: number;
  d91_120: number;
  d120plus: number;
}

/** Bucket keys in the order a sheet shows them. */
export const AGING_KEYS: readonly (keyof Aging)[] = ["current", "d1_30", "d31_60", "d61_90", "d91_120", "d120plus"];

/** Chinese column headers of the aging buckets, same order as AGING_KEYS. */
export const AGING_HEADERS: readonly string[] = ["未到期", "1-30天", "31-60天", "61-90天", "91-120天", "120天以上"];

/** Index into AGING_KEYS of an amount `age` days past its due date (≤ 0 is current; a row falls in the first bucket with age ≤ bound). */
export function agingBucket(age: number): number {
  if (age <= 0) return 0;
  if (age <= 30) return 1;
  if (age <= 60) return 2;
  if (age <= 90) return 3;
  if (age <= 120) return 4;
  return 5;
}

/** The published PAYDEX chart as (days beyond terms, score) points; linear in between, flat outside. */
export const PAYDEX_POINTS: readonly (readonly [number, number])[] = [
  [-30, 100], [-20, 90], [0, 80], [15, 70], [22, 60], [30, 50], [60, 40], [90, 30], [120, 20], [180, 0],
];

/** Score of one payment made `d` days beyond terms: piecewise linear through PAYDEX_POINTS (d ≤ −30 → 100, d ≥ 180 → 0). */
export function paydexScore(d: number): number {
  const pts = PAYDEX_POINTS;
  if (d <= pts[0][0]) return pts[0][1];
  for (let i = 1; i < pts.length; i++) {
    const [x1, y1] = pts[i];
    if (d <= x1) {
      const [x0, y0] = pts[i - 1];
      return y0 + ((y1 - y0) * (d - x0)) / (x1 - x0);
    }
  }
  return pts[pts.length - 1][1];
}

/** Round half away from zero to `decimals` places (Math.round rounds −2.5 to −2). */
export function roundHalfAway(x: number, decimals = 0): number {
  const f = 10 ** decimals;
  // The small nudge keeps 4.15 (stored as 4.1499999…) rounding to 4.2 as a person expects.
  const scaled = Math.abs(x) * f;
  const r = Math.round(scaled + scaled * Number.EPSILON * 4) / f;
  return x < 0 ? -r : r;
}

/** Median of numbers (mean of the middle two for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
