/** SPEC §8.1 recorded vs computed: over-limit, grade-drift, limit-above-suggested, as findings on the Customers cells. */
import { countFlags, creditJson, creditReport, readRecordedCredit, amountFenOfCell, gradeOfCell, type CreditFlag } from "../../../src/core/credit";
import type { Cell, SheetBlock } from "../../../src/core/table";
import { AS_OF_DAY, HEAD, day, paid, row } from "./fixtures";

const CUSTOMER_HEAD = ["客户编号", "客户名称", "负责人", "客户等级", "信用额度", "合作状态"];

/** Three invoices paid on time (A类, suggested limit 12,000) plus what `extra` adds. */
function onTime(id: string, extra: Cell[][] = []): Cell[][] {
  return [paid(id, `${id}-1`, -200, 12_345, 0), paid(id, `${id}-2`, -170, 12_345, 0), paid(id, `${id}-3`, -140, 12_345, 0), ...extra];
}

function blocks(customers: Cell[][], payments: Cell[][]): SheetBlock[] {
  return [
    { sheet: "客户信息", firstRow: 1, firstColumn: 1, values: [CUSTOMER_HEAD, ...customers] },
    { sheet: "回款记录", firstRow: 1, firstColumn: 1, values: [HEAD, ...payments] },
  ];
}

const OK = "C20240101001"; // nothing to flag
const OVER = "C20240101002"; // open 20,000 against a limit of 12,000
const DRIFT = "C20240101003"; // recorded C类, computed A类
const ABOVE = "C20240101004"; // limit 50,000 against a suggested 12,000
const THIN = "C20240101005"; // N: only over-limit can apply

function report() {
  const customers = [
    [OK, "甲公司", "王芳", "A类", 12_000, "合作中"],
    [OVER, "乙公司", "李娜", "A", "12,000", "合作中"],
    [DRIFT, "丙公司", "张伟", "C类", 12_000, "合作中"],
    [ABOVE, "丁公司", "刘敏", "A类", "5万", "合作中"],
    [THIN, "戊公司", "陈杰", "B类", 1_000, "合作中"],
  ];
  const payments = [
    ...onTime(OK),
    ...onTime(OVER, [row(OVER, "OPEN", day(-10), day(20), 30, 20_000, null, null)]),
    ...onTime(DRIFT),
    ...onTime(ABOVE),
    paid(THIN, "T1", -100, 3000, 0),
    row(THIN, "T2", day(-10), day(20), 30, 5_000, null, null),
  ];
  return creditReport(blocks(customers, payments), AS_OF_DAY);
}

const byCustomer = (flags: CreditFlag[], id: string) => flags.filter((f) => f.customerId === id).map((f) => f.code);

