/** SPEC §7.4–7.5: grade rules, suggested limit and its rounding, and the CreditPolicy overrides. */
import { CreditPolicyError, DEFAULT_POLICY, readCreditPolicy } from "../../../src/core/credit";
import { day, index, paid, row } from "./fixtures";

const C = "C20240315001";

/** Three invoices of 12,345 issued 2026-03-14, 2026-04-13 and 2026-05-13 (three calendar months), 30-day terms, paid `late` days after due. */
function three(late: [number, number, number], amount = 12_345) {
  return [paid(C, "INV1", -200, amount, late[0]), paid(C, "INV2", -170, amount, late[1]), paid(C, "INV3", -140, amount, late[2])];
}

describe("grade rules (SPEC §7.4)", () => {
  it("A类 优秀: score ≥ 80 and nothing beyond the grace days", () => {
    const x = index(three([0, 0, 0])).get(C);
    expect([x.score, x.grade, x.tier, x.lateInvoices]).toEqual([80, "A类", "优秀", 0]);
    // limit = monthly volume (3 × 12,345 / 3 months) × 30 / 30 × 1.0 = 12,345 → rounded down to 12,000
    expect(x.limit).toBe(12_000);
  });

  it("A类 still with one payment 3 days late (= the grace days)", () => {
    // scores 90, 90, 80 − 10 × 3 / 15 = 78 → (90 + 90 + 78) / 3 = 86
    const x = index(three([-20, -20, 3])).get(C);
    expect([x.score, x.grade, x.lateInvoices]).toEqual([86, "A类", 0]);
  });

  it("B类 一般 when one payment is 4 days late, even with a score ≥ 80", () => {
    // scores 90, 90, 80 − 10 × 4 / 15 = 77.33 → 257.33 / 3 = 85.78 → 86, but 4 > 3 grace days
    const x = index(three([-20, -20, 4])).get(C);
    expect([x.score, x.grade, x.tier, x.lateInvoices]).toEqual([86, "B类", "一般", 1]);
    // limit = 12,345 × 30 / 30 × 0.6 = 7,407 → 7,000
    expect(x.limit).toBe(7_000);
  });

  it("N 资料不足 with fewer than 3 invoices fully paid", () => {
    const x = index(three([0, 0, 0]).slice(0, 2)).get(C);
    expect([x.score, x.grade, x.tier, x.limit]).toEqual([80, "N", "资料不足", 0]);
  });

  it("invoices fully paid count over the whole history (like the 90-day rule); the score over the window", () => {
    // Two invoices paid on time 14 and 13 months ago (outside the window) + one in the window: 3 fully paid → graded.
    const x = index([paid(C, "OLD1", -460, 1000, 0), paid(C, "OLD2", -430, 1000, 0), paid(C, "NEW", -100, 1000, 0)]).get(C);
    expect([x.score, x.invoices, x.grade]).toEqual([80, 1, "A类"]);
  });

  it("N 资料不足 when the first invoice is less than 90 days before the as-of day", () => {
    const x = index([paid(C, "I1", -80, 1000, 0), paid(C, "I2", -70, 1000, 0), paid(C, "I3", -60, 1000, 0)]).get(C);
    expect([x.score, x.grade]).toEqual([80, "N"]);
    const y = index([paid(C, "I1", -90, 1000, 0), paid(C, "I2", -70, 1000, 0), paid(C, "I3", -60, 1000, 0)]).get(C);
    expect(y.grade).toBe("A类");
  });

  it("C类 风险 when the score is below 50", () => {
    // three payments 40 days late: 50 − 10 × 10 / 30 = 46.67 → 47
    const x = index(three([40, 40, 40])).get(C);
    expect([x.score, x.dbt, x.grade, x.tier, x.lateInvoices]).toEqual([47, 40, "C类", "风险", 3]);
    // C: k = 0
    expect(x.limit).toBe(0);
  });

  it("C类 when ≥ 10% of the amount paid was paid more than 90 days late, though the score is 75", () => {
    const onTime = (n: number) => Array.from({ length: n }, (_, k) => paid(C, `OK${k}`, -330 + k * 20, 1000, 0));
    // 9 × 1,000 at 80 and 1,000 at d = 100 (30 − 10 × 10 / 30 = 26.67): (720,000 + 26,666.67) / 10,000 = 74.67 → 75; 1,000 / 10,000 = 10%
    const x = index([...onTime(9), paid(C, "LATE", -150, 1000, 100)]).get(C);
    expect([x.score, x.grade]).toEqual([75, "C类"]);
    // with 10 on time: 1,000 / 11,000 = 9.1% → B; score (800,000 + 26,666.67) / 11,000 = 75.15 → 75
    const y = index([...onTime(10), paid(C, "LATE", -150, 1000, 100)]).get(C);
    expect([y.score, y.grade]).toEqual([75, "B类"]);
  });

  it("C类 when any amount is open more than 90 days past due", () => {
    // 3 × 1,000 at 80 + 1,000 open 91 days: 30 − 10 / 30 = 29.67 → (240,000 + 29,666.67) / 4,000 = 67.4 → 67
    const base = [paid(C, "I1", -200, 1000, 0), paid(C, "I2", -180, 1000, 0), paid(C, "I3", -160, 1000, 0)];
    const x = index([...base, row(C, "OPEN", day(-121), day(-91), 30, 1000, null, null)]).get(C);
    expect([x.score, x.grade, x.aging.d91_120]).toEqual([67, "C类", 1000]);
    // open exactly 90 days: (240,000 + 30,000) / 4,000 = 67.5 → 68, B
    const y = index([...base, row(C, "OPEN", day(-120), day(-90), 30, 1000, null, null)]).get(C);
    expect([y.score, y.grade, y.aging.d61_90]).toEqual([68, "B类", 1000]);
  });

  it("C before N (SPEC §7 change of 2026-12-04): a thin history that owes money > 90 days past due is C类, not N", () => {
    // The customer: 5 of 5 invoices late, 2 fully paid (fewer than 3: N before the change), 102,000 open beyond 90 days.
    const rows = [
      paid(C, "I1", -300, 10_000, 40), paid(C, "I2", -280, 10_000, 40),
      row(C, "I3", day(-200), day(-170), 30, 50_000, null, null),
      row(C, "I4", day(-180), day(-150), 30, 40_000, null, null),
      row(C, "I5", day(-130), day(-100), 30, 12_000, null, null),
    ];
    const x = index(rows).get(C);
    expect([x.grade, x.tier, x.lateInvoices, x.invoices, x.openAmount, x.limit]).toEqual(["C类", "风险", 5, 5, 102_000, 0]);
    // Nothing ever paid, one invoice open 91 days past due: C类 too.
    expect(index([row(C, "ONLY", day(-121), day(-91), 30, 1000, null, null)]).get(C).grade).toBe("C类");
    // Open exactly 90 days past due is not "more than 90": the thin history stays N.
    expect(index([row(C, "ONLY", day(-120), day(-90), 30, 1000, null, null)]).get(C).grade).toBe("N");
  });

  it("the window: a paid invoice due more than 12 months ago is not scored; an old amount still open is", () => {
    const base = three([0, 0, 0], 1000);
    const x = index([...base, paid(C, "OLD", -420, 5000, 150)]).get(C);
    expect([x.score, x.invoices]).toEqual([80, 3]);
    const y = index([...base, row(C, "OLD", day(-420), day(-390), 30, 5000, null, null)]).get(C);
    // open 390 days (→ 0): (3,000 × 80 + 5,000 × 0) / 8,000 = 30
    expect([y.score, y.invoices, y.grade, y.aging.d120plus]).toEqual([30, 4, "C类", 5000]);
  });
});

