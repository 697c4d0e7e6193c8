/**
 * Credit management in Excel (SPEC §8.2, §8.3; src/excel/credit.ts) on the strict Excel test
 * double: the review sheet generated (and not written over without asking), approved rows applied
 * with their ChangeLog rows (校验 chained, 操作人 = 审批人, logged once with change tracking on,
 * idempotent), a month recorded twice (replaced), and the report sheet's tables and native charts.
 */
import { verifyChangeLog, webCryptoSha256 } from "../../src/core/records/chain";
import { timestampText } from "../../src/core/sheets";
import type { Cell } from "../../src/core/table";
import { CHANGELOG, CREDIT_HISTORY, CREDIT_POLICY, PAYMENTS } from "../../src/core/template/tables";
import { ChangeTracker } from "../../src/excel/changes";
import type { ExcelRun } from "../../src/excel/check";
import { applyReview, generateReview, recordMonth } from "../../src/excel/credit";
import { SHEET_PROTECTION } from "../../src/excel/write";
import { FakeExcel, parseRect, rectAddress } from "../support/fake-excel";
import { AS_OF_DAY, HEAD as PAYMENT_HEAD, day, paid, row } from "../core/credit/fixtures";

const run = (x: FakeExcel) => x.run as unknown as ExcelRun;
const TODAY = AS_OF_DAY; // 2026-09-30
const YEAR = 2026;
const REVIEW = "信用评级调整 2026";
const NOW = new Date("2026-09-30T02:00:00Z"); // 10:00 in Asia/Shanghai

const CUSTOMER_HEAD = ["客户编号", "客户名称", "负责人", "客户类型", "客户等级", "信用额度", "合作状态"];
const UP = "C20240101001"; // recorded C类 320,000; pays on time: A类, suggested 12,000
const DOWN = "C20240101002"; // recorded A类 10,000; late and 50,000 open 100 days past due: C类, suggested 0; over its limit
const SLEEP = "C20240101003"; // 休眠: not reviewed

function three(id: string, late: number): Cell[][] {
  return [0, 1, 2].map((k) => paid(id, `${id}-${k}`, -200 + 30 * k, 12_000, late));
}

/** A workbook as set-up leaves it, with customers, payments and the record sheets protected. */
function workbook(options: { apiWritesFireEvents?: boolean; history?: Cell[][] } = {}): FakeExcel {
  const x = new FakeExcel({ apiWritesFireEvents: options.apiWritesFireEvents });
  x.addSheetWithRows("客户信息", [CUSTOMER_HEAD, [UP, "甲公司", "王芳", "企业", "C类", 320_000, "合作中"], [DOWN, "乙公司", "李娜", "企业", "A类", 10_000, "合作中"], [SLEEP, "丙公司", "张伟", "企业", "B类", 5_000, "休眠"]], {
    tableName: "Customers", numberFormats: [CUSTOMER_HEAD.map(() => "@"), ...[0, 1, 2].map(() => ["@", "@", "@", "@", "@", "#,##0", "@"])],
  });
  x.addSheetWithRows(PAYMENTS.sheet, [PAYMENT_HEAD, ...three(UP, 0), ...three(DOWN, 10), row(DOWN, "X-1", day(-130), day(-100), 30, 50_000, null, null)], { tableName: "Payments" });
  x.addSheetWithRows(CREDIT_POLICY.sheet, [["参数", "值"], ["宽限天数", 3]], { tableName: "CreditPolicy" });
  x.addSheetWithRows(CHANGELOG.sheet, [CHANGELOG.columns.map((c) => c.header)], { tableName: "ChangeLog" });
  x.protectSheet(CHANGELOG.sheet);
  x.addSheetWithRows(CREDIT_HISTORY.sheet, [CREDIT_HISTORY.columns.map((c) => c.header), ...(options.history ?? [])], {
    tableName: "CreditHistory", numberFormats: [CREDIT_HISTORY.columns.map(() => "@"), ...(options.history ?? [[]]).map(() => ["@", "@", "0", "@", "0.0", "#,##0.00", "#,##0.00", "#,##0.00", "#,##0.00", "#,##0.00"])],
  });
  x.protectSheet(CREDIT_HISTORY.sheet);
  return x;
}

