/** SPEC §8.3 monthly credit status: months, measuring, the CreditHistory table, recording (replacing) a month, the abnormality rules and the report sheet. */
import {
  abnormalitySheet, DEFAULT_POLICY, findAbnormalities, historyCells, measureDay, measureMonth, MonitorError, monthlyJson, monthlyReport,
  existingAbnormalitySheet, isRowOfMonth, monthlySummaryLines, monthOfCell, monthRecords, parseMonth, readCreditHistory, recordMonth, recordReportMonth, type MonthStatus,
} from "../../../src/core/credit";
import { dayToExcelSerial, parseIsoDate } from "../../../src/core/dates";
import type { Cell, SheetBlock } from "../../../src/core/table";
import { CREDIT_HISTORY } from "../../../src/core/template/tables";
import { HEAD, row } from "./fixtures";

const d = (text: string) => parseIsoDate(text)!;

describe("months", () => {
  it.each([
    ["2026-11", "2026-11"], ["2026-1", "2026-01"], ["2026/11", "2026-11"], ["2026年11月", "2026-11"], ["2026.11", "2026-11"], ["202611", "2026-11"], ["２０２６-１１", "2026-11"],
    ["2026-13", null], ["2026", null], ["11/2026", null],
  ])("parseMonth(%p) = %p", (text, month) => {
    expect(parseMonth(text)).toBe(month);
  });

  it("a 月份 cell: text, a real date cell (Excel turns a typed 2026-11 into 2026-11-01), a date text, or 202611", () => {
    expect(monthOfCell(dayToExcelSerial(d("2026-11-01")))).toBe("2026-11");
    expect(monthOfCell("2026-11-30")).toBe("2026-11");
    expect(monthOfCell(202611)).toBe("2026-11");
    expect(monthOfCell("十一月")).toBeNull();
    expect(monthOfCell(null)).toBeNull();
  });

  it("a month is measured at its last day, the running month at today; a month not begun is an error", () => {
    expect(measureDay("2026-10", d("2026-11-15"))).toBe(d("2026-10-31"));
    expect(measureDay("2026-02", d("2026-11-15"))).toBe(d("2026-02-28"));
    expect(measureDay("2026-11", d("2026-11-15"))).toBe(d("2026-11-15"));
    expect(() => measureDay("2026-12", d("2026-11-15"))).toThrow(MonitorError);
    expect(() => measureDay("2026-12", d("2026-11-15"))).toThrow(expect.objectContaining({ code: "not-begun", month: "2026-12" }));
    expect(() => measureDay("2026-13", d("2026-11-15"))).toThrow(expect.objectContaining({ code: "bad-month", month: "2026-13" }));
    expect(() => measureDay("2026-12", d("2026-11-15"))).toThrow("2026-12 has not begun yet (today is 2026-11-15)");
    expect(() => measureDay("2026-13", d("2026-11-15"))).toThrow("The month must be written YYYY-MM");
  });
});

/** A status row with defaults that change nothing. */
function status(month: string, customerId: string, s: Partial<MonthStatus> = {}): MonthStatus {
  return { month, customerId, score: 80, grade: "B类", dbt: 5, openFen: 0, overdueFen: 0, limitFen: null, suggestedFen: 0, longOverdueFen: 0, ...s };
}

