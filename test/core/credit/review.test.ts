/** SPEC §8.2 annual review (信用评级调整): the sheet, reading it back, the approval rules, the apply plan and its idempotence. */
import {
  buildCreditReview, existingReviewSheet, filledReviewRows, planReviewApply, readReviewSheet, ReviewError, reviewSheetName, type ReviewApplyPlan,
} from "../../../src/core/credit";
import { dayToExcelSerial, parseIsoDate } from "../../../src/core/dates";
import type { Cell, SheetBlock } from "../../../src/core/table";
import { AS_OF_DAY, HEAD, paid, specBlock } from "./fixtures";

const CUSTOMER_HEAD = ["客户编号", "客户名称", "负责人", "客户等级", "信用额度", "合作状态"];
const UP = "C20240101001"; // recorded C类 320,000; pays on time: A类, suggested 12,000
const DOWN = "C20240101002"; // recorded A类 10,000; one payment 4 days late: B类, suggested 7,000
const THIN = "C20240101003"; // recorded B类 5,000; two invoices: N, keeps B类 / 5,000
const SLEEP = "C20240101004"; // 休眠: not reviewed
const SAME = "C20240101005"; // recorded A类 12,000 and computed A类 12,000: nothing to change

function three(id: string, late: [number, number, number]): Cell[][] {
  return late.map((l, k) => paid(id, `${id}-${k}`, -200 + 30 * k, 12_345, l));
}

function workbook(): SheetBlock[] {
  return [
    {
      sheet: "客户信息", firstRow: 1, firstColumn: 1, values: [
        CUSTOMER_HEAD,
        [UP, "甲公司", "王芳", "C类", 320_000, "合作中"],
        [DOWN, "乙公司", "李娜", "A类", 10_000, "合作中"],
        [THIN, "丙公司", "张伟", "B类", 5_000, "合作中"],
        [SLEEP, "丁公司", "刘敏", "B类", 1_000, "休眠"],
        [SAME, "戊公司", "陈杰", "A", "12,000", "合作中"],
      ],
    },
    {
      sheet: "回款记录", firstRow: 1, firstColumn: 1, values: [
        HEAD, ...three(UP, [0, 0, 0]), ...three(DOWN, [-20, -20, 4]), ...three(THIN, [0, 0, 0]).slice(0, 2), ...three(SAME, [0, 0, 0]),
      ],
    },
  ];
}

const YEAR = 2026;
const TODAY = AS_OF_DAY;
const TIME = "2026-09-30 10:00:00";

/** The workbook with its review sheet written (as a writer would) and some cells filled in by people. */
function withReview(fill: Record<string, Record<string, Cell>>, preparer = "赵编制"): SheetBlock[] {
  const blocks = workbook();
  const review = specBlock(buildCreditReview(blocks, { year: YEAR, asOf: AS_OF_DAY, preparer }).sheet);
  const head = review.values.findIndex((r) => r[0] === "客户编号");
  for (const [id, cells] of Object.entries(fill)) {
    const r = review.values.findIndex((row) => row[0] === id);
    for (const [header, value] of Object.entries(cells)) review.values[r][review.values[head].indexOf(header)] = value;
  }
  return [...blocks, review];
}

/** The error `f` throws. */
function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

const approved = (approver = "钱总监", extra: Record<string, Cell> = {}) => ({ 审批人: approver, 审批结果: "同意", 审批日期: "2026-09-20", ...extra });

/** Carry out a plan on the blocks as a writer would (Customers cells only). */
function applyWrites(blocks: SheetBlock[], plan: ReviewApplyPlan): void {
  for (const w of plan.writes) {
    const b = blocks.find((x) => x.sheet === w.sheet)!;
    b.values[w.row - b.firstRow][w.columnNumber - b.firstColumn] = w.after;
  }
}

