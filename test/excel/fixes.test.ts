/** Applying safe fixes through the Excel test double: one write batch, ChangeLog rows first, no double logging by the change tracker. */
import { FakeExcel } from "../support/fake-excel";
import type { ExcelRun } from "../../src/excel/check";
import { applyFixes, localFixCompute, previewFixes, type FixCompute } from "../../src/excel/fixes";
import { ChangeTracker } from "../../src/excel/changes";
import { CHANGELOG } from "../../src/core/template/tables";
import { isoToExcelSerial, timestampText, NUMBER_FORMATS } from "../../src/core/sheets";
import { AS_OF, BAD_ROWS, customer } from "./pane-fixtures";

const asRun = (x: FakeExcel) => x.run as unknown as ExcelRun;
const NOW = () => new Date("2026-11-20T02:00:00Z");

/** ChangeLog rows by header, 时间 (an Excel date-time) read back as text. */
/** A log's rows by header (时间 as text), without the 校验 chain (checked apart: every row must carry one). */
function logRows(x: FakeExcel, table = "ChangeLog"): Array<Record<string, unknown>> {
  const headers = x.table(table)!.headers;
  const rows = x.tableRows(table);
  const check = headers.indexOf("校验");
  if (check >= 0) expect(rows.every((r) => /^\d+:[0-9a-f]{64}$/.test(String(r[check])))).toBe(true);
  return rows.map((r) => Object.fromEntries(headers.flatMap((h, i) => (i === check ? [] : [[h, h === "时间" ? timestampText(r[i]) : r[i]]]))));
}