describe("abnormality rules (one customer per rule, and one that changes nothing)", () => {
  const prev = "2026-10", now = "2026-11";
  const earlier: MonthStatus[] = [
    status("2026-08", "LONG_BEFORE", { longOverdueFen: 100_00 }),
    status(prev, "SAME", { grade: "A类", openFen: 50_000_00, overdueFen: 5_000_00, limitFen: 100_000_00, dbt: 2 }),
    status(prev, "NEWC", { grade: "B类" }),
    status(prev, "DOWN", { grade: "A类" }),
    status(prev, "OVER", { openFen: 8_000_00, limitFen: 10_000_00 }),
    status(prev, "OVERDUE", { openFen: 10_000_00, overdueFen: 10_000_00 }),
    status(prev, "DBT", { dbt: 5 }),
    status(prev, "LONG", { longOverdueFen: 0 }),
    status(prev, "LONG_BEFORE", { longOverdueFen: 0 }),
    status(prev, "EDGE_OVERDUE", { overdueFen: 30_000_00 }),
    status(prev, "EDGE_DBT", { dbt: 5 }),
    status(prev, "STILL_OVER", { openFen: 12_000_00, limitFen: 10_000_00 }),
  ];
  const current: MonthStatus[] = [
    status(now, "SAME", { grade: "A类", openFen: 50_000_00, overdueFen: 5_000_00, limitFen: 100_000_00, dbt: 2 }),
    status(now, "NEWC", { grade: "C类" }),
    status(now, "DOWN", { grade: "B类" }),
    status(now, "OVER", { openFen: 12_000_00, limitFen: 10_000_00 }),
    status(now, "OVERDUE", { openFen: 25_000_00, overdueFen: 25_000_00 }),
    status(now, "DBT", { dbt: 15 }),
    status(now, "LONG", { longOverdueFen: 3_000_00 }),
    status(now, "LONG_BEFORE", { longOverdueFen: 200_00 }),
    status(now, "EDGE_OVERDUE", { overdueFen: 44_000_00 }), // +14,000 is < 50 % of 30,000
    status(now, "EDGE_DBT", { dbt: 14.9 }), // +9.9 days
    status(now, "STILL_OVER", { openFen: 13_000_00, limitFen: 10_000_00 }), // over last month too: not newly
    status(now, "NEWCOMER", { grade: "C类" }), // not recorded last month
  ];
  const who = (id: string) => ({ name: `${id} 公司`, owner: "王芳" });
  const { previous, items } = findAbnormalities(current, earlier, DEFAULT_POLICY, who);
  const rulesOf = (id: string) => items.filter((a) => a.customerId === id).map((a) => a.rule);

  it("compares with the latest earlier month", () => expect(previous).toBe(prev));
  it("nothing changed: no line", () => expect(rulesOf("SAME")).toEqual([]));
  it("new C类 (B类 → C类), and a customer new this month that is C类", () => {
    expect(rulesOf("NEWC")).toEqual(["new-c"]);
    expect(items.find((a) => a.customerId === "NEWC")).toEqual({ customerId: "NEWC", name: "NEWC 公司", owner: "王芳", rule: "new-c", before: "B类", after: "C类", detail: { "zh-CN": "等级 B类→C类", "en-US": "grade B类 → C类" } });
    expect(items.find((a) => a.customerId === "NEWCOMER")).toMatchObject({ rule: "new-c", before: null, after: "C类" });
  });
  it("grade down (A类 → B类)", () => expect(items.find((a) => a.customerId === "DOWN")).toMatchObject({ rule: "grade-down", before: "A类", after: "B类" }));
  it("newly over limit; over last month too is not new", () => {
    expect(items.find((a) => a.customerId === "OVER")).toMatchObject({ rule: "newly-over-limit", before: 8000, after: 12000, detail: { "zh-CN": "未收 12,000 超过信用额度 10,000（上月未收 8,000）" } });
    expect(rulesOf("STILL_OVER")).toEqual([]);
  });
  it("overdue amount up by ≥ 50 % and ≥ 10,000; +14,000 on 30,000 is not", () => {
    expect(items.find((a) => a.customerId === "OVERDUE")).toMatchObject({ rule: "overdue-up", before: 10000, after: 25000, detail: { "zh-CN": "逾期金额 10,000→25,000（+15,000，+150%）" } });
    expect(rulesOf("EDGE_OVERDUE")).toEqual([]);
  });
  it("DBT up by ≥ 10 days; +9.9 is not", () => {
    expect(items.find((a) => a.customerId === "DBT")).toMatchObject({ rule: "dbt-up", before: 5, after: 15, detail: { "en-US": "DBT 5.0 → 15.0 days (+10.0)" } });
    expect(rulesOf("EDGE_DBT")).toEqual([]);
  });
  it("first time anything > 60 days past due; a customer that had some in an earlier month is not first", () => {
    expect(items.find((a) => a.customerId === "LONG")).toMatchObject({ rule: "first-long-overdue", before: 0, after: 3000 });
    expect(rulesOf("LONG_BEFORE")).toEqual([]);
  });
  it("lines in rule order, then in customer order; each customer here gives exactly its one rule", () => {
    expect(items.map((a) => [a.rule, a.customerId])).toEqual([
      ["new-c", "NEWC"], ["new-c", "NEWCOMER"], ["grade-down", "DOWN"], ["newly-over-limit", "OVER"], ["overdue-up", "OVERDUE"], ["dbt-up", "DBT"], ["first-long-overdue", "LONG"],
    ]);
  });
  it("the thresholds come from the policy", () => {
    const policy = { ...DEFAULT_POLICY, overdueIncreaseRatio: 0.4, overdueIncreaseAmount: 12_000, dbtIncreaseDays: 9.9 };
    const r = findAbnormalities(current, earlier, policy, who).items;
    expect(r.filter((a) => a.rule === "overdue-up").map((a) => a.customerId)).toEqual(["OVERDUE", "EDGE_OVERDUE"]);
    expect(r.filter((a) => a.rule === "dbt-up").map((a) => a.customerId)).toEqual(["DBT", "EDGE_DBT"]);
  });
  it("no earlier month: nothing to compare, no lines", () => {
    expect(findAbnormalities(current, [], DEFAULT_POLICY, who)).toEqual({ previous: null, items: [] });
    // Rows of the month itself (already recorded) are not "earlier".
    expect(findAbnormalities(current, current, DEFAULT_POLICY, who)).toEqual({ previous: null, items: [] });
  });
});