describe("the review sheet (SPEC §8.2)", () => {
  const review = buildCreditReview(workbook(), { year: YEAR, asOf: AS_OF_DAY, preparer: "赵编制" });

  it("is named 信用评级调整 YYYY, with exactly the SPEC's columns in order, dropdowns on 调整后等级 and 审批结果", () => {
    expect(review.sheetName).toBe("信用评级调整 2026");
    const table = review.sheet.tables[0];
    expect(table.columns.map((c) => c.header)).toEqual([
      "客户编号", "客户名称", "负责人", "现等级", "现额度", "评分", "DBT", "逾期发票", "计算等级", "建议额度",
      "调整后等级", "调整后额度", "理由", "编制人", "审批人", "审批结果", "审批日期", "备注",
    ]);
    expect(table.columns.find((c) => c.header === "审批结果")!.list).toEqual(["同意", "不同意", "修改后同意"]);
    expect(table.columns.find((c) => c.header === "调整后等级")!.list).toEqual(["A类", "B类", "C类"]);
    expect(table.columns.find((c) => c.header === "审批日期")!.format).toBe("date");
    expect(table.columns.find((c) => c.header === "调整后额度")!.format).toBe("money");
    expect(review.sheet.freezeHeader).toBe(true);
  });

  it("lists every customer but the 休眠 one, proposal prefilled with the computed grade and limit, 编制人 prefilled, approval columns empty", () => {
    expect(review.dormant).toBe(1);
    const rows = review.sheet.tables[0].rows;
    expect(rows.map((r) => r[0])).toEqual([UP, DOWN, THIN, SAME]);
    expect(rows[0]).toEqual([UP, "甲公司", "王芳", "C类", 320_000, 80, 0, 0, "A类", 12_000, "A类", 12_000, expect.any(String), "赵编制", null, null, null, null]);
    expect(rows[1].slice(8, 12)).toEqual(["B类", 7_000, "B类", 7_000]);
  });

  it("N (not enough history) keeps the current grade and limit, to be decided by hand", () => {
    const thin = review.sheet.tables[0].rows[2];
    expect(thin.slice(3, 5)).toEqual(["B类", 5_000]);
    expect(thin.slice(8, 12)).toEqual(["N", 0, "B类", 5_000]);
    expect(thin[12]).toBe("2 张发票中 0 张逾期，资料不足(N)，维持现等级与额度，请人工判断；等级不变，额度不变");
  });

  it("generates the reason from the figures and the change", () => {
    const rows = review.sheet.tables[0].rows;
    expect(rows[0][12]).toBe("评分 80，DBT 0 天，3 张发票中 0 张逾期；等级 C类→A类，额度 320,000→12,000");
    expect(rows[1][12]).toBe("评分 86，DBT 1.3 天，3 张发票中 1 张逾期；等级 A类→B类，额度 10,000→7,000");
    // SAME records "A" and "12,000": read as A类 and 12,000, so nothing changes.
    expect(rows[3][12]).toBe("评分 80，DBT 0 天，3 张发票中 0 张逾期；等级不变，额度不变");
  });

  it("says in its lines what it covers and how to approve", () => {
    expect(review.sheet.lines![1]).toBe("共 4 个客户（不含休眠 1 个）：建议调整等级 2 个，调整额度 2 个；资料不足(N) 1 个维持现状，请人工判断。");
    expect(review.sheet.lines![2]).toContain("审批人须不是编制人");
  });

  it("an existing review sheet of the year is found (spacing ignored), another year's is not", () => {
    expect(existingReviewSheet(["客户信息", "信用评级调整 2026"], 2026)).toBe("信用评级调整 2026");
    expect(existingReviewSheet(["信用评级调整2026"], 2026)).toBe("信用评级调整2026");
    expect(existingReviewSheet(["信用评级调整 2025"], 2026)).toBeNull();
    expect(reviewSheetName(2027)).toBe("信用评级调整 2027");
  });

  it("without customers it is a ReviewError", () => {
    const blocks = workbook().slice(1);
    expect(() => buildCreditReview(blocks, { year: YEAR, asOf: AS_OF_DAY })).toThrow(ReviewError);
    // … with a code and the sheet, for a host to word in its language.
    expect(caught(() => buildCreditReview(blocks, { year: YEAR, asOf: AS_OF_DAY }))).toMatchObject({ code: "no-customers-table", sheet: "客户信息" });
  });

  it("counts what it proposes to change: grades, limits, and customers left to a person (N)", () => {
    expect(review.changes).toEqual({ grade: 2, limit: 2, thin: 1 });
  });
});