/** A table's rows by header. */
function rows(x: FakeExcel, table: string): Array<Record<string, Cell>> {
  const t = x.table(table)!;
  return x.tableRows(table).filter((r) => r.some((v) => v !== "")).map((r) => Object.fromEntries(t.headers.map((h, i) => [h, h === "时间" ? timestampText(r[i]) : r[i]])));
}

/** Fill cells of the review sheet by 客户编号 and header, as people do in Excel. */
function fill(x: FakeExcel, sheet: string, cells: Record<string, Record<string, Cell>>): void {
  const table = x.table(`CreditReview${YEAR}`)!;
  const headers = table.headers;
  const body = x.tableRows(table.name);
  for (const [id, values] of Object.entries(cells)) {
    const r = body.findIndex((b) => b[0] === id);
    for (const [h, v] of Object.entries(values)) x.sheet(sheet)!.set(table.rect.row + 1 + r, table.rect.col + headers.indexOf(h), { value: v });
  }
}

const approve = { 审批人: "钱总监", 审批结果: "同意", 审批日期: "2026-09-20" };

describe("generating the annual review sheet (SPEC §8.2)", () => {
  it("writes 信用评级调整 YYYY (every customer not 休眠, 编制人 = the pane's 操作人, dropdowns) and makes it the active sheet, in 3 round trips", async () => {
    const x = workbook();
    const before = x.syncCount;
    const outcome = await generateReview(run(x), { year: YEAR, today: TODAY, preparer: "赵编制" });
    expect(x.syncCount - before).toBe(3);
    expect(outcome).toEqual({ kind: "made", year: YEAR, sheet: REVIEW, asOf: "2026-09-30", customers: 2, dormant: 1, changes: { grade: 2, limit: 2, thin: 0 }, replaced: false, filledBefore: 0 });
    const review = rows(x, "CreditReview2026");
    expect(review.map((r) => [r["客户编号"], r["现等级"], r["现额度"], r["计算等级"], r["调整后等级"], r["调整后额度"], r["编制人"], r["审批人"]])).toEqual([
      [UP, "C类", 320_000, "A类", "A类", 12_000, "赵编制", ""],
      [DOWN, "A类", 10_000, "C类", "C类", 0, "赵编制", ""],
    ]);
    const s = x.sheet(REVIEW)!;
    const result = parseRect("P1").col;
    expect(s.dataValidations.find((d) => d.rect.col === result)?.rule).toEqual({ list: { inCellDropDown: true, source: "同意,不同意,修改后同意" } });
    expect(x.activeSheet).toBe(REVIEW);
  });

  it("a year whose sheet exists is not written over: it says how many rows have an 审批结果; `again` replaces it and says what the old one held", async () => {
    const x = workbook();
    await generateReview(run(x), { year: YEAR, today: TODAY, preparer: "赵编制" });
    fill(x, REVIEW, { [UP]: approve });
    const writes = x.writes.length;
    expect(await generateReview(run(x), { year: YEAR, today: TODAY, preparer: "赵编制" })).toEqual({ kind: "exists", year: YEAR, sheet: REVIEW, filled: 1 });
    expect(x.writes.length).toBe(writes);
    expect(rows(x, "CreditReview2026")[0]["审批人"]).toBe("钱总监");
    const again = await generateReview(run(x), { year: YEAR, today: TODAY, preparer: "孙编制", again: true });
    expect(again).toMatchObject({ kind: "made", sheet: REVIEW, replaced: true, filledBefore: 1 });
    expect(rows(x, "CreditReview2026").map((r) => [r["编制人"], r["审批人"]])).toEqual([["孙编制", ""], ["孙编制", ""]]);
    expect(x.sheets.filter((s) => s.name.startsWith("信用评级调整"))).toHaveLength(1);
  });

  it("the review sheet of the year spelt another way (full-width digits, no space) is the same sheet", async () => {
    const x = workbook();
    x.addSheetWithRows("信用评级调整２０２６", [["客户编号", "调整后等级", "调整后额度", "编制人", "审批人", "审批结果", "审批日期"], [UP, "A类", 12_000, "赵编制", "钱总监", "同意", "2026-09-20"]]);
    expect(await generateReview(run(x), { year: YEAR, today: TODAY })).toEqual({ kind: "exists", year: YEAR, sheet: "信用评级调整２０２６", filled: 1 });
  });

  it("what cannot be done is a refusal, nothing written: no payment table, a bad 信用政策 value, no customers", async () => {
    const noPayments = workbook();
    noPayments.userDeleteSheet(PAYMENTS.sheet);
    expect(await generateReview(run(noPayments), { year: YEAR, today: TODAY })).toEqual({ kind: "refused", reason: "payments" });
    const badPolicy = workbook();
    badPolicy.sheet(CREDIT_POLICY.sheet)!.set(1, 1, { value: "abc" });
    expect(await generateReview(run(badPolicy), { year: YEAR, today: TODAY })).toEqual({ kind: "refused", reason: "policy", key: "宽限天数", value: "abc" });
    const noCustomers = workbook();
    noCustomers.userDeleteSheet("客户信息");
    expect(await generateReview(run(noCustomers), { year: YEAR, today: TODAY })).toEqual({ kind: "refused", reason: "no-customers-table", sheet: "客户信息", columns: [] });
    for (const x of [noPayments, badPolicy, noCustomers]) expect(x.sheet(REVIEW)).toBeUndefined();
  });
});