describe("recorded vs computed (SPEC §8.1)", () => {
  it("a customer whose recorded grade and limit agree with the payments has no flag", () => {
    const r = report();
    expect(r.customers[0]).toMatchObject({ id: OK, grade: "A类", limit: 12_000, openAmount: 0 });
    expect(byCustomer(r.flags, OK)).toEqual([]);
  });

  it("over-limit (error): open balance above 信用额度, on the 信用额度 cell; 'A' recorded counts as A类", () => {
    const r = report();
    expect(byCustomer(r.flags, OVER)).toEqual(["over-limit"]);
    const f = r.flags.find((x) => x.customerId === OVER)!;
    expect(f).toMatchObject({ table: "Customers", sheet: "客户信息", row: 3, column: "信用额度", columnNumber: 5, severity: "error", value: "12,000" });
    expect(f.message["zh-CN"]).toBe("工作表「客户信息」E3（第 3 行「信用额度」列）：未收金额 20,000 超过信用额度 12,000，超出 8,000。");
    expect(f.message["en-US"]).toBe('Sheet "客户信息" cell E3 (row 3, column "信用额度"): open balance 20,000 is over the credit limit 12,000 by 8,000.');
  });

  it("grade-drift (warning): recorded 客户等级 differs from the computed grade, on the 客户等级 cell, the computed grade as suggestion", () => {
    const r = report();
    expect(byCustomer(r.flags, DRIFT)).toEqual(["grade-drift"]);
    const f = r.flags.find((x) => x.customerId === DRIFT)!;
    expect(f).toMatchObject({ row: 4, column: "客户等级", columnNumber: 4, severity: "warning", value: "C类", suggestion: "A类" });
    expect(f.message["zh-CN"]).toContain("记录为 C类，按回款计算为 A类（评分 80，DBT 0 天，3 张发票中 0 张逾期）");
  });

  it("limit-above-suggested (info): 信用额度 (here typed 5万) above the suggested limit", () => {
    const r = report();
    expect(byCustomer(r.flags, ABOVE)).toEqual(["limit-above-suggested"]);
    const f = r.flags.find((x) => x.customerId === ABOVE)!;
    expect(f).toMatchObject({ row: 5, column: "信用额度", severity: "info", suggestion: 12_000 });
    expect(f.message["en-US"]).toContain("credit limit 50,000 is above the suggested limit 12,000 (computed grade A类)");
  });

  it("grade N is not compared (no grade-drift, no limit-above-suggested), but over-limit still applies", () => {
    const r = report();
    expect(r.customers[4]).toMatchObject({ id: THIN, grade: "N", openAmount: 5000 });
    expect(byCustomer(r.flags, THIN)).toEqual(["over-limit"]);
  });

  it("one customer can carry several flags, the most severe first", () => {
    const customers = [[OVER, "乙公司", "李娜", "B类", 30_000, "合作中"]];
    const r = creditReport(blocks(customers, onTime(OVER, [row(OVER, "OPEN", day(-10), day(20), 30, 40_000, null, null)])), AS_OF_DAY);
    expect(byCustomer(r.flags, OVER)).toEqual(["over-limit", "grade-drift", "limit-above-suggested"]);
    expect(countFlags(r.flags)).toEqual({ "over-limit": 1, "grade-drift": 1, "limit-above-suggested": 1 });
  });

  it("a blank 客户等级 is drift (nothing recorded); a blank 信用额度 checks no limit", () => {
    const r = creditReport(blocks([[OVER, "乙公司", "李娜", null, null, "合作中"]], onTime(OVER, [row(OVER, "OPEN", day(-10), day(20), 30, 40_000, null, null)])), AS_OF_DAY);
    expect(byCustomer(r.flags, OVER)).toEqual(["grade-drift"]);
    expect(r.flags[0].message["zh-CN"]).toContain("记录为 （空），按回款计算为 A类");
  });

  it("an unreadable 信用额度 is a note naming sheet, row and column, and its limit checks are skipped", () => {
    const r = creditReport(blocks([[OVER, "乙公司", "李娜", "A类", "很多", "合作中"]], onTime(OVER, [row(OVER, "OPEN", day(-10), day(20), 30, 40_000, null, null)])), AS_OF_DAY);
    expect(r.flags).toEqual([]);
    expect(r.recorded.notes).toEqual(["客户信息 row 2, 信用额度: '很多' is not an amount ≥ 0; credit limit checks skipped for C20240101002."]);
  });

  it("without 客户等级 / 信用额度 columns there is nothing to compare", () => {
    const values = [["客户编号", "客户名称"], [OVER, "乙公司"]];
    const r = creditReport([{ sheet: "客户信息", firstRow: 1, firstColumn: 1, values }, { sheet: "回款记录", firstRow: 1, firstColumn: 1, values: [HEAD, ...onTime(OVER, [row(OVER, "OPEN", day(-10), day(20), 30, 40_000, null, null)])] }], AS_OF_DAY);
    expect(r.flags).toEqual([]);
  });

  it("--json shape: recorded {grade, limit} and flag codes per customer, counts by code", () => {
    const json = creditJson(report());
    expect(json.customers.map((c) => [c.id, c.recorded, c.flags])).toEqual([
      [OK, { grade: "A类", limit: 12_000 }, []],
      [OVER, { grade: "A类", limit: 12_000 }, ["over-limit"]],
      [DRIFT, { grade: "C类", limit: 12_000 }, ["grade-drift"]],
      [ABOVE, { grade: "A类", limit: 50_000 }, ["limit-above-suggested"]],
      [THIN, { grade: "B类", limit: 1_000 }, ["over-limit"]],
    ]);
    expect(json.flagCounts).toEqual({ "over-limit": 2, "grade-drift": 1, "limit-above-suggested": 1 });
  });
});

describe("reading recorded values", () => {
  it.each([["A", "A类"], ["a类", "A类"], ["Ｂ类", "B类"], ["C 类", "C类"], ["C级", "C类"], ["D类", null], ["", null], [null, null]] as [Cell, string | null][])("grade %p → %p", (cell, grade) => {
    expect(gradeOfCell(cell)).toBe(grade);
  });

  it.each([[320000, 32_000_000], ["320,000", 32_000_000], ["¥5000", 500_000], ["32万", 32_000_000], ["3.2万元", 3_200_000], ["５万", 5_000_000], ["", null], [null, null]] as [Cell, number | null][])("amount %p → %p fen", (cell, fen) => {
    expect(amountFenOfCell(cell)).toBe(fen);
  });

  it("amounts that are not amounts are NaN", () => {
    expect(amountFenOfCell("很多")).toBeNaN();
    expect(amountFenOfCell("万")).toBeNaN();
  });

  it("keeps a repeated 客户编号 once (its first row), skips blank ids, and reads owner and status", () => {
    const values = [CUSTOMER_HEAD, [OK, "甲", "王芳", "A类", 1, "休眠档案"], [null, "x", null, null, null, null], [OK, "甲2", "李娜", "B类", 2, "合作中"]];
    const r = readRecordedCredit([{ sheet: "客户信息", firstRow: 1, firstColumn: 1, values }]);
    expect(r.customers).toEqual([{ id: OK, row: 2, name: "甲", owner: "王芳", status: "休眠", gradeCell: "A类", gradeText: "A类", grade: "A类", limitCell: 1, limitText: "1", limitFen: 100 }]);
  });
});