describe("applying approved rows (SPEC §8.2 approval rules)", () => {
  it("同意 with 审批人 ≠ 编制人 and a date: the proposal is written to Customers, each old value logged (原因 信用评级调整 YYYY, 操作人 = 审批人)", () => {
    const blocks = withReview({ [UP]: approved() });
    const plan = planReviewApply(blocks, { year: YEAR, time: TIME, today: TODAY });
    const up = plan.outcomes.find((o) => o.customerId === UP)!;
    expect(up.status).toBe("applied");
    expect(up.writes.map((w) => [w.sheet, w.row, w.columnNumber, w.column, w.before, w.after])).toEqual([
      ["客户信息", 2, 4, "客户等级", "C类", "A类"],
      ["客户信息", 2, 5, "信用额度", 320_000, 12_000],
    ]);
    expect(up.writes.map((w) => w.log)).toEqual([
      { time: TIME, table: "Customers", customerId: UP, field: "客户等级", before: "C类", after: "A类", reason: "信用评级调整 2026", user: "钱总监" },
      { time: TIME, table: "Customers", customerId: UP, field: "信用额度", before: "320000", after: "12000", reason: "信用评级调整 2026", user: "钱总监" },
    ]);
    expect(up.message["zh-CN"]).toContain("同意（审批人 钱总监，2026-09-20）：客户等级 C类→A类，信用额度 320000→12000。");
    expect(up.at).toEqual({ columnNumber: 16, header: "审批结果" });
    expect(plan.writes).toEqual(up.writes);
  });

  it("rows nobody approved are skipped as not approved", () => {
    const plan = planReviewApply(withReview({ [UP]: approved() }), { year: YEAR, time: TIME, today: TODAY });
    expect(plan.outcomes.filter((o) => o.customerId !== UP).map((o) => [o.customerId, o.status, o.skip])).toEqual([
      [DOWN, "skipped", "not-approved"], [THIN, "skipped", "not-approved"], [SAME, "skipped", "not-approved"],
    ]);
    expect(plan.counts).toEqual({ applied: 1, unchanged: 0, skipped: 3 });
  });

  it("审批人 = 编制人 (the same person, spacing aside) is skipped", () => {
    const plan = planReviewApply(withReview({ [UP]: approved("赵 编制") }), { year: YEAR, time: TIME, today: TODAY });
    const up = plan.outcomes.find((o) => o.customerId === UP)!;
    expect([up.status, up.skip, up.writes]).toEqual(["skipped", "same-person", []]);
    // The cell the message is about, for a host to select: 审批人 is the 15th column.
    expect(up.at).toEqual({ columnNumber: 15, header: "审批人" });
    expect(up.message["zh-CN"]).toMatch(/^工作表「信用评级调整 2026」O\d+（第 \d+ 行「审批人」列）：审批人与编制人是同一人（赵 编制），未应用。$/);
  });

  it("a missing 审批日期 is skipped", () => {
    const plan = planReviewApply(withReview({ [UP]: approved("钱总监", { 审批日期: null }) }), { year: YEAR, time: TIME, today: TODAY });
    const up = plan.outcomes.find((o) => o.customerId === UP)!;
    expect([up.status, up.skip]).toEqual(["skipped", "no-date"]);
    expect(up.message["en-US"]).toContain('column "审批日期"): 审批日期 (approval date) is blank; not applied.');
    expect(plan.writes).toEqual([]);
  });

  it("不同意 is skipped", () => {
    const plan = planReviewApply(withReview({ [UP]: approved("钱总监", { 审批结果: "不同意" }) }), { year: YEAR, time: TIME, today: TODAY });
    expect(plan.outcomes.find((o) => o.customerId === UP)).toMatchObject({ status: "skipped", skip: "rejected", result: "不同意" });
    expect(plan.writes).toEqual([]);
  });

  it("修改后同意 with a changed limit (typed 8万) writes the changed limit", () => {
    const plan = planReviewApply(withReview({ [DOWN]: approved("钱总监", { 审批结果: "修改后同意", 调整后额度: "8万" }) }), { year: YEAR, time: TIME, today: TODAY });
    const down = plan.outcomes.find((o) => o.customerId === DOWN)!;
    expect(down).toMatchObject({ status: "applied", result: "修改后同意", approver: "钱总监" });
    expect(down.writes.map((w) => [w.column, w.before, w.after])).toEqual([["客户等级", "A类", "B类"], ["信用额度", 10_000, 80_000]]);
  });

  it("applying twice changes nothing the second time", () => {
    const blocks = withReview({ [UP]: approved(), [DOWN]: approved("钱总监", { 审批结果: "修改后同意", 调整后额度: 9000 }), [SAME]: approved() });
    const first = planReviewApply(blocks, { year: YEAR, time: TIME, today: TODAY });
    expect(first.counts).toEqual({ applied: 2, unchanged: 1, skipped: 1 });
    expect(first.writes).toHaveLength(4);
    applyWrites(blocks, first);
    const second = planReviewApply(blocks, { year: YEAR, time: TIME, today: TODAY });
    expect(second.writes).toEqual([]);
    expect(second.counts).toEqual({ applied: 0, unchanged: 3, skipped: 1 });
    expect(second.outcomes.find((o) => o.customerId === UP)!.message["en-US"]).toContain("客户信息 already holds the approved values");
  });

  it("reads what people type: a real date cell or 2026/9/20, grade B or Ｂ类, limit 15,000", () => {
    const serial = dayToExcelSerial(parseIsoDate("2026-09-20")!);
    const plan = planReviewApply(withReview({
      [UP]: approved("钱总监", { 审批日期: serial, 调整后等级: "B", 调整后额度: "15,000" }),
      [DOWN]: approved("钱总监", { 审批日期: "2026/9/20", 调整后等级: "Ｂ类", 审批结果: " 同意 " }),
    }), { year: YEAR, time: TIME, today: TODAY });
    expect(plan.outcomes.find((o) => o.customerId === UP)!.writes.map((w) => w.after)).toEqual(["B类", 15_000]);
    expect(plan.outcomes.find((o) => o.customerId === DOWN)!.writes.map((w) => w.after)).toEqual(["B类", 7_000]);
  });

  it("a blank 调整后额度 leaves the limit as it is (never cleared); both blank is nothing to apply", () => {
    const plan = planReviewApply(withReview({ [UP]: approved("钱总监", { 调整后额度: null }), [DOWN]: approved("钱总监", { 调整后额度: null, 调整后等级: null }) }), { year: YEAR, time: TIME, today: TODAY });
    expect(plan.outcomes.find((o) => o.customerId === UP)!.writes.map((w) => w.column)).toEqual(["客户等级"]);
    expect(plan.outcomes.find((o) => o.customerId === DOWN)).toMatchObject({ status: "skipped", skip: "nothing-proposed" });
  });

  it.each([
    ["no 编制人", { 编制人: null }, "no-preparer"],
    ["no 审批人", { 审批人: null }, "no-approver"],
    ["an 审批日期 after today", { 审批日期: "2026-10-01" }, "future-date"],
    ["an 审批日期 that is no date", { 审批日期: "下周一" }, "bad-date"],
    ["an unknown 审批结果", { 审批结果: "OK吧" }, "unknown-result"],
    ["a 调整后等级 that is no grade", { 调整后等级: "D类" }, "bad-grade"],
    ["a negative 调整后额度", { 调整后额度: -5 }, "bad-limit"],
  ] as [string, Record<string, Cell>, string][])("%s is skipped with its reason", (_what, cells, skip) => {
    const plan = planReviewApply(withReview({ [UP]: { ...approved(), ...cells } }), { year: YEAR, time: TIME, today: TODAY });
    expect(plan.outcomes.find((o) => o.customerId === UP)).toMatchObject({ status: "skipped", skip, writes: [] });
  });

  it("a row for a customer not in Customers, and a repeated row, are skipped", () => {
    const blocks = withReview({ [UP]: approved() });
    const review = blocks[2];
    review.values.push(["C20991231999", ...review.values[review.values.length - 1].slice(1)]);
    review.values.push([...review.values.find((r) => r[0] === UP)!]);
    const plan = planReviewApply(blocks, { year: YEAR, time: TIME, today: TODAY });
    expect(plan.outcomes.slice(-2).map((o) => [o.customerId, o.skip])).toEqual([["C20991231999", "unknown-customer"], [UP, "repeated"]]);
    expect(plan.writes).toHaveLength(2);
  });

  it("follows the customer when Customers was sorted since the review was made", () => {
    const blocks = withReview({ [UP]: approved() });
    const customers = blocks[0].values;
    blocks[0].values = [customers[0], ...customers.slice(1).reverse()];
    const plan = planReviewApply(blocks, { year: YEAR, time: TIME, today: TODAY });
    expect(plan.writes.map((w) => w.row)).toEqual([6, 6]);
  });

  it("no review sheet of the year, a review sheet without its approval columns, or Customers without 信用额度: a ReviewError naming what is missing", () => {
    expect(() => planReviewApply(workbook(), { year: YEAR, time: TIME, today: TODAY })).toThrow("No sheet 信用评级调整 2026 to apply");
    const blocks = withReview({ [UP]: approved() });
    const cut = { ...blocks[2], values: blocks[2].values.map((r) => r.slice(0, 15)) };
    expect(() => planReviewApply([blocks[0], blocks[1], cut], { year: YEAR, time: TIME, today: TODAY })).toThrow('Sheet "信用评级调整 2026" is missing columns 审批结果, 审批日期');
    const noLimit = { ...blocks[0], values: blocks[0].values.map((r) => r.slice(0, 4)) };
    expect(() => planReviewApply([noLimit, blocks[1], blocks[2]], { year: YEAR, time: TIME, today: TODAY })).toThrow("客户信息 has no column 信用额度: add it before applying the review.");
    // The codes a host words: which sheet, which columns.
    expect(caught(() => planReviewApply(workbook(), { year: YEAR, time: TIME, today: TODAY }))).toMatchObject({ code: "no-review-sheet", sheet: "信用评级调整 2026" });
    expect(caught(() => planReviewApply([blocks[0], blocks[1], cut], { year: YEAR, time: TIME, today: TODAY }))).toMatchObject({ code: "review-columns", sheet: "信用评级调整 2026", columns: ["审批结果", "审批日期"] });
    expect(caught(() => planReviewApply([noLimit, blocks[1], blocks[2]], { year: YEAR, time: TIME, today: TODAY }))).toMatchObject({ code: "customers-columns", sheet: "客户信息", columns: ["信用额度"] });
  });

  it("counts the rows people have filled in (an 审批结果): what generating the sheet anew would lose", () => {
    const blocks = withReview({ [UP]: approved(), [DOWN]: { 审批结果: "不同意" } });
    expect(filledReviewRows(blocks[2])).toBe(2);
    expect(filledReviewRows(withReview({})[2])).toBe(0);
    expect(filledReviewRows(blocks[0])).toBe(0); // not a review sheet
    expect(filledReviewRows(undefined)).toBe(0);
  });

  it("reads the review sheet's header under its title lines", () => {
    const blocks = withReview({});
    const sheet = readReviewSheet(blocks[2]);
    expect(sheet.headerRow).toBe(5);
    expect(sheet.rows.map((r) => r.cells[0])).toEqual([UP, DOWN, THIN, SAME]);
  });
});
