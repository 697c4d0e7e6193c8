/**
 * Issue 17 item 3 (the credit side): the payment rows credit grading leaves out are findings of
 * validation on 回款记录 — same rows, same reasons — by the one reader both use
 * (core/credit readPaymentRow). Each case: what credit says, what validate says.
 */
import fc from "fast-check";
import { buildCreditIndex, MAX_TERMS_DAYS } from "../../../src/core/credit";
import { parseIsoDate } from "../../../src/core/dates";
import type { Cell } from "../../../src/core/table";
import { AS_OF, block, check, customer, customersSheet } from "./fixtures";

const HEAD = ["客户编号", "单据号", "开票日期", "到期日", "账期天数", "金额", "付款日期", "付款金额"];
const ID = "C20240115001";
type Row = Record<string, Cell>;
const pay = (o: Row): Row => ({ 客户编号: ID, 单据号: "INV1", 开票日期: "2026-01-05", 到期日: "2026-02-04", 账期天数: 30, 金额: 1000, 付款日期: "2026-02-01", 付款金额: 1000, ...o });

function both(rows: Row[]) {
  const payments = block("回款记录", HEAD, rows);
  const credit = buildCreditIndex(payments, { asOf: parseIsoDate(AS_OF)! });
  const report = check(customersSheet([customer()]), payments);
  const findings = report.findings.filter((f) => f.table === "Payments");
  return { credit, findings };
}