describe("applying the approved rows (SPEC §8.2)", () => {
  async function reviewed(options: { apiWritesFireEvents?: boolean } = {}): Promise<FakeExcel> {
    const x = workbook(options);
    await generateReview(run(x), { year: YEAR, today: TODAY, preparer: "赵编制" });
    fill(x, REVIEW, { [UP]: approve, [DOWN]: { ...approve, 审批人: "赵编制" } });
    return x;
  }

  it("writes the approved row into 客户信息, each old value to 变更记录 first (原因 信用评级调整 2026, 操作人 = 审批人, 校验 chained, the sheet protected again); lists every row with its reason", async () => {
    const x = await reviewed();
    const outcome = await applyReview(run(x), { year: YEAR, today: TODAY, now: () => NOW });
    expect(outcome).toMatchObject({ kind: "applied", reviewSheet: REVIEW, customersSheet: "客户信息", counts: { applied: 1, unchanged: 0, skipped: 1 }, cells: 2, changeLogRows: 2 });
    if (outcome.kind !== "applied") throw new Error(outcome.kind);
    expect(outcome.rows.map((r) => [r.customerId, r.status, r.skip, r.address])).toEqual([[UP, "applied", undefined, "P6"], [DOWN, "skipped", "same-person", "O7"]]);
    expect(outcome.rows[1].message["zh-CN"]).toContain("审批人与编制人是同一人（赵编制），未应用。");
    // Customers: the grade as text, the limit a number in the cell's own format.
    expect([x.valueAt("客户信息", "E2"), x.formatAt("客户信息", "E2"), x.valueAt("客户信息", "F2"), x.formatAt("客户信息", "F2")]).toEqual(["A类", "@", 12_000, "#,##0"]);
    expect([x.valueAt("客户信息", "E3"), x.valueAt("客户信息", "F3")]).toEqual(["A类", 10_000]);
    expect(rows(x, "ChangeLog").map((r) => [r["时间"], r["表"], r["客户编号"], r["字段"], r["变更前"], r["变更后"], r["原因"], r["操作人"]])).toEqual([
      ["2026-09-30 10:00:00", "Customers", UP, "客户等级", "C类", "A类", "信用评级调整 2026", "钱总监"],
      ["2026-09-30 10:00:00", "Customers", UP, "信用额度", "320000", "12000", "信用评级调整 2026", "钱总监"],
    ]);
    const t = x.table("ChangeLog")!;
    expect(await verifyChangeLog([{ sheet: t.sheet.name, tableName: "ChangeLog", firstRow: t.rect.row + 1, firstColumn: t.rect.col + 1, values: t.sheet.values(t.rect) }], webCryptoSha256)).toMatchObject({ ok: true, chained: 2 });
    expect(x.sheet(CHANGELOG.sheet)!.protection).toMatchObject({ protected: true, options: SHEET_PROTECTION });
  });

  it("applying twice changes nothing the second time: every approved row unchanged, no cell and no 变更记录 row written", async () => {
    const x = await reviewed();
    await applyReview(run(x), { year: YEAR, today: TODAY, now: () => NOW });
    const writes = x.writes.length;
    const second = await applyReview(run(x), { year: YEAR, today: TODAY, now: () => NOW });
    expect(second).toMatchObject({ kind: "applied", counts: { applied: 0, unchanged: 1, skipped: 1 }, cells: 0, changeLogRows: 0 });
    expect(x.writes.length).toBe(writes);
    expect(rows(x, "ChangeLog")).toHaveLength(2);
  });

  it("with change tracking running, each changed cell is logged once — the plan's row (审批人), not again as an edit by the pane's 操作人", async () => {
    const x = await reviewed({ apiWritesFireEvents: true });
    const tracker = await ChangeTracker.start({ run: run(x), now: () => NOW, user: () => "录入员", coalesceMs: 0 });
    await applyReview(run(x), { year: YEAR, today: TODAY, now: () => NOW, tracker });
    await x.settle();
    await tracker.idle();
    expect(rows(x, "ChangeLog").map((r) => [r["字段"], r["原因"], r["操作人"]])).toEqual([["客户等级", "信用评级调整 2026", "钱总监"], ["信用额度", "信用评级调整 2026", "钱总监"]]);
    // A hand edit afterwards is still the tracker's (the baseline followed custfile's write).
    await x.userEdit("客户信息", "B2", [["甲公司（新）"]]);
    await tracker.idle();
    expect(rows(x, "ChangeLog").map((r) => [r["字段"], r["原因"], r["操作人"]]).slice(2)).toEqual([["客户名称", "编辑", "录入员"]]);
    await tracker.stop();
  });

  it("(control) the same writes past the tracker are logged a second time, as edits", async () => {
    const x = await reviewed({ apiWritesFireEvents: true });
    const tracker = await ChangeTracker.start({ run: run(x), now: () => NOW, user: () => "录入员", coalesceMs: 0 });
    await applyReview(run(x), { year: YEAR, today: TODAY, now: () => NOW });
    await x.settle();
    await tracker.idle();
    expect(rows(x, "ChangeLog").map((r) => r["原因"])).toEqual(["信用评级调整 2026", "信用评级调整 2026", "编辑", "编辑"]);
    await tracker.stop();
  });

  it("no review sheet of the year: a refusal naming it, nothing written", async () => {
    const x = workbook();
    expect(await applyReview(run(x), { year: YEAR, today: TODAY })).toEqual({ kind: "refused", reason: "no-review-sheet", sheet: REVIEW, columns: [] });
    expect(rows(x, "ChangeLog")).toEqual([]);
  });
});

