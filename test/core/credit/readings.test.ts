/**
 * Issue 18: the worked examples of the SPEC §7 change of 2026-12-04, and one test per reading
 * docs/credit.md ("Readings") writes down, named after it. Each asserts what custfile does.
 * Days are counted from the as-of day 2026-09-30 (day(-100) is 100 days before it) unless a
 * test spells its dates out.
 */
import { DEFAULT_POLICY, strictCreditIndex } from "../../../src/core/credit";
import { parseIsoDate } from "../../../src/core/dates";
import type { Cell } from "../../../src/core/table";
import { AS_OF_DAY, HEAD, day, index, paid, row } from "./fixtures";

const C = "C20240315001";
const iso = (s: string) => parseIsoDate(s)!;

/** Three invoices of `amount` paid on their due day (score 80 each), issued 200, 170 and 140 days before the as-of day. */
const onTime = (amount = 1000) => [paid(C, "P1", -200, amount, 0), paid(C, "P2", -170, amount, 0), paid(C, "P3", -140, amount, 0)];

describe("issue 18: the worked examples", () => {
  it("decision order: one invoice of 1,000 due 2026-05-31, unpaid at 2026-09-30, is C类 / 风险, not N", () => {
    const x = index([row(C, "INV1", "2026-05-01", "2026-05-31", 30, 1000, null, null)], undefined, iso("2026-09-30")).get(C);
    // 122 days past due (> 90) decides C before the thin history (nothing fully paid) could make it N.
    expect([x.grade, x.tier, x.openAmount, x.aging.d120plus, x.limit]).toEqual(["C类", "风险", 1000, 1000, 0]);
  });

  it("advance: an invoice with 0-day terms paid 5 days before its invoice date scores 100 (d = −30), not 82.5 → 83, with a warning", () => {
    const x = index([row(C, "INV1", "2026-06-10", "2026-06-10", 0, 1000, "2026-06-05", 1000)]).get(C);
    expect([x.score, x.dbt]).toEqual([100, 0]);
    expect(x.warnings).toEqual([expect.stringMatching(/advance.*row 2/)]);
  });

  it("advance: in a mixed history the advance keeps the customer A类 (89, limit 50,000), not B类 (79, limit 30,000)", () => {
    // Four invoices of 25,000 with 30-day terms paid 3 days late (80 − 10 × 3 / 15 = 78, within the 3 grace days),
    // issued in March, April, May and June 2026; one of 100,000 with 0-day terms issued 2026-06-10 and paid the day before.
    const rows = [
      row(C, "I1", "2026-03-05", "2026-04-04", 30, 25_000, "2026-04-07", 25_000),
      row(C, "I2", "2026-04-05", "2026-05-05", 30, 25_000, "2026-05-08", 25_000),
      row(C, "I3", "2026-05-05", "2026-06-04", 30, 25_000, "2026-06-07", 25_000),
      row(C, "I4", "2026-06-05", "2026-07-05", 30, 25_000, "2026-07-08", 25_000),
      row(C, "ADV", "2026-06-10", "2026-06-10", 0, 100_000, "2026-06-09", 100_000),
    ];
    const x = index(rows).get(C);
    // Advance at 100: (100,000 × 100 + 100,000 × 78) / 200,000 = 89 → A类.
    // (Its actual d = −1 would score 80.5: (80.5 + 78) / 2 = 79.25 → 79 → B类.)
    // Limit: 200,000 over 4 months = 50,000 a month × median terms 30 / 30 × 1.0 (A) = 50,000 (B: × 0.6 = 30,000).
    expect([x.score, x.grade, x.tier, x.limit, x.lateInvoices]).toEqual([89, "A类", "优秀", 50_000, 0]);
    expect(x.warnings).toEqual([expect.stringMatching(/advance.*row 6/)]);
  });

  it("an advance scores 100 however far before its invoice date it was paid (SPEC: whatever the dates)", () => {
    const x = index([row(C, "INV1", day(-100), day(-70), 30, 1000, day(-600), 1000)]).get(C);
    expect([x.score, x.dbt]).toEqual([100, 0]);
  });

  it("reporting: a row with neither 到期日 nor 账期天数 is left out and reported whatever its date, after the as-of day too", () => {
    const before = index([...onTime(), row(C, "X", day(-10), null, null, 500, null, null)]);
    const after = index([...onTime(), row(C, "X", day(10), null, null, 500, null, null)]);
    for (const ix of [before, after]) {
      expect(ix.problems).toEqual([expect.objectContaining({ row: 5, code: "invalid-row", column: "到期日", detail: "到期日 is blank and there is no 账期天数 to count it from" })]);
    }
    // The custom functions turn it into #VALUE! naming the row.
    expect(() => strictCreditIndex([HEAD, ...onTime(), row(C, "X", day(10), null, null, 500, null, null)], AS_OF_DAY, DEFAULT_POLICY))
      .toThrow("到期日 is blank and there is no 账期天数 to count it from, row 5 of the payments range (header = row 1)");
  });
});