describe("payment rows credit leaves out are validation errors on 回款记录 (the same reader)", () => {
  it.each<[string, Row, string, string, string, RegExp]>([
    ["付款金额 0 with a 付款日期", { 付款金额: 0 }, "付款金额", "pattern", "付款金额 is 0 on 付款日期 2026-02-01 (a payment is more than 0)", /付款金额为 0/],
    ["a negative 付款金额", { 付款金额: -500 }, "付款金额", "pattern", "negative 付款金额 -500 (a payment is more than 0)", /为负数/],
    ["到期日 before 开票日期", { 到期日: "2026-01-01" }, "到期日", "date-mismatch", "到期日 2026-01-01 is before 开票日期 2026-01-05", /早于开票日期/],
    ["账期天数 1e6", { 到期日: null, 账期天数: 1e6 }, "账期天数", "pattern", `账期天数 1000000 is more than ${MAX_TERMS_DAYS} days (10 years)`, /超过 3650 天/],
    ["金额 1e308", { 金额: 1e308 }, "金额", "pattern", "金额 1e+308 is beyond ±1,000,000,000,000 (no invoice is that large)", /超出 ±1 万亿/],
    ["付款金额 -1e308", { 付款金额: -1e308 }, "付款金额", "pattern", "付款金额 -1e+308 is beyond ±1,000,000,000,000 (no payment is that large)", /超出 ±1 万亿/],
    ["a credit note with a payment", { 金额: -100 }, "付款金额", "pattern", "a credit note (negative 金额) with a payment", /红字冲销/],
    ["金额 0", { 金额: 0, 付款日期: null, 付款金额: null }, "金额", "pattern", "金额 is 0", /金额为 0/],
    ["neither 到期日 nor 账期天数, dated after the as-of day", { 开票日期: "2026-10-05", 到期日: null, 账期天数: null, 付款日期: null, 付款金额: null }, "到期日", "required", "到期日 is blank and there is no 账期天数 to count it from", /也没有账期天数/],
  ])("%s", (_what, o, column, code, detail, zh) => {
    const { credit, findings } = both([pay({}), pay(o)]);
    expect(credit.problems).toEqual([expect.objectContaining({ row: 3, column, detail })]);
    const errors = findings.filter((f) => f.severity === "error");
    expect(errors).toEqual([expect.objectContaining({ row: 3, column, code, sheet: "回款记录" })]);
    expect(errors[0].message["en-US"]).toContain(`${detail.charAt(0).toUpperCase()}${detail.slice(1)}: credit grading leaves this row out`);
    expect(errors[0].message["zh-CN"]).toMatch(zh);
    expect(errors[0].message["zh-CN"]).toContain("信用评级不使用此行");
  });

  it("付款金额 typed as text '1,5' (a comma that is no thousands separator): credit leaves the row out, validate has one error on the cell (the cell check's, not a second one)", () => {
    const { credit, findings } = both([pay({}), pay({ 付款金额: "1,5" })]);
    expect(credit.problems).toEqual([expect.objectContaining({ row: 3, column: "付款金额", detail: "付款金额 '1,5' is not a number (thousands separators only as 1,000 or 12,345.67)" })]);
    const errors = findings.filter((f) => f.severity === "error");
    expect(errors).toEqual([expect.objectContaining({ row: 3, column: "付款金额", code: "type", sheet: "回款记录" })]);
    expect(errors[0].message["en-US"]).toContain("a comma may only separate thousands");
  });

  it.each<[Cell, string]>([
    [-30, "账期天数 -30 is negative"],
    [1e6, "账期天数 1000000 is more than 3650 days (10 years)"],
    [30.5, "账期天数 30.5 is not a whole number of days"],
    ["abc", "账期天数 'abc' is not a number of days"],
    ["30.5", "账期天数 30.5 is not a whole number of days"],
  ])("账期天数 %p says what is wrong, not that there is no 账期天数; validation reports the row", (terms, detail) => {
    const { credit, findings } = both([pay({ 到期日: null, 账期天数: terms })]);
    expect(credit.problems.map((p) => p.detail)).toEqual([detail]);
    expect(credit.problems[0].detail).not.toMatch(/blank/);
    // One error on 账期天数: the cell check's own where it has one (−30, 30.5, "abc"), credit's rule otherwise (1e6).
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.row, f.column])).toEqual([[2, "账期天数"]]);
  });

  it("账期天数 is checked when 到期日 is given too (a contradictory row is not guessed)", () => {
    const { credit, findings } = both([pay({ 账期天数: 1e6 })]);
    expect(credit.problems.map((p) => p.detail)).toEqual(["账期天数 1000000 is more than 3650 days (10 years)"]);
    expect(findings.map((f) => [f.column, f.code, f.severity])).toEqual([["账期天数", "pattern", "error"]]);
  });

  it("0 and 3650 days are usable terms; '30' typed as text is 30", () => {
    for (const terms of [0, MAX_TERMS_DAYS, "30"]) {
      const { credit } = both([pay({ 到期日: null, 账期天数: terms, 付款日期: null, 付款金额: null })]);
      expect([terms, credit.problems]).toEqual([terms, []]);
    }
  });

  it("amounts up to the bound are read; no result is NaN or infinite", () => {
    const { credit } = both([pay({ 金额: 1e12, 付款金额: 1e12 }), pay({ 单据号: "INV2", 金额: 1e308, 付款金额: 1e308 })]);
    const c = credit.get(ID);
    expect(credit.problems.map((p) => p.row)).toEqual([3]);
    for (const v of [c.score, c.dbt, c.limit, c.openAmount]) expect(v === null || Number.isFinite(v)).toBe(true);
  });

  it("a cell check's own error on the same cell is not repeated (an unreadable date, a blank 金额)", () => {
    const { credit, findings } = both([pay({ 开票日期: "2026-02-30" }), pay({ 金额: null })]);
    expect(credit.problems.map((p) => [p.row, p.column])).toEqual([[2, "开票日期"], [3, "金额"]]);
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.row, f.column, f.code])).toEqual([[2, "开票日期", "date"], [3, "金额", "required"]]);
  });

  it("the rows credit uses give no finding: paid, open, a credit note, a row with 账期天数 only", () => {
    const { credit, findings } = both([pay({}), pay({ 付款日期: null, 付款金额: null }), pay({ 金额: -100, 付款日期: null, 付款金额: null }), pay({ 到期日: null })]);
    expect(credit.problems).toEqual([]);
    expect(findings).toEqual([]);
  });

  it("property: every row credit leaves out has an error finding of validation on the same 回款记录 row", () => {
    const cell = fc.constantFrom<Cell>(null, "", 0, -1, 1000, -1000, 30, 30.5, -30, 1e6, 1e308, "abc", "+1000", "1,000", "2026-01-05", "2026-02-30", "2025-12-01", "2026-10-05", 46027, "#N/A");
    const id = fc.constantFrom<Cell>(ID, null, "");
    const rowArb = fc.tuple(id, fc.constantFrom<Cell>("INV1", "INV2", null), cell, cell, cell, cell, cell, cell);
    fc.assert(fc.property(fc.array(rowArb, { maxLength: 12 }), (rows) => {
      const values: Cell[][] = [HEAD, ...rows];
      const payments = { sheet: "回款记录", firstRow: 1, firstColumn: 1, values };
      const credit = buildCreditIndex(payments, { asOf: parseIsoDate(AS_OF)! });
      const report = check(customersSheet([customer()]), payments);
      const errorRows = new Set(report.findings.filter((f) => f.table === "Payments" && f.severity === "error").map((f) => f.row));
      for (const p of credit.problems) expect([p.row, p.detail, errorRows.has(p.row)]).toEqual([p.row, p.detail, true]);
    }), { numRuns: 300 });
  });
});