describe("recording a month and its report (SPEC §8.3)", () => {
  const HISTORY_AUG: Cell[][] = [
    ["2026-08", UP, 80, "A类", 0, 0, 0, 320_000, 12_000, 0],
    ["2026-08", DOWN, 80, "A类", 0, 0, 0, 10_000, 12_000, 0],
  ];

  it("records every customer into 信用月报 (protected again) and writes 信用异常 YYYY-MM: summary, abnormalities against the month before, grades this month vs last, aging, two native charts", async () => {
    const x = workbook({ history: HISTORY_AUG });
    const before = x.syncCount;
    const outcome = await recordMonth(run(x), { month: "2026-09", today: TODAY });
    expect(x.syncCount - before).toBe(3);
    expect(outcome).toMatchObject({
      kind: "recorded", month: "2026-09", asOf: "2026-09-30", previous: "2026-08", customers: 3, replaced: 0, historySheet: "信用月报",
      sheet: "信用异常 2026-09", sheetReplaced: false, charts: 2, byRule: { "new-c": 1, "grade-down": 0, "newly-over-limit": 1, "overdue-up": 1, "dbt-up": 1, "first-long-overdue": 1 }, total: 5,
    });
    const history = rows(x, "CreditHistory");
    expect(history.map((r) => [r["月份"], r["客户编号"], r["等级"]])).toEqual([
      ["2026-08", UP, "A类"], ["2026-08", DOWN, "A类"], ["2026-09", UP, "A类"], ["2026-09", DOWN, "C类"], ["2026-09", SLEEP, "N"],
    ]);
    expect(x.formatAt("信用月报", "A4")).toBe("@"); // 2026-09 stays text
    expect(x.sheet("信用月报")!.protection.protected).toBe(true);
    const s = x.sheet("信用异常 2026-09")!;
    expect(String(s.get(0, 0))).toBe("信用异常报告 2026-09：截至 2026-09-30，对比 2026-08（信用月报）。");
    expect(x.tableRows("CreditAbnormal202609").map((r) => [r[0], r[3]])).toEqual([[DOWN, "新增C类"], [DOWN, "新超信用额度"], [DOWN, "逾期金额大增"], [DOWN, "DBT上升"], [DOWN, "首次逾期超60天"]]);
    expect(x.tableRows("CreditGrades202609")).toEqual([["A类", 2, 1], ["B类", 0, 0], ["C类", 0, 1], ["N", 0, 1]]);
    expect(x.tableRows("CreditAging202609").map((r) => [r[0], r[1]])).toEqual([["未到期", 0], ["1-30天", 0], ["31-60天", 0], ["61-90天", 0], ["91-120天", 50_000], ["120天以上", 0]]);
    // Native charts over their tables: clustered columns of 上月 and 本月 per grade; the open amount per bucket.
    const grades = x.table("CreditGrades202609")!.rect;
    const aging = x.table("CreditAging202609")!.rect;
    expect(s.charts.map((c) => [c.type, c.seriesBy, rectAddress(c.source.rect), c.title])).toEqual([
      ["ColumnClustered", "Columns", rectAddress({ ...grades, cols: 3 }), "等级分布：2026-09 与 2026-08"],
      ["ColumnClustered", "Columns", rectAddress({ ...aging, cols: 2 }), "未收金额账龄分布 2026-09"],
    ]);
    expect(x.activeSheet).toBe("信用异常 2026-09");
  });

  it("recording the month again replaces its rows (and its report sheet), and says so: the same 信用月报 as once", async () => {
    const x = workbook({ history: HISTORY_AUG });
    await recordMonth(run(x), { month: "2026-09", today: TODAY });
    const once = x.tableRows("CreditHistory");
    const again = await recordMonth(run(x), { month: "2026-09", today: TODAY });
    expect(again).toMatchObject({ kind: "recorded", replaced: 3, sheetReplaced: true, previous: "2026-08", charts: 2 });
    expect(x.tableRows("CreditHistory")).toEqual(once);
    expect(x.sheets.filter((s) => s.name.startsWith("信用异常"))).toHaveLength(1);
    expect(x.sheet("信用月报")!.protection.protected).toBe(true);
  });

  it("the first month recorded: nothing to compare, this month's grades only (one series); a month not begun is a refusal", async () => {
    const x = workbook();
    const first = await recordMonth(run(x), { month: "2026-09", today: TODAY });
    expect(first).toMatchObject({ kind: "recorded", previous: null, total: 0, replaced: 0 });
    expect(x.tableRows("CreditHistory")).toHaveLength(3); // the blank row of a new table was filled first
    const [grades] = x.sheet("信用异常 2026-09")!.charts;
    expect(grades.series).toEqual([]);
    expect(grades.categories).toMatch(/!A\d+:A\d+$/);
    expect(await recordMonth(run(x), { month: "2026-10", today: TODAY })).toEqual({ kind: "refused", reason: "not-begun", month: "2026-10" });
  });
});