// A small workbook: KEEP pays on time, LATE has an invoice due 2026-07-15 left open (47 days past due at 08-31, 77 at 09-30).
const KEEP = "C20240101001";
const LATE = "C20240101002";
const CUSTOMERS: Cell[][] = [["客户编号", "客户名称", "负责人", "客户等级", "信用额度"], [KEEP, "甲公司", "王芳", "A类", 50_000], [LATE, "乙公司", "李娜", "B类", 20_000]];
const PAYMENTS: Cell[][] = [
  HEAD,
  row(KEEP, "K1", "2026-01-10", "2026-02-09", 30, 10_000, "2026-02-09", 10_000),
  row(KEEP, "K2", "2026-02-10", "2026-03-12", 30, 10_000, "2026-03-12", 10_000),
  row(KEEP, "K3", "2026-03-10", "2026-04-09", 30, 10_000, "2026-04-09", 10_000),
  row(LATE, "L1", "2026-01-10", "2026-02-09", 30, 10_000, "2026-02-09", 10_000),
  row(LATE, "L2", "2026-02-10", "2026-03-12", 30, 10_000, "2026-03-12", 10_000),
  row(LATE, "L3", "2026-03-10", "2026-04-09", 30, 10_000, "2026-04-09", 10_000),
  row(LATE, "L4", "2026-06-15", "2026-07-15", 30, 6_000, null, null),
];

function book(history?: Cell[][]): SheetBlock[] {
  const blocks: SheetBlock[] = [
    { sheet: "客户信息", firstRow: 1, firstColumn: 1, values: CUSTOMERS },
    { sheet: "回款记录", firstRow: 1, firstColumn: 1, values: PAYMENTS },
  ];
  if (history) blocks.push({ sheet: "信用月报", firstRow: 1, firstColumn: 1, values: history });
  return blocks;
}

const HISTORY_HEAD = CREDIT_HISTORY.columns.map((c) => c.header);
const TODAY = d("2026-10-08");

