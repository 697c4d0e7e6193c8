/**
 * The edge cases SPEC §7 lists, one hand-computed fixture each. Days are counted from the
 * as-of day 2026-09-30: day(-100) is 100 days before it.
 */
import { buildCreditIndex, PaymentsTableError, strictCreditIndex, CreditArgumentError } from "../../../src/core/credit";
import { dayToExcelSerial, parseIsoDate } from "../../../src/core/dates";
import { AS_OF_DAY, HEAD, day, index, paid, row } from "./fixtures";

const C = "C20240315001";

describe("SPEC §7 edge cases", () => {
  it("partial payments: several rows per invoice, each repeating the invoice's 金额, weighted by what each paid", () => {
    // Invoice 1,000 due day(-60): 400 paid on the due day (d = 0 → 80), 600 paid 15 days late (d = 15 → 70).
    const x = index([
      row(C, "INV1", day(-90), day(-60), 30, 1000, day(-60), 400),
      row(C, "INV1", day(-90), day(-60), 30, 1000, day(-45), 600),
    ]).get(C);
    // score = (400 × 80 + 600 × 70) / 1000 = (32,000 + 42,000) / 1000 = 74
    expect(x.score).toBe(74);
    // DBT = (400 × 0 + 600 × 15) / 1000 = 9
    expect(x.dbt).toBe(9);
    // The invoice amount is 1,000 (not 2,000): fully paid, nothing open.
    expect(x.openAmount).toBe(0);
    expect(x.invoices).toBe(1);
    // 15 days > 3 grace days: late.
    expect(x.lateInvoices).toBe(1);
  });

  it("an invoice still open: past due it scores as-of − due weighted by the open amount; not yet due it only shows in aging", () => {
    const x = index([
      row(C, "INV1", day(-50), day(-20), 30, 1000, null, null),
      row(C, "INV2", day(-15), day(15), 30, 500, null, null),
    ]).get(C);
    // INV1: d = 20 → 70 − 10 × (20 − 15) / 7 = 62.857… → 63; INV2 is not due: no weight.
    expect(x.score).toBe(63);
    expect(x.dbt).toBe(20);
    expect(x.aging).toEqual({ current: 500, d1_30: 1000, d31_60: 0, d61_90: 0, d91_120: 0, d120plus: 0 });
    expect(x.openAmount).toBe(1500);
    // INV2 is neither due in the window nor past due.
    expect(x.invoices).toBe(1);
  });

  it("a partly paid invoice: the paid part scores by its date, the open rest by the as-of day", () => {
    // 1,000 due day(-30): 600 paid on the due day (d = 0 → 80); 400 still open 30 days past due (d = 30 → 50).
    const x = index([row(C, "INV1", day(-60), day(-30), 30, 1000, day(-30), 600)]).get(C);
    // score = (600 × 80 + 400 × 50) / 1000 = 68; DBT = (600 × 0 + 400 × 30) / 1000 = 12
    expect(x.score).toBe(68);
    expect(x.dbt).toBe(12);
    expect(x.aging.d1_30).toBe(400);
    expect(x.openAmount).toBe(400);
  });

  it("a credit note (negative 金额 under the invoice's 单据号) is netted against it and left out of the score weights", () => {
    // Invoice 1,000, credit note −200, so 800 owed; 800 paid 30 days late (d = 30 → 50).
    const x = index([
      row(C, "INV1", day(-120), day(-90), 30, 1000, day(-60), 800),
      row(C, "INV1", day(-100), null, null, -200, null, null),
    ]).get(C);
    // Only the 800 paid is weighted: score = 800 × 50 / 800 = 50; DBT = 30.
    expect(x.score).toBe(50);
    expect(x.dbt).toBe(30);
    // Without netting, 200 would be open 90 days past due.
    expect(x.openAmount).toBe(0);
    expect(x.warnings).toEqual([]);
  });

  it("a credit note listed before its invoice's rows is netted the same way", () => {
    const x = index([
      row(C, "INV1", day(-100), null, null, -200, null, null),
      row(C, "INV1", day(-120), day(-90), 30, 1000, day(-60), 800),
    ]).get(C);
    expect([x.score, x.openAmount]).toEqual([50, 0]);
  });

  it("a negative 金额 under its own 单据号 is an unapplied credit: a warning, not part of the open balance", () => {
    const x = index([
      row(C, "INV1", day(-60), day(-30), 30, 1000, null, null),
      row(C, "CN9", day(-40), null, null, -300, null, null),
    ]).get(C);
    expect(x.openAmount).toBe(1000);
    expect(x.warnings).toEqual([expect.stringContaining("unapplied credit")]);
    expect(x.warnings[0]).toContain("CN9 300");
  });

  it("a payment dated before its invoice (an advance): scored as d = −30 (100) whatever the dates, with a warning", () => {
    // Invoice day(-100), due day(-70), paid day(-110): an advance, d = −30 → 100.
    const x = index([row(C, "INV1", day(-100), day(-70), 30, 1000, day(-110), 1000)]).get(C);
    expect(x.score).toBe(100);
    expect(x.dbt).toBe(0);
    expect(x.warnings).toEqual([expect.stringMatching(/advance.*row 2/)]);
  });

  it("a missing due date: invoice date + 账期天数, with a warning", () => {
    // Issued day(-100), terms 45 → due day(-55); paid day(-40): d = 15 → 70.
    const x = index([row(C, "INV1", day(-100), null, 45, 1000, day(-40), 1000)]).get(C);
    expect(x.score).toBe(70);
    expect(x.dbt).toBe(15);
    expect(x.warnings).toEqual([expect.stringMatching(/到期日 blank.*row 2/)]);
  });

  it("a missing due date and no terms: the row is invalid, reported, not guessed", () => {
    const ix = index([row(C, "INV1", day(-100), null, null, 1000, day(-40), 1000)]);
    expect(ix.problems).toEqual([expect.objectContaining({ row: 2, code: "invalid-row", column: "到期日", customerId: C })]);
    expect(ix.get(C).invoices).toBe(0);
  });

  it.each([
    ["a paid date with zero amount", day(-40), 0, "付款金额"],
    ["a paid date with no amount", day(-40), null, "付款金额"],
    ["an amount with no paid date", null, 1000, "付款日期"],
  ])("%s: an invalid row, reported with its row, left out (the invoice's other rows still count)", (_what, paidOn, paidAmount, column) => {
    const ix = index([
      row(C, "INV1", day(-100), day(-70), 30, 1000, day(-70), 1000),
      row(C, "INV2", day(-100), day(-70), 30, 500, paidOn, paidAmount),
    ]);
    expect(ix.problems).toEqual([expect.objectContaining({ row: 3, code: "invalid-row", column, customerId: C })]);
    const x = ix.get(C);
    // Only INV1 remains: paid on its due day, d = 0 → 80; INV2 is not assumed open or paid.
    expect(x.score).toBe(80);
    expect(x.invoices).toBe(1);
    expect(x.openAmount).toBe(0);
    expect(x.warnings).toEqual([expect.stringMatching(/^row 3: .*row left out$/)]);
  });

  it("a payment dated after the as-of day is ignored: the invoice is open at the as-of day", () => {
    // 1,000 due day(-29), paid day(+5) — after as-of — so open, d = 29 → 60 − 10 × 7 / 8 = 51.25 → 51.
    const x = index([row(C, "INV1", day(-59), day(-29), 30, 1000, day(5), 1000)]).get(C);
    expect(x.score).toBe(51);
    expect(x.dbt).toBe(29);
    expect(x.aging.d1_30).toBe(1000);
    expect(x.warnings).toEqual([expect.stringContaining("after the as-of day ignored: row 2")]);
  });

  it("an invoice issued after the as-of day is not there yet", () => {
    const x = index([row(C, "INV1", day(3), day(33), 30, 1000, null, null)]).get(C);
    expect([x.openAmount, x.invoices, x.score]).toEqual([0, 0, null]);
  });

  it("one huge invoice among small ones: the amount-weighted figure, with the count of late invoices beside it", () => {
    const rows = Array.from({ length: 9 }, (_, k) => paid(C, `S${k}`, -300 + k * 20, 1000, 0));
    rows.push(paid(C, "BIG", -200, 1_000_000, 60));
    const x = index(rows).get(C);
    // score = (9 × 1,000 × 80 + 1,000,000 × 40) / 1,009,000 = 40,720,000 / 1,009,000 = 40.357… → 40
    expect(x.score).toBe(40);
    // DBT = 1,000,000 × 60 / 1,009,000 = 59.464… → 59.5
    expect(x.dbt).toBe(59.5);
    expect(x.invoices).toBe(10);
    expect(x.lateInvoices).toBe(1);
    expect(x.grade).toBe("C类");
  });

  it("a customer with no rows: grade N, not an error", () => {
    const ix = index([paid(C, "INV1", -100, 1000, 0)]);
    const x = ix.get("C20250101009");
    expect(x).toMatchObject({ id: "C20250101009", score: null, dbt: null, grade: "N", tier: "资料不足", limit: 0, invoices: 0, lateInvoices: 0, openAmount: 0 });
    expect(x.aging).toEqual({ current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d91_120: 0, d120plus: 0 });
  });
});