describe("applyFixes", () => {
  it("writes every safe fix in one batch after its ChangeLog row, creating ChangeLog when missing", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, user: "李会计" });
    expect(result.changed.map((c) => [c.address, c.code, c.before, c.after])).toEqual([
      ["J3", "date", "2024/3/15", "2024-03-15"],
      ["H5", "enum", "A", "A类"],
    ]);
    // A date fix is a real date cell shown YYYY-MM-DD (it sorts and filters as a date).
    expect(x.valueAt("客户信息", "J3")).toBe(isoToExcelSerial("2024-03-15"));
    expect(x.formatAt("客户信息", "J3")).toBe("yyyy-mm-dd");
    expect(x.valueAt("客户信息", "H5")).toBe("A类");
    expect(x.valueAt("客户信息", "E4")).toBe("1395678");
    expect(logRows(x)).toEqual([
      { 时间: "2026-11-20 10:00:00", 表: "Customers", 客户编号: "C20240315002", 字段: "开户日期", 变更前: "2024/3/15", 变更后: "2024-03-15", 原因: "修正", 操作人: "李会计" },
      { 时间: "2026-11-20 10:00:00", 表: "Customers", 客户编号: "C20240315004", 字段: "客户等级", 变更前: "A", 变更后: "A类", 原因: "修正", 操作人: "李会计" },
    ]);
    expect(x.table("ChangeLog")!.sheet.name).toBe(CHANGELOG.sheet);
    // 时间 is an Excel date-time; the old and new values are text, whatever they look like.
    expect(x.valueAt(CHANGELOG.sheet, "A2")).toBe(isoToExcelSerial("2026-11-20 10:00:00"));
    expect(x.formatAt(CHANGELOG.sheet, "A2")).toBe(NUMBER_FORMATS.datetime);
    expect(x.formatAt(CHANGELOG.sheet, "E2")).toBe("@");
    // ChangeLog rows are written before the values, in the one write sync after the 3 read syncs.
    // ChangeLog is made over its header and the new rows at once (over a header alone Excel adds an empty first row).
    expect(x.writes.filter((w) => w.sheet === CHANGELOG.sheet)).toEqual([{ sheet: CHANGELOG.sheet, address: "A1:I3" }]); // 8 columns and 校验
    const logWrite = x.writes.findIndex((w) => w.sheet === CHANGELOG.sheet);
    const valueWrite = x.writes.findIndex((w) => w.sheet === "客户信息");
    expect(logWrite).toBeGreaterThanOrEqual(0);
    expect(logWrite).toBeLessThan(valueWrite);
    expect(x.syncCount).toBe(4);
    // The pane's report after the fixes: the fixed findings are gone, the others remain.
    expect(result.check.findings.map((f) => f.code).sort()).toEqual(["phone", "unique"]);
  });

  it("fixes only the chosen codes; a ChangeLog table with only its blank first row gets the record in that row", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, [CHANGELOG.columns.map((c) => c.header)], { tableName: "ChangeLog" });
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, codes: ["enum"] });
    expect(result.changed.map((c) => c.address)).toEqual(["H5"]);
    expect(x.valueAt("客户信息", "J3")).toBe("2024/3/15");
    expect(logRows(x)).toEqual([{ 时间: "2026-11-20 10:00:00", 表: "Customers", 客户编号: "C20240315004", 字段: "客户等级", 变更前: "A", 变更后: "A类", 原因: "修正", 操作人: "" }]);
  });

  it("text written back stays text: a phone fixed to '+44 20 …' is not read as a formula, one fixed to '139…' not as a number", async () => {
    const x = new FakeExcel();
    // Phones typed with dashes and spaces in a General column (Excel kept them as text).
    const rows = [BAD_ROWS[0], BAD_ROWS[1].map((v, j) => (j === 4 ? "+44-20-7946-0958" : v)), customer(2, { 联系方式: "139 5678 1234" })];
    x.addSheetWithRows("客户信息", rows, { tableName: "Customers" });
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW });
    expect(result.changed.map((c) => [c.address, c.after])).toEqual([["E2", "+44 20 7946 0958"], ["E3", "13956781234"]]);
    expect(x.valueAt("客户信息", "E2")).toBe("+44 20 7946 0958");
    expect(x.valueAt("客户信息", "E3")).toBe("13956781234");
    expect([x.formatAt("客户信息", "E2"), x.formatAt("客户信息", "E3")]).toEqual(["@", "@"]);
    expect(logRows(x).map((r) => [r["变更前"], r["变更后"]])).toEqual([["+44-20-7946-0958", "+44 20 7946 0958"], ["139 5678 1234", "13956781234"]]);
  });

  it("with the change tracker running, a fixed key field is logged once (as 修正), not again as an edit", async () => {
    const x = new FakeExcel({ apiWritesFireEvents: true });
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, [CHANGELOG.columns.map((c) => c.header)], { tableName: "ChangeLog" });
    const tracker = await ChangeTracker.start({ run: asRun(x), now: NOW, coalesceMs: 0 });
    await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, tracker });
    await x.settle();
    await tracker.idle();
    const log = logRows(x);
    expect(log.map((r) => [r["字段"], r["原因"]])).toEqual([["开户日期", "修正"], ["客户等级", "修正"]]);
    await tracker.stop();
  });

  it("(control) writing past the tracker would log the key field a second time as an edit", async () => {
    const x = new FakeExcel({ apiWritesFireEvents: true });
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, [CHANGELOG.columns.map((c) => c.header)], { tableName: "ChangeLog" });
    const tracker = await ChangeTracker.start({ run: asRun(x), now: NOW, coalesceMs: 0 });
    await applyFixes(asRun(x), { asOf: AS_OF, now: NOW });
    await x.settle();
    await tracker.idle();
    expect(logRows(x).filter((r) => r["字段"] === "客户等级").map((r) => r["原因"])).toEqual(["修正", "编辑"]);
    await tracker.stop();
  });

  it("logs into a ChangeLog table under another name (found by its sheet and headers) instead of making a second one over it", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, [CHANGELOG.columns.map((c) => c.header)], { tableName: "表1" });
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW });
    expect(result.changed).toHaveLength(2);
    expect(x.tables.map((t) => t.name).sort()).toEqual(["Customers", "表1"]);
    expect(x.tableRows("表1").map((r) => r[3])).toEqual(["开户日期", "客户等级"]);
  });

  it("never writes over a 变更记录 sheet that holds other data: the ChangeLog table starts below it (as change tracking does)", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, [["我的笔记"], ["别删"]]);
    x.activeSheet = "客户信息";
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW });
    expect(result.changed).toHaveLength(2);
    expect(x.valueAt(CHANGELOG.sheet, "A1")).toBe("我的笔记");
    expect(x.valueAt(CHANGELOG.sheet, "A2")).toBe("别删");
    expect(x.valueAt(CHANGELOG.sheet, "A4")).toBe("时间");
    expect(x.table("ChangeLog")!.sheet.name).toBe(CHANGELOG.sheet);
    expect(logRows(x).map((r) => r["字段"])).toEqual(["开户日期", "客户等级"]);
  });

  it("a protected 变更记录 sheet is unprotected for the write and protected again in the same request", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, [CHANGELOG.columns.map((c) => c.header)], { tableName: "ChangeLog" });
    x.protectSheet(CHANGELOG.sheet);
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW });
    expect(result.changed).toHaveLength(2);
    expect(logRows(x)).toHaveLength(2);
    expect(x.sheet(CHANGELOG.sheet)!.protection.protected).toBe(true);
    expect(x.syncCount).toBe(4);
  });

  it("takes the same number of syncs for 20 and 2,000 fixes (desktop: one write batch), with one ChangeLog row per fix", async () => {
    const counts: number[] = [];
    for (const n of [20, 2000]) {
      const x = new FakeExcel();
      const rows = [BAD_ROWS[0], ...Array.from({ length: n }, (_v, i) => BAD_ROWS[4].map((v, j) => (j === 0 ? `C2024${String(i + 1).padStart(7, "0")}` : v)))];
      x.addSheetWithRows("客户信息", rows, { tableName: "Customers" });
      const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW });
      expect(result.changed).toHaveLength(n);
      expect(x.tableRows("ChangeLog")).toHaveLength(n);
      counts.push(x.syncCount);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it("does nothing when there is nothing to fix", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS.slice(0, 2), { tableName: "Customers" });
    const result = await applyFixes(asRun(x), { asOf: AS_OF });
    expect(result.changed).toEqual([]);
    expect(x.table("ChangeLog")).toBeUndefined();
  });
});