describe("suggested limit (SPEC §7.5)", () => {
  it("monthly volume over the calendar months invoices were issued in, times the median terms / 30", () => {
    // 3,000 on 2026-05-05 and 2026-05-20, 6,000 on 2026-06-10: 12,000 over 2 months = 6,000 a month.
    // terms 30, 60, 60 → median 60; A: 6,000 × 60 / 30 × 1.0 = 12,000
    const rows = [
      row(C, "I1", "2026-05-05", "2026-06-04", 30, 3000, "2026-06-04", 3000),
      row(C, "I2", "2026-05-20", "2026-07-19", 60, 3000, "2026-07-09", 3000),
      row(C, "I3", "2026-06-10", "2026-08-09", 60, 6000, "2026-08-09", 6000),
    ];
    const x = index(rows).get(C);
    expect([x.grade, x.limit]).toEqual(["A类", 12_000]);
  });

  it("the credit note lowers the volume; rounding follows the policy's step", () => {
    const x = index(three([0, 0, 0]), { ...DEFAULT_POLICY, roundingStep: 100 }).get(C);
    expect(x.limit).toBe(12_300);
    const withCredit = index([...three([0, 0, 0]), row(C, "INV1", day(-190), null, null, -345, null, null)], { ...DEFAULT_POLICY, roundingStep: 100 }).get(C);
    // (12,000 + 12,345 + 12,345) / 3 = 12,230 → 12,200
    expect(withCredit.limit).toBe(12_200);
  });

  it("N gets the policy's starting limit", () => {
    expect(index(three([0, 0, 0]).slice(0, 1), { ...DEFAULT_POLICY, startingLimit: 20_000 }).get(C).limit).toBe(20_000);
  });
});

