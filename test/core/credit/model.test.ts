/** SPEC §7 arithmetic: the PAYDEX curve, rounding, aging buckets, medians. */
import { AGING_KEYS, agingBucket, median, paydexScore, roundHalfAway } from "../../../src/core/credit";

describe("PAYDEX curve (SPEC §7.2)", () => {
  it.each([
    [-30, 100], [-20, 90], [0, 80], [15, 70], [22, 60], [30, 50], [60, 40], [90, 30], [120, 20], [180, 0],
  ])("the published breakpoint d = %i → %i exactly", (d, score) => {
    expect(paydexScore(d)).toBe(score);
  });

  it.each([
    [-100, 100], [-31, 100], [400, 0], [181, 0],
  ])("flat outside the chart: d = %i → %i", (d, score) => {
    expect(paydexScore(d)).toBe(score);
  });

  it.each([
    // between (0, 80) and (15, 70): 80 − 10 × 7.5 / 15 = 75
    [7.5, 75],
    // between (-20, 90) and (0, 80): 90 − 10 × 10 / 20 = 85
    [-10, 85],
    // between (15, 70) and (22, 60): 70 − 10 × 5 / 7 = 62.857…
    [20, 70 - 50 / 7],
    // between (30, 50) and (60, 40): 50 − 10 × 15 / 30 = 45
    [45, 45],
    // between (120, 20) and (180, 0): 20 − 20 × 30 / 60 = 10
    [150, 10],
  ])("linear in between: d = %d → %d", (d, score) => {
    expect(paydexScore(d)).toBeCloseTo(score, 10);
  });

  it("never rises as d grows", () => {
    for (let d = -40; d < 200; d += 0.5) expect(paydexScore(d + 0.5)).toBeLessThanOrEqual(paydexScore(d));
  });
});

describe("rounding half away from zero", () => {
  it.each([[2.5, 0, 3], [-2.5, 0, -3], [74.5, 0, 75], [74.49, 0, 74], [4.15, 1, 4.2], [4.25, 1, 4.3], [-4.25, 1, -4.3], [59.4648, 1, 59.5]])("%d to %i places → %d", (x, places, r) => {
    expect(roundHalfAway(x, places)).toBe(r);
  });
});

describe("aging buckets (ERPNext bounds 30/60/90/120, first bucket with age ≤ bound)", () => {
  it.each([
    [-5, "current"], [0, "current"], [1, "d1_30"], [30, "d1_30"], [31, "d31_60"], [60, "d31_60"], [61, "d61_90"],
    [90, "d61_90"], [91, "d91_120"], [120, "d91_120"], [121, "d120plus"], [1000, "d120plus"],
  ])("%i days past due → %s", (age, key) => {
    expect(AGING_KEYS[agingBucket(age)]).toBe(key);
  });
});

describe("median (usual terms)", () => {
  it("odd count: the middle; even count: the mean of the middle two", () => {
    expect(median([60, 30, 30])).toBe(30);
    expect(median([30, 60])).toBe(45);
    expect(median([90, 30, 45, 60])).toBe(52.5);
  });
});