describe("readings (docs/credit.md)", () => {
  test("reading: decision order — C by money > 90 days past due, then N, then C by score or late share, then A, then B", () => {
    // Thin history (2 paid) + 1,000 open 91 days past due: C, although N would apply.
    const thin = [paid(C, "P1", -200, 1000, 0), paid(C, "P2", -170, 1000, 0), row(C, "O", day(-121), day(-91), 30, 1000, null, null)];
    expect(index(thin).get(C).grade).toBe("C类");
    // Thin history with a score < 50: N (C by score needs enough history).
    expect(index([paid(C, "P1", -200, 1000, 100), paid(C, "P2", -170, 1000, 100)]).get(C)).toMatchObject({ score: 27, grade: "N" });
    // Enough history, score 80 but one payment 4 days late: B, not A.
    expect(index([...onTime().slice(0, 2), paid(C, "P3", -140, 1000, 4)]).get(C).grade).toBe("B类");
  });

  test("reading: review window — due date in (as-of − 12 calendar months, as-of]", () => {
    // as-of 2026-09-30: a paid invoice due 2025-09-30 is outside, one due 2025-10-01 inside, one due on the as-of day inside.
    const due = (d: string, no: string) => row(C, no, d, d, 0, 1000, d, 1000);
    expect(index([due("2025-09-30", "A")]).get(C).invoices).toBe(0);
    expect(index([due("2025-10-01", "A")]).get(C).invoices).toBe(1);
    expect(index([due("2026-09-30", "A")]).get(C).invoices).toBe(1);
  });

  test("reading: review window — month ends are clamped and the leap day counts back to 28 February", () => {
    // as-of 2024-02-29: 12 months back is 2023-02-28 (no 29th): due 2023-02-28 is outside, 2023-03-01 inside.
    const asOf = iso("2024-02-29");
    const due = (d: string) => [row(C, "A", d, d, 0, 1000, d, 1000)];
    expect(index(due("2023-02-28"), undefined, asOf).get(C).invoices).toBe(0);
    expect(index(due("2023-03-01"), undefined, asOf).get(C).invoices).toBe(1);
    // as-of 2026-03-31 with a 1-month window: back to 2026-02-28 (clamped), so a due date of 2026-03-01 is inside, 2026-02-28 not.
    const p = { ...DEFAULT_POLICY, windowMonths: 1 };
    expect(index(due("2026-02-28"), p, iso("2026-03-31")).get(C).invoices).toBe(0);
    expect(index(due("2026-03-01"), p, iso("2026-03-31")).get(C).invoices).toBe(1);
  });

  test("reading: median terms — from the window's invoices; an even count takes the mean of the middle two", () => {
    // Four invoices of 3,000 in one month (2026-06), terms 10, 20, 40, 90 → median (20 + 40) / 2 = 30; all paid on the due day.
    const at = (no: string, terms: number) => row(C, no, "2026-06-01", null, terms, 3000, day(iso("2026-06-01") + terms - AS_OF_DAY), 3000);
    // An older invoice (due outside the window) with 365-day terms does not count.
    const old = row(C, "OLD", "2024-01-05", null, 365, 3000, "2025-01-04", 3000);
    const x = index([at("A", 10), at("B", 20), at("C", 40), at("D", 90), old]).get(C);
    // Monthly volume 12,000 (one month) × 30 / 30 × 1.0 = 12,000.
    expect([x.grade, x.limit]).toEqual(["A类", 12_000]);
  });

  test("reading: late share — paid items in the window count, by amount; ≥ 10 % paid more than 90 days late is C", () => {
    // 9,000 paid on time, 1,000 paid 91 days late: exactly 10 % → C (score (9,000 × 80 + 1,000 × 29.67) / 10,000 = 75).
    const rows = [paid(C, "P1", -300, 3000, 0), paid(C, "P2", -270, 3000, 0), paid(C, "P3", -240, 3000, 0), paid(C, "L", -200, 1000, 91)];
    expect(index(rows).get(C)).toMatchObject({ score: 75, grade: "C类" });
    // 91 days late but under 10 %: B (late beyond grace).
    const less = [...rows.slice(0, 3), paid(C, "P4", -230, 1000, 0), paid(C, "L", -200, 1000, 91)];
    expect(index(less).get(C).grade).toBe("B类");
  });

  test("reading: the score thresholds apply to the rounded score", () => {
    // 2 × 1,000 paid 30 days late (50) and 2,000 paid 33 days late (50 − 10 × 3 / 30 = 49): 49.5 → 50, not < 50 → B, not C.
    const rows = [paid(C, "P1", -200, 1000, 30), paid(C, "P2", -170, 1000, 30), paid(C, "P3", -140, 2000, 33)];
    expect(index(rows).get(C)).toMatchObject({ score: 50, grade: "B类" });
    // 3 × 1,000 on the due day (80) and 1,000 3 days late (78, within the grace days): 79.5 → 80 → A类.
    const a = [...onTime(), paid(C, "P4", -110, 1000, 3)];
    expect(index(a).get(C)).toMatchObject({ score: 80, grade: "A类" });
  });

  test("reading: monthly volume is net of credit notes (window invoices ÷ the months they were issued in)", () => {
    // 12,000 invoiced in 2026-06 with a credit note of −6,000 against it counts 6,000 (and 6,000 paid settles it).
    const rows = [
      ...onTime(),
      row(C, "BIG", "2026-06-01", "2026-07-01", 30, 12_000, "2026-07-01", 6000),
      row(C, "BIG", "2026-06-15", null, null, -6000, null, null),
    ];
    // Volume: 3 × 1,000 (Mar, Apr, May) + 6,000 (Jun) = 9,000 over 4 months = 2,250 × 30 / 30 = 2,250 → 2,000.
    expect(index(rows).get(C)).toMatchObject({ grade: "A类", limit: 2000, openAmount: 0 });
  });

  test("reading: an overpayment is not scored; payments are taken in date order", () => {
    // Invoice 1,000 due day(-60): 800 paid 30 days late (day(-30)), then 700 paid on the due day — listed first.
    // Date order: 700 at d = 0 (80), then 300 of the 800 at d = 30 (50); the other 500 is excess, not scored.
    const x = index([
      row(C, "I", day(-90), day(-60), 30, 1000, day(-30), 800),
      row(C, "I", day(-90), day(-60), 30, 1000, day(-60), 700),
    ]).get(C);
    // (700 × 80 + 300 × 50) / 1,000 = 71; DBT (300 × 30) / 1,000 = 9
    expect([x.score, x.dbt, x.openAmount]).toEqual([71, 9, 0]);
    expect(x.warnings).toEqual([expect.stringContaining("paid more than the invoice amount")]);
  });

  test("reading: unapplied credits — a warning, not in the open balance, not the start of history", () => {
    // A credit of −500 under its own 单据号 a year before the first invoice: history still starts at the first invoice (day(-60) < 90 days → N).
    const x = index([
      row(C, "CN1", day(-400), null, null, -500, null, null),
      ...[0, 1, 2].map((i) => row(C, `P${i}`, day(-60), day(-30), 30, 1000, day(-30), 1000)),
    ]).get(C);
    expect([x.grade, x.openAmount]).toEqual(["N", 0]);
    expect(x.warnings).toEqual([expect.stringContaining("unapplied credit")]);
  });

  test("reading: invoices and credit notes dated after the as-of day are ignored (with a warning)", () => {
    const x = index([
      row(C, "I", day(-60), day(-30), 30, 1000, null, null),
      row(C, "I", day(5), null, null, -400, null, null),
      row(C, "LATER", day(3), day(33), 30, 2000, null, null),
    ]).get(C);
    // The credit note of day(5) does not yet reduce the 1,000 open 30 days past due; the later invoice is not open yet.
    expect([x.openAmount, x.aging.d1_30, x.invoices]).toEqual([1000, 1000, 1]);
    expect(x.warnings).toEqual([expect.stringMatching(/2 row\(s\) dated after the as-of day ignored: row 3, row 4/)]);
  });

  test("reading: several negative rows under one 单据号 add up (against its invoice, or as one unapplied credit)", () => {
    const x = index([
      row(C, "I", day(-60), day(-30), 30, 1000, null, null),
      row(C, "I", day(-50), null, null, -100, null, null),
      row(C, "I", day(-40), null, null, -200, null, null),
      row(C, "CN", day(-40), null, null, -50, null, null),
      row(C, "CN", day(-30), null, null, -25, null, null),
    ]).get(C);
    expect(x.openAmount).toBe(700);
    expect(x.warnings).toEqual([expect.stringContaining("CN 75")]);
  });

  test("reading: a 单据号 is matched as typed, trimmed (not read as a customer id): 'inv-1' and 'INV-1' are two invoices, ' INV-1 ' is 'INV-1'", () => {
    const x = index([
      row(C, "inv-1", day(-60), day(-30), 30, 1000, null, null),
      row(C, "INV-1", day(-60), day(-30), 30, 500, null, null),
      row(C, " INV-1 ", day(-50), null, null, -100, null, null),
    ]).get(C);
    expect(x.openAmount).toBe(1400);
    expect(x.invoices).toBe(2);
  });

  test("reading: invoices counts those due in the window or open and past due; lateInvoices those paid or open beyond the grace days", () => {
    const x = index([
      paid(C, "ONTIME", -100, 1000, 0),
      paid(C, "GRACE", -100, 1000, 3),
      paid(C, "LATE", -100, 1000, 4),
      paid(C, "OLD", -500, 1000, 50), // due outside the window, paid: not counted
      row(C, "OPEN", day(-500), day(-470), 30, 1000, null, null), // open and past due, however old: counted, late
      row(C, "NOTDUE", day(-10), day(20), 30, 1000, null, null), // not yet due: not counted
    ]).get(C);
    expect([x.invoices, x.lateInvoices]).toEqual([4, 2]);
  });

  test("reading: enough history but nothing to score gives N", () => {
    // Three invoices paid on time 14 months ago: fully paid, history long enough, nothing in the window.
    const x = index([paid(C, "P1", -430, 1000, 0), paid(C, "P2", -425, 1000, 0), paid(C, "P3", -420, 1000, 0)]).get(C);
    expect([x.score, x.dbt, x.grade, x.limit]).toEqual([null, null, "N", 0]);
  });

  test("reading: a fully credited invoice with nothing paid is not fully paid", () => {
    // Two invoices paid + one cancelled in full by a credit note: 2 fully paid (< 3) → N.
    const x = index([
      paid(C, "P1", -200, 1000, 0), paid(C, "P2", -170, 1000, 0),
      row(C, "X", day(-140), day(-110), 30, 1000, null, null),
      row(C, "X", day(-130), null, null, -1000, null, null),
    ]).get(C);
    expect([x.grade, x.openAmount]).toEqual(["N", 0]);
  });

  test("reading: an open invoice due exactly on the as-of day is not past due", () => {
    const x = index([...onTime(), row(C, "TODAY", day(-30), day(0), 30, 1000, null, null)]).get(C);
    // Current in aging, not scored; it is due in the window, so it counts in invoices (not late).
    expect([x.aging.current, x.score, x.invoices, x.lateInvoices, x.grade]).toEqual([1000, 80, 4, 0, "A类"]);
  });

  test("reading: invalid rows are left out, never guessed, and reported with their row (the functions: #VALUE! naming it)", () => {
    const bad = row(C, "B", day(-60), day(-30), 30, 1000, day(-30), null);
    const ix = index([...onTime(), bad]);
    expect(ix.problems).toEqual([expect.objectContaining({ row: 5, code: "invalid-row", column: "付款金额", message: `row 5: 付款日期 ${day(-30)} with no 付款金额; row left out` })]);
    expect(ix.get(C).warnings).toEqual([ix.problems[0].message]);
    expect(() => strictCreditIndex([HEAD, ...onTime(), bad] as Cell[][], AS_OF_DAY, DEFAULT_POLICY)).toThrow(/row 5 of the payments range \(header = row 1\)/);
  });

  test("reading: 金额 0 is an invalid row", () => {
    const ix = index([row(C, "Z", day(-60), day(-30), 30, 0, null, null)]);
    expect(ix.problems).toEqual([expect.objectContaining({ row: 2, column: "金额", detail: "金额 is 0" })]);
    expect(ix.get(C).invoices).toBe(0);
  });

  test("reading: DBT is rounded half away from zero to one decimal", () => {
    // 1,000 paid 1 day late + 3,000 on time… DBT = 1,000 × 1 / 4,000 = 0.25 → 0.3; 3 × 1 / 8 = 0.375 → 0.4
    expect(index([paid(C, "A", -100, 1000, 1), paid(C, "B", -100, 3000, 0)]).get(C).dbt).toBe(0.3);
    expect(index([paid(C, "A", -100, 3000, 1), paid(C, "B", -100, 5000, 0)]).get(C).dbt).toBe(0.4);
  });
});