describe("CreditPolicy (信用政策) overrides", () => {
  it("reads key | value rows, skipping the header row and other features' keys", () => {
    const p = readCreditPolicy([["参数", "值"], ["宽限天数", 5], ["抽查比例", "15%"], ["B类系数", "50%"], ["额度取整", "500"], ["Window Months", 6]]);
    expect(p).toEqual({ ...DEFAULT_POLICY, graceDays: 5, coefficientB: 0.5, roundingStep: 500, windowMonths: 6 });
  });

  it("no table or blank values: the SPEC defaults", () => {
    expect(readCreditPolicy(null)).toEqual(DEFAULT_POLICY);
    expect(readCreditPolicy([["宽限天数", null]])).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY).toEqual({
      graceDays: 3, windowMonths: 12, minInvoices: 3, minHistoryDays: 90, coefficientA: 1, coefficientB: 0.6, coefficientC: 0, startingLimit: 0, roundingStep: 1000,
      overdueIncreaseRatio: 0.5, overdueIncreaseAmount: 10_000, dbtIncreaseDays: 10, longOverdueDays: 60,
    });
  });

  it("the monthly report's thresholds (SPEC §8.3) are keys of 信用政策 too", () => {
    const p = readCreditPolicy([["逾期增长比例", "30%"], ["逾期增长金额", "5,000"], ["DBT增加天数", "7天"], ["长期逾期天数", 90]]);
    expect(p).toMatchObject({ overdueIncreaseRatio: 0.3, overdueIncreaseAmount: 5000, dbtIncreaseDays: 7, longOverdueDays: 90 });
    expect(readCreditPolicy([["Long Overdue Days", "30"], ["overdueIncreaseRatio", 1.5]])).toMatchObject({ longOverdueDays: 30, overdueIncreaseRatio: 1.5 });
  });

  it("宽限天数 5 makes 4 days late on time for grade A", () => {
    const policy = readCreditPolicy([["宽限天数", 5]]);
    expect(index(three([-20, -20, 4]), policy).get(C).grade).toBe("A类");
  });

  it("评估月数, 最少发票数, A类系数 and 起始额度 change the result", () => {
    // 6 months back from 2026-09-30 is 2026-03-30: INV1 (due 2026-04-13) stays, an invoice due 2026-03-01 drops out.
    const rows = [...three([0, 0, 0]), row(C, "OLD", "2026-01-30", "2026-03-01", 30, 1000, "2026-05-01", 1000)];
    expect(index(rows).get(C).score).toBeLessThan(80);
    expect(index(rows, readCreditPolicy([["评估月数", 6]])).get(C).score).toBe(80);
    expect(index(three([0, 0, 0]).slice(0, 2), readCreditPolicy([["最少发票数", 2]])).get(C).grade).toBe("A类");
    expect(index(three([0, 0, 0]), readCreditPolicy([["A类系数", "80%"]])).get(C).limit).toBe(9_000); // 12,345 × 0.8 = 9,876 → 9,000
    expect(index([], readCreditPolicy([["起始额度", "5,000"]])).get(C).limit).toBe(5_000);
  });

  it.each([
    ["宽限天数", "abc"], ["宽限天数", -1], ["评估月数", 0], ["评估月数", 2.5], ["最少发票数", 0], ["A类系数", -1], ["B类系数", "60％%"], ["额度取整", 0], ["起始额度", "-5"],
    ["逾期增长比例", "-10%"], ["逾期增长金额", "很多"], ["DBT增加天数", 400], ["长期逾期天数", 45],
  ])("a bad value of %s (%s) is an error naming the key", (key, value) => {
    expect(() => readCreditPolicy([[key, value]])).toThrow(CreditPolicyError);
    expect(() => readCreditPolicy([[key, value]])).toThrow(new RegExp(`信用政策「${key}」的值「${String(value).replace(/[%％]/g, ".")}`));
  });

  it("the error carries the key and the value", () => {
    try {
      readCreditPolicy([["Grace Days", "three"]]);
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(CreditPolicyError);
      expect((e as CreditPolicyError).key).toBe("宽限天数");
      expect((e as CreditPolicyError).value).toBe("three");
      expect((e as Error).message).toContain("a whole number of days from 0 to 365");
    }
  });
});
