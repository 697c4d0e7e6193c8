/** Applying safe fixes through the Excel test double: one write batch, ChangeLog rows first, no double logging by the change tracker. */
import { FakeExcel } from "../support/fake-excel";
import type { ExcelRun } from "../../src/excel/check";
import { applyFixes, localFixCompute, previewFixes, type FixCompute } from "../../src/excel/fixes";
import { CustfileError } from "../../src/core/errors";
import { ChangeTracker } from "../../src/excel/changes";
import { CHANGELOG } from "../../src/core/template/tables";
import { AS_OF, BAD_ROWS } from "./pane-fixtures";

const asRun = (x: FakeExcel) => x.run as unknown as ExcelRun;
const NOW = () => new Date("2026-11-20T02:00:00Z");

function logRows(x: FakeExcel): Array<Record<string, unknown>> {
  const headers = x.table("ChangeLog")!.headers;
  return x.tableRows("ChangeLog").map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]])));
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
    expect(x.valueAt("客户信息", "J3")).toBe("2024-03-15");
    expect(x.sheet("客户信息")!.cell(2, 9)?.numberFormat).toBe("yyyy-mm-dd");
    expect(x.valueAt("客户信息", "H5")).toBe("A类");
    expect(x.valueAt("客户信息", "E4")).toBe("1395678");
    expect(logRows(x)).toEqual([
      { 时间: "2026-11-20 10:00:00", 表: "Customers", 客户编号: "C20240315002", 字段: "开户日期", 变更前: "2024/3/15", 变更后: "2024-03-15", 原因: "修正", 操作人: "李会计" },
      { 时间: "2026-11-20 10:00:00", 表: "Customers", 客户编号: "C20240315004", 字段: "客户等级", 变更前: "A", 变更后: "A类", 原因: "修正", 操作人: "李会计" },
    ]);
    expect(x.table("ChangeLog")!.sheet.name).toBe(CHANGELOG.sheet);
    // ChangeLog rows are written before the values, in the one write sync after the 3 read syncs.
    // ChangeLog is made over its header and the new rows at once (over a header alone Excel adds an empty first row).
    expect(x.writes.filter((w) => w.sheet === CHANGELOG.sheet)).toEqual([{ sheet: CHANGELOG.sheet, address: "A1:H3" }]);
    const logWrite = x.writes.findIndex((w) => w.sheet === CHANGELOG.sheet);
    const valueWrite = x.writes.findIndex((w) => w.sheet === "客户信息");
    expect(logWrite).toBeGreaterThanOrEqual(0);
    expect(logWrite).toBeLessThan(valueWrite);
    expect(x.syncCount).toBe(4);
    // The pane's report after the fixes: the fixed findings are gone, the others remain.
    expect(result.check.findings.map((f) => f.code).sort()).toEqual(["phone", "unique"]);
  });

  it("fixes only the chosen codes", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, [CHANGELOG.columns.map((c) => c.header)], { tableName: "ChangeLog" });
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, codes: ["enum"] });
    expect(result.changed.map((c) => c.address)).toEqual(["H5"]);
    expect(x.valueAt("客户信息", "J3")).toBe("2024/3/15");
    expect(x.tableRows("ChangeLog")).toHaveLength(1);
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

  it("never writes over a 变更记录 sheet that holds other data: nothing is changed and the pane is told why", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, [["我的笔记"], ["别删"]]);
    const failure = applyFixes(asRun(x), { asOf: AS_OF, now: NOW });
    await expect(failure).rejects.toThrow(CHANGELOG.sheet);
    // A coded error, so the pane says it in the user's language.
    await expect(failure).rejects.toMatchObject({ code: "changelog-sheet-taken", data: { sheet: CHANGELOG.sheet } });
    await expect(failure).rejects.toBeInstanceOf(CustfileError);
    expect(x.valueAt(CHANGELOG.sheet, "A1")).toBe("我的笔记");
    expect(x.valueAt(CHANGELOG.sheet, "A2")).toBe("别删");
    expect(x.valueAt("客户信息", "H5")).toBe("A");
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