describe("fix in two steps: previewFixes, then applyFixes({ only })", () => {
  it("the preview lists each cell with before → after and writes nothing", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const writesBefore = x.writes.length;
    const { fixes, check } = await previewFixes(asRun(x), { asOf: AS_OF });
    expect(fixes.map((f) => [f.sheet, f.address, f.column, f.code, f.before, f.after, f.customerId])).toEqual([
      ["客户信息", "J3", "开户日期", "date", "2024/3/15", "2024-03-15", "C20240315002"],
      ["客户信息", "H5", "客户等级", "enum", "A", "A类", "C20240315004"],
    ]);
    expect(new Set(fixes.map((f) => f.id)).size).toBe(2);
    expect(check.findings.map((f) => f.code).sort()).toEqual(["date", "enum", "phone", "unique"]);
    expect(x.writes.length).toBe(writesBefore);
    expect(x.table("ChangeLog")).toBeUndefined();
  });

  it("applies only the chosen fixes of the preview", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const { fixes } = await previewFixes(asRun(x), { asOf: AS_OF });
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, user: "李会计", only: [fixes[1].id] });
    expect(result.changed.map((c) => c.address)).toEqual(["H5"]);
    expect(result.skipped).toBe(0);
    expect(x.valueAt("客户信息", "H5")).toBe("A类");
    expect(x.valueAt("客户信息", "J3")).toBe("2024/3/15");
    expect(logRows(x).map((r) => [r["字段"], r["操作人"]])).toEqual([["客户等级", "李会计"]]);
  });

  it("a cell changed after the preview is skipped, not overwritten with the preview's value", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const { fixes } = await previewFixes(asRun(x), { asOf: AS_OF });
    await x.userEdit("客户信息", "J3", [["2024/3/16"]]);
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, only: fixes.map((f) => f.id) });
    expect(result.changed.map((c) => c.address)).toEqual(["H5"]);
    expect(result.skipped).toBe(1);
    expect(x.valueAt("客户信息", "J3")).toBe("2024/3/16");
  });

  it("an aborted fix writes nothing", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const controller = new AbortController();
    // Abort while the plan is being computed (the pane's Cancel during a long check).
    const compute: FixCompute = { ...localFixCompute, plan: async (blocks, o) => { controller.abort(); return localFixCompute.plan(blocks, o); } };
    await expect(applyFixes(asRun(x), { asOf: AS_OF, now: NOW, compute, signal: controller.signal })).rejects.toThrow();
    expect(x.valueAt("客户信息", "H5")).toBe("A");
    expect(x.table("ChangeLog")).toBeUndefined();
  });

  it("runs its validation through the given FixCompute (the pane's Web Worker), once to plan and once to recheck", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const calls: string[] = [];
    const compute: FixCompute = {
      plan: (blocks, o) => { calls.push(`plan ${blocks.length}`); return localFixCompute.plan(blocks, o); },
      recheck: (blocks, writes, o) => { calls.push(`recheck ${writes.length}`); return localFixCompute.recheck(blocks, writes, o); },
    };
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, compute });
    expect(calls).toEqual(["plan 1", "recheck 2"]);
    expect(result.check.findings.map((f) => f.code).sort()).toEqual(["phone", "unique"]);
  });
});

describe("applyFixes on Excel on the web", () => {
  it("splits a very large fix into parts under the request bound, each logging before it writes", async () => {
    const x = new FakeExcel({ platform: "OfficeOnline" });
    const rows = [BAD_ROWS[0], ...Array.from({ length: 30 }, (_v, i) => BAD_ROWS[4].map((v, j) => (j === 0 ? `C20240315${String(i + 1).padStart(3, "0")}` : v)))];
    x.addSheetWithRows("客户信息", rows, { tableName: "Customers" });
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, requestBudget: 10 * 400 });
    expect(result.changed).toHaveLength(30);
    expect(x.tableRows("ChangeLog")).toHaveLength(30);
    // Per part: the ChangeLog rows land before the part's values.
    const order = x.writes.filter((w) => w.address !== "A1:H1").map((w) => (w.sheet === "客户信息" ? "v" : "L"));
    expect(order.join("")).toBe(("L" + "v".repeat(10)).repeat(3));
  });
});