describe("measuring a month", () => {
  it("one status per customer of Customers as of the month's last day: grade, open, overdue, long overdue, recorded limit, suggested limit", () => {
    const m = measureMonth(book(), "2026-09", TODAY);
    expect(m.asOf).toBe(d("2026-09-30"));
    expect(m.rows).toEqual([
      { month: "2026-09", customerId: KEEP, score: 80, grade: "A类", dbt: 0, openFen: 0, overdueFen: 0, limitFen: 5_000_000, suggestedFen: 1_000_000, longOverdueFen: 0 },
      expect.objectContaining({ customerId: LATE, grade: "B类", openFen: 600_000, overdueFen: 600_000, limitFen: 2_000_000, longOverdueFen: 600_000 }),
    ]);
    expect(measureMonth(book(), "2026-08", TODAY).rows[1]).toMatchObject({ overdueFen: 600_000, longOverdueFen: 0 });
  });
});

describe("the CreditHistory table and recording a month", () => {
  const aug = measureMonth(book(), "2026-08", TODAY).rows;
  const sep = measureMonth(book(), "2026-09", TODAY).rows;
  const tableOf = (rows: MonthStatus[]) => [HISTORY_HEAD, ...rows.map((s) => historyCells(s, CREDIT_HISTORY.columns.map((c) => c.key)))];

  it("reads back what it writes", () => {
    const h = readCreditHistory(book(tableOf([...aug, ...sep])));
    expect(h.found).toBe(true);
    expect(h.rows.map((r) => r.status)).toEqual([...aug, ...sep]);
    expect(h.problems).toEqual([]);
  });

  it("reads what people type: a real date in 月份, 2026/8, amounts with commas; an unreadable row is named (sheet, row, column) and kept", () => {
    const values: Cell[][] = [
      HISTORY_HEAD,
      [dayToExcelSerial(d("2026-08-01")), KEEP, 80, "A类", 0, "0", 0, "50,000", "10,000", 0],
      ["2026/8", LATE, "79", "B", "1.5", "6,000.00", 6000, 20000, 0, null],
      ["八月", LATE, 79, "B类", 1.5, 6000, 6000, 20000, 0, 0],
      ["2026-08", LATE, 79, "B类", "很久", 6000, 6000, 20000, 0, 0],
    ];
    const h = readCreditHistory(book(values));
    expect(h.rows.map((r) => r.status && [r.status.month, r.status.grade, r.status.limitFen, r.status.dbt, r.status.longOverdueFen])).toEqual([
      ["2026-08", "A类", 5_000_000, 0, 0], ["2026-08", "B类", 2_000_000, 1.5, null], null, null,
    ]);
    expect(h.problems).toEqual([
      "信用月报 row 4, 月份: '八月' is not a month (YYYY-MM); the row is left out of the comparison (and kept).",
      "信用月报 row 5, DBT: '很久' is not a number; the row is left out of the comparison (and kept).",
    ]);
  });

  it("recording a month already there replaces its rows, keeps every other row as it was (unreadable ones too), and says how many it replaced", () => {
    const values = [...tableOf([...aug, ...sep]), ["八月", "x", null, null, null, null, null, null, null, null]];
    const h = readCreditHistory(book(values));
    const again = measureMonth(book(), "2026-09", TODAY).rows;
    const rec = recordMonth(h, "2026-09", again);
    expect(rec.replaced).toBe(2);
    expect(rec.removedRows).toEqual([4, 5]);
    expect(rec.body).toEqual([...values.slice(1, 3), values[5], ...rec.added]);
    expect(rec.body).toHaveLength(5);
    // Recording it twice gives the same table: the month is there once.
    const twice = recordMonth(readCreditHistory(book([HISTORY_HEAD, ...rec.body])), "2026-09", again);
    expect(twice.body).toEqual(rec.body);
    expect(twice.replaced).toBe(2);
  });

  it("a row of the month recorded again is replaced even when another of its cells cannot be read (a stale row of that month); isRowOfMonth reads 月份 as people type it", () => {
    const values = [...tableOf([...aug, ...sep]), ["2026/9", LATE, 79, "B类", "很久", 6000, 6000, 20000, 0, 0]];
    const h = readCreditHistory(book(values));
    expect(h.problems).toHaveLength(1);
    const rec = recordMonth(h, "2026-09", sep);
    expect(rec.removedRows).toEqual([4, 5, 6]);
    expect(rec.body).toEqual([...values.slice(1, 3), ...rec.added]);
    expect(monthlyReport(book(values), { month: "2026-09", today: TODAY }).alreadyRecorded).toBe(3);
    expect([isRowOfMonth({ month: "2026年9月" }, "2026-09"), isRowOfMonth({ month: dayToExcelSerial(d("2026-09-01")) }, "2026-09"), isRowOfMonth({ month: "九月" }, "2026-09"), isRowOfMonth({}, "2026-09")]).toEqual([true, true, false, false]);
  });

  it("new rows follow the existing table's own column order (a user's table without 长期逾期金额, columns moved)", () => {
    const header = ["客户编号", "月份", "等级", "备注", "未收金额", "逾期金额", "信用额度", "建议额度", "评分", "DBT"];
    const h = readCreditHistory(book([header]));
    const rec = recordMonth(h, "2026-09", sep);
    expect(rec.header).toEqual(header);
    expect(rec.added[1]).toEqual([LATE, "2026-09", "B类", null, 6000, 6000, 20000, sep[1].suggestedFen / 100, sep[1].score, sep[1].dbt]);
  });

  it("a workbook without CreditHistory: an empty table with the template's columns", () => {
    const h = readCreditHistory(book());
    expect([h.found, h.sheet, h.header, h.rows]).toEqual([false, "信用月报", HISTORY_HEAD, []]);
    expect(recordMonth(h, "2026-09", sep).body).toEqual(tableOf(sep).slice(1));
  });
});