describe("reading the payment table", () => {
  it("finds columns by header text and English aliases in any order, under a title row", () => {
    const head = ["Paid Amount", "Customer ID", "Amount", "Invoice No", "Invoice Date", "Due Date", "Paid On"];
    const values = [["回款记录 2026"], head, [600, C, 1000, "INV1", day(-90), day(-60), day(-45)], [400, C, 1000, "INV1", day(-90), day(-60), day(-60)]];
    const x = buildCreditIndex({ values, firstRow: 1 }, { asOf: AS_OF_DAY }).get(C);
    expect([x.score, x.dbt]).toEqual([74, 9]);
  });

  it("Excel serial dates give the same results as YYYY-MM-DD text", () => {
    const serial = (n: number) => dayToExcelSerial(parseIsoDate(day(n))!);
    const a = index([row(C, "INV1", day(-90), day(-60), 30, 1000, day(-45), 1000)]).get(C);
    const b = index([row(C, "INV1", serial(-90), serial(-60), 30, 1000, serial(-45), 1000)]).get(C);
    expect(b).toEqual(a);
  });

  it("a missing column is an error that names it", () => {
    const values = [HEAD.filter((h) => h !== "付款日期"), [C, "INV1", day(-90), day(-60), 30, 1000, 1000]];
    expect(() => buildCreditIndex({ values, firstRow: 1 }, { asOf: AS_OF_DAY })).toThrow(PaymentsTableError);
    expect(() => buildCreditIndex({ values, firstRow: 1 }, { asOf: AS_OF_DAY })).toThrow(/付款日期 \(Paid On\)/);
  });

  it("neither 到期日 nor 账期天数 is a missing column", () => {
    const values = [HEAD.filter((h) => h !== "到期日" && h !== "账期天数")];
    expect(() => buildCreditIndex({ values, firstRow: 1 }, { asOf: AS_OF_DAY })).toThrow(/到期日 \(Due Date\) \/ 账期天数 \(Terms\)/);
  });

  it("no header row (Payments[#Data] instead of [#All]) is an error that says to include it", () => {
    expect(() => buildCreditIndex({ values: [[C, "INV1", day(-90), day(-60), 30, 1000, null, null]], firstRow: 1 }, { asOf: AS_OF_DAY })).toThrow(/Payments\[#All\]/);
  });

  it("dates are read by core/dates: a paid date with a time of day (text or serial) is that day; an error value or a 0 is unreadable", () => {
    const plain = index([paid(C, "INV1", -100, 1000, 10)]).get(C);
    const withTime = index([row(C, "INV1", day(-100), day(-70), 30, 1000, `${day(-60)} 14:30:00`, 1000)]).get(C);
    const serialTime = index([row(C, "INV1", day(-100), day(-70), 30, 1000, dayToExcelSerial(parseIsoDate(day(-60))!) + 0.6, 1000)]).get(C);
    expect(withTime).toEqual(plain);
    expect(serialTime).toEqual(plain);
    for (const bad of ["#N/A", 0]) {
      const ix = index([row(C, "INV1", day(-100), day(-70), 30, 1000, bad, 1000)]);
      expect(ix.problems).toEqual([expect.objectContaining({ row: 2, code: "unreadable-date", column: "付款日期" })]);
    }
  });

  it("an unreadable date is a problem naming row and column; the strict index of the functions throws with it", () => {
    const rows = [paid(C, "INV1", -100, 1000, 0), row(C, "INV2", "2026-13-45", day(-60), 30, 1000, null, null)];
    const ix = index(rows);
    expect(ix.problems).toEqual([expect.objectContaining({ row: 3, code: "unreadable-date", column: "开票日期" })]);
    expect(() => strictCreditIndex([HEAD, ...rows], AS_OF_DAY, ix.policy)).toThrow(CreditArgumentError);
    expect(() => strictCreditIndex([HEAD, ...rows], AS_OF_DAY, ix.policy)).toThrow("unreadable date '2026-13-45' in 开票日期, row 3 of the payments range");
  });

  it("blank rows are skipped silently; a row with data but no 客户编号 is reported", () => {
    const ix = index([paid(C, "INV1", -100, 1000, 0), [null, null, null, null, null, null, null, null], [null, "INV9", day(-10), day(20), 30, 50, null, null]]);
    expect(ix.problems.map((p) => [p.row, p.code])).toEqual([[4, "invalid-row"]]);
    expect(ix.customers.size).toBe(1);
  });

  it("money written as text (1,000.50, ¥300) is read; other text is an invalid row", () => {
    const ix = index([row(C, "INV1", day(-100), day(-70), 30, "1,000.50", day(-70), "¥1000.50"), row(C, "INV2", day(-100), day(-70), 30, "abc", null, null)]);
    expect(ix.get(C).score).toBe(80);
    expect(ix.problems).toEqual([expect.objectContaining({ row: 3, column: "金额" })]);
  });
});