describe("the monthly report", () => {
  const aug = measureMonth(book(), "2026-08", TODAY).rows;
  const historyOf = (rows: MonthStatus[]) => [HISTORY_HEAD, ...rows.map((s) => historyCells(s, CREDIT_HISTORY.columns.map((c) => c.key)))];

  it("compares the month with the latest earlier recorded month: LATE's open invoice passes 60 days past due; KEEP changes nothing", () => {
    const r = monthlyReport(book(historyOf(aug)), { month: "2026-09", today: TODAY });
    expect([r.previous, r.asOf, r.alreadyRecorded]).toEqual(["2026-08", "2026-09-30", 0]);
    expect(r.abnormalities.map((a) => [a.customerId, a.rule])).toEqual([[LATE, "first-long-overdue"]]);
    expect(monthlyJson(r)).toEqual({
      month: "2026-09", asOf: "2026-09-30", previous: "2026-08", customers: 2,
      abnormalities: [{ id: LATE, name: "乙公司", owner: "李娜", rule: "first-long-overdue", before: 0, after: 6000 }],
      summary: { byRule: { "new-c": 0, "grade-down": 0, "newly-over-limit": 0, "overdue-up": 0, "dbt-up": 0, "first-long-overdue": 1 }, total: 1, alreadyRecorded: 0 },
    });
  });

  it("a month already recorded is measured anew, compared with the month before it, and the report says it will be replaced", () => {
    const sep = measureMonth(book(), "2026-09", TODAY).rows;
    const r = monthlyReport(book(historyOf([...aug, ...sep])), { month: "2026-09", today: TODAY });
    expect([r.previous, r.alreadyRecorded, r.abnormalities.length]).toEqual(["2026-08", 2, 1]);
    expect(r.rows).toEqual(sep);
    expect(recordReportMonth(r).replaced).toBe(2);
    // What a writer appends: one record per customer by CreditHistory column key, money in yuan.
    const records = monthRecords(r);
    expect(records).toHaveLength(r.rows.length);
    expect(Object.keys(records[0])).toEqual(CREDIT_HISTORY.columns.map((c) => c.key));
    expect(records[0]).toMatchObject({ month: "2026-09", customerId: r.rows[0].customerId, openAmount: r.rows[0].openFen / 100 });
    expect(abnormalitySheet(r).lines).toContain("2026-09 原已在信用月报中（2 行），已由本次记录替换。");
    expect(monthlySummaryLines(r)).toContain("2026-09 已在信用月报中（2 行），记录本月时替换。");
  });

  it("the 信用异常 YYYY-MM sheet: summary lines, abnormalities, grade distribution this month vs last, aging, and a chart of each of the last two", () => {
    const sheet = abnormalitySheet(monthlyReport(book(historyOf(aug)), { month: "2026-09", today: TODAY }));
    expect(sheet.name).toBe("信用异常 2026-09");
    expect(sheet.lines).toEqual([
      "信用异常报告 2026-09：截至 2026-09-30，对比 2026-08（信用月报）。",
      "客户 2 个；异常 1 条，涉及 1 个客户：新增C类 0，等级下降 0，新超信用额度 0，逾期金额大增 0，DBT上升 0，首次逾期超60天 1。",
      "未收合计 6,000，其中逾期 6,000（上月 6,000）；C类 0 个（上月 0 个）。",
      "按负责人：李娜 1 条。",
    ]);
    expect(sheet.tables.map((t) => [t.name, t.caption, t.columns.map((c) => c.header)])).toEqual([
      ["CreditAbnormal202609", "异常明细", ["客户编号", "客户名称", "负责人", "异常类型", "上月", "本月", "说明"]],
      ["CreditGrades202609", "等级分布", ["等级", "上月", "本月"]],
      ["CreditAging202609", "账龄分布（本月）", ["账龄", "未收金额", "占比"]],
    ]);
    expect(sheet.tables[0].rows).toEqual([[LATE, "乙公司", "李娜", "首次逾期超60天", "0", "6,000", "首次有逾期超过 60 天的未收款 6,000"]]);
    expect(sheet.tables[1].rows).toEqual([["A类", 1, 1], ["B类", 1, 1], ["C类", 0, 0], ["N", 0, 0]]);
    expect(sheet.tables[2].rows).toEqual([["未到期", 0, 0], ["1-30天", 0, 0], ["31-60天", 0, 0], ["61-90天", 6000, 1], ["91-120天", 0, 0], ["120天以上", 0, 0]]);
    expect(sheet.charts).toEqual([
      { table: "CreditGrades202609", type: "column", title: "等级分布：2026-09 与 2026-08", categoryColumn: 0, seriesColumns: [1, 2] },
      { table: "CreditAging202609", type: "column", title: "未收金额账龄分布 2026-09", categoryColumn: 0, seriesColumns: [1] },
    ]);
  });

  it("no history: nothing to compare, and the sheet says so", () => {
    const r = monthlyReport(book(), { month: "2026-09", today: TODAY });
    expect([r.previous, r.abnormalities, r.grades.previous]).toEqual([null, [], null]);
    expect(abnormalitySheet(r).lines![0]).toBe("信用异常报告 2026-09：截至 2026-09-30；信用月报中没有更早的月份，无从比较，本月记录后下月起报告异常。");
    expect(abnormalitySheet(r).charts![0].seriesColumns).toEqual([2]);
  });

  it("a report sheet of the month already there is found whatever its spacing (a new report replaces it under its own name)", () => {
    expect(existingAbnormalitySheet(["客户信息", "信用异常2026-09"], "2026-09")).toBe("信用异常2026-09");
    expect(existingAbnormalitySheet(["信用异常 2026-08"], "2026-09")).toBeNull();
  });

  it("the running month is measured at today", () => {
    expect(monthlyReport(book(), { month: "2026-10", today: TODAY }).asOf).toBe("2026-10-08");
  });
});
