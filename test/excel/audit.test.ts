/** The 季度抽查 button and its Excel I/O against the Excel test double: every path ends with event.completed(). */
import { FakeExcel, WEB_LIMITS } from "../support/fake-excel";
import { quarterlyAudit, auditNotices, onAuditNotice, type AuditNotice } from "../../src/commands/audit";
import { runQuarterlyAudit } from "../../src/excel/audit";
import type { ExcelRun } from "../../src/excel/check";
import { AUDIT_SHEET_HEADERS, quarterOfDay, quarterText } from "../../src/core/audit";
import { parseIsoDate, today } from "../../src/core/dates";
import { AUDITS, CHANGELOG } from "../../src/core/template/tables";
import { isoToExcelSerial, NUMBER_FORMATS } from "../../src/core/sheets";
import { readAuditStatus } from "../../src/excel/audit";
import { WEB_READ_BUDGET } from "../../src/excel/read";
import type { Cell } from "../../src/core/table";

const HEAD = ["客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "客户等级", "地址(省市区)", "开户日期", "合作状态", "最近核实日期"];
const QUARTER = quarterText(quarterOfDay(today()));
const SHEET = `抽查 ${QUARTER}`;

function customers(n: number, status = "合作中"): Cell[][] {
  return [HEAD, ...Array.from({ length: n }, (_, k) => [`C20240315${String(k + 1).padStart(3, "0")}`, `公司${k + 1}`, "王经理", "13956781234", "a@b.cn", k % 4 === 0 ? "C类" : "A类", "北京市海淀区中关村大街1号", "2024-03-15", status, "2026-06-01"] as Cell[])];
}

function host(rows: Cell[][] | null, extra: (x: FakeExcel) => void = () => undefined): FakeExcel {
  const x = new FakeExcel();
  if (rows) x.addSheetWithRows("客户信息", rows, { tableName: "Customers" });
  else x.addSheetWithRows("Sheet1", [["hello"]]);
  extra(x);
  return x;
}

let showAsTaskpane: jest.Mock;
function install(x: FakeExcel): void {
  showAsTaskpane = jest.fn(async () => undefined);
  (globalThis as Record<string, unknown>).Excel = { run: x.run };
  (globalThis as Record<string, unknown>).Office = { addin: { showAsTaskpane } };
}
afterEach(() => {
  delete (globalThis as Record<string, unknown>).Excel;
  delete (globalThis as Record<string, unknown>).Office;
});

function event() {
  return { completed: jest.fn(), source: { id: "quarterlyAudit" } } as unknown as Office.AddinCommands.Event & { completed: jest.Mock };
}

function lastNotice(): AuditNotice {
  return auditNotices[auditNotices.length - 1];
}

describe("季度抽查 button", () => {
  it("new draw: writes 抽查 YYYYQn with a 核对结果 dropdown and the Audits rows, activates the sheet, in 3 syncs", async () => {
    const x = host(customers(40));
    install(x);
    const seen: AuditNotice[] = [];
    const off = onAuditNotice((n) => seen.push(n));
    const e = event();
    await quarterlyAudit(e);
    off();
    expect(e.completed).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: "drawn", failed: false });
    const sheet = x.sheet(SHEET)!;
    expect(sheet).toBeDefined();
    expect(x.activeSheet).toBe(SHEET);
    const n = Math.ceil(0.15 * 40);
    expect(sheet.values({ row: 0, col: 0, rows: 1, cols: 15 })[0]).toEqual(["序号", "客户编号", "客户名称", "层", "抽取原因", "联系人", "联系方式", "电子邮箱", "地址(省市区)", "客户等级", "最近核实日期", "核对结果", "核对人", "核对日期", "备注"]);
    expect(sheet.values({ row: 1, col: 1, rows: n, cols: 1 }).every((r) => typeof r[0] === "string" && /^C2024/.test(r[0] as string))).toBe(true);
    expect(sheet.dataValidations).toEqual([{ rect: { row: 1, col: 11, rows: n, cols: 1 }, rule: { list: { inCellDropDown: true, source: "一致,已更正,无法联系" } } }]);
    expect(sheet.frozenRows).toBe(1);
    const audits = x.tableRows("Audits");
    expect(audits).toHaveLength(n);
    const h = AUDITS.columns.map((c) => c.header);
    expect(audits[0][h.indexOf("季度")]).toBe(QUARTER);
    expect(audits[0][h.indexOf("总体数")]).toBe(40);
    expect(audits[0][h.indexOf("种子")]).toMatch(/^[0-9a-f]{32}$/);
    expect(x.syncCount).toBe(3);
    expect(showAsTaskpane).not.toHaveBeenCalled();
  });

  it("existing quarter: activates its sheet instead of drawing again (no new Audits rows)", async () => {
    const x = host(customers(40));
    install(x);
    await quarterlyAudit(event());
    const before = x.tableRows("Audits").length;
    x.activeSheet = "客户信息";
    const e = event();
    await quarterlyAudit(e);
    expect(e.completed).toHaveBeenCalledTimes(1);
    expect(lastNotice()).toMatchObject({ kind: "existing", failed: false });
    expect(x.activeSheet).toBe(SHEET);
    expect(x.tableRows("Audits")).toHaveLength(before);
  });

  it("empty Customers: nothing written, the pane opens with the outcome (every customer 休眠)", async () => {
    const x = host(customers(5, "休眠"));
    install(x);
    const e = event();
    await quarterlyAudit(e);
    expect(e.completed).toHaveBeenCalledTimes(1);
    expect(lastNotice()).toMatchObject({ kind: "empty", failed: true, outcome: { kind: "empty", reason: "all-dormant" } });
    expect(x.sheet(SHEET)).toBeUndefined();
    expect(x.table("Audits")).toBeUndefined();
    expect(showAsTaskpane).toHaveBeenCalledTimes(1);
  });

  it("a Customers table without a 客户编号 column: the outcome says it is unreadable and why (not that every customer is 休眠); nothing written", async () => {
    const x = host(customers(5).map((r) => r.slice(1)));
    install(x);
    const e = event();
    await quarterlyAudit(e);
    expect(e.completed).toHaveBeenCalledTimes(1);
    expect(lastNotice()).toMatchObject({ kind: "empty", failed: true, outcome: { kind: "empty", reason: "unreadable" } });
    expect(lastNotice().outcome).toMatchObject({ detail: expect.stringMatching(/客户信息: no 客户编号 column/) });
    expect(x.sheet(SHEET)).toBeUndefined();
    expect(x.table("Audits")).toBeUndefined();
  });

  it("missing Customers table: the outcome says so, the pane opens", async () => {
    const x = host(null);
    install(x);
    const e = event();
    await quarterlyAudit(e);
    expect(e.completed).toHaveBeenCalledTimes(1);
    expect(lastNotice()).toMatchObject({ kind: "missing-table", failed: true, outcome: { kind: "missing-table" } });
    expect(showAsTaskpane).toHaveBeenCalledTimes(1);
  });

  it("an Excel failure is reported, never silent, and still completes", async () => {
    install(new FakeExcel());
    (globalThis as Record<string, unknown>).Excel = { run: async () => { throw new Error("GeneralException: busy"); } };
    const e = event();
    await quarterlyAudit(e);
    expect(e.completed).toHaveBeenCalledTimes(1);
    expect(lastNotice()).toMatchObject({ kind: "error", failed: true, error: "GeneralException: busy" });
    expect(showAsTaskpane).toHaveBeenCalledTimes(1);
  });

  it("completes even when the pane cannot be opened", async () => {
    const x = host(null);
    install(x);
    showAsTaskpane.mockRejectedValue(new Error("not supported"));
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const e = event();
    await quarterlyAudit(e);
    spy.mockRestore();
    expect(e.completed).toHaveBeenCalledTimes(1);
  });
});

describe("audit rate from the workbook (信用政策 抽查比例)", () => {
  const policy = (value: Cell) => (x: FakeExcel) => x.addSheetWithRows("信用政策", [["参数", "值"], ["宽限天数", 3], ["抽查比例", value]], { tableName: "CreditPolicy" });
  const run = (x: FakeExcel) => runQuarterlyAudit(x.run as unknown as ExcelRun, { day: parseIsoDate("2026-11-24")!, seed: "00112233445566778899aabbccddeeff", drawnAt: "2026-11-24 10:00" });

  it.each([["20%", 8], [0.1, 4], ["0.12", 5]] as [Cell, number][])("抽查比例 %s → n = %i of 40", async (value, n) => {
    const outcome = await run(host(customers(40), policy(value)));
    expect(outcome.kind).toBe("drawn");
    if (outcome.kind === "drawn") expect(outcome.sample.sampleSize).toBe(n);
  });

  it("a rate outside 10%–20% is refused quoting the policy; nothing written", async () => {
    const x = host(customers(40), policy("30%"));
    const outcome = await run(x);
    expect(outcome).toMatchObject({ kind: "refused", rateText: "30%" });
    if (outcome.kind === "refused") expect(outcome.policy).toContain("抽查10%-20%的客户档案");
    expect(x.sheet("抽查 2026Q4")).toBeUndefined();
  });

  it("draw again (redraw): replaces the sheet and logs draw 2 in Audits", async () => {
    const x = host(customers(40));
    await run(x);
    const again = await runQuarterlyAudit(x.run as unknown as ExcelRun, { day: parseIsoDate("2026-11-24")!, redraw: true, seed: "ffeeddccbbaa99887766554433221100", drawnAt: "2026-11-25 09:00" });
    expect(again.kind).toBe("drawn");
    const rows = x.tableRows("Audits");
    const drawCol = AUDITS.columns.findIndex((c) => c.key === "draw");
    expect(rows.filter((r) => r[drawCol] === 1)).toHaveLength(6);
    expect(rows.filter((r) => r[drawCol] === 2)).toHaveLength(6);
    expect(x.sheets.filter((s) => s.name === "抽查 2026Q4")).toHaveLength(1);
  });

  it("draw again keeps every 核对结果 / 核对人 / 核对日期 / 备注 typed on the sheet (issue 17), matched by 客户编号", async () => {
    const x = host(customers(40));
    const first = await run(x);
    expect(first.kind).toBe("drawn");
    const sheet = x.sheet("抽查 2026Q4")!;
    const col = AUDIT_SHEET_HEADERS.indexOf("核对结果");
    const ids = sheet.values({ row: 1, col: 1, rows: 6, cols: 1 }).map((r) => String(r[0]));
    // The checker types into the first three rows (a date serial in 核对日期, as Excel keeps it).
    sheet.write(1, col, [["一致", "李四", 46350, ""], ["已更正", "李四", 46351, "电话已更新"], ["无法联系", "王五", 46352, "空号"]]);
    const again = await runQuarterlyAudit(x.run as unknown as ExcelRun, { day: parseIsoDate("2026-11-24")!, redraw: true, seed: "ffeeddccbbaa99887766554433221100", drawnAt: "2026-11-25 09:00" });
    expect(again.kind).toBe("drawn");
    const after = x.sheet("抽查 2026Q4")!;
    const used = after.usedRect()!;
    const rows = after.values({ row: 1, col: 0, rows: used.rows - 1, cols: AUDIT_SHEET_HEADERS.length });
    const byId = new Map(rows.map((r) => [String(r[1]), r]));
    const typed: [string, Cell, Cell, Cell, Cell][] = [[ids[0], "一致", "李四", 46350, ""], [ids[1], "已更正", "李四", 46351, "电话已更新"], [ids[2], "无法联系", "王五", 46352, "空号"]];
    for (const [id, result, who, day, note] of typed) {
      const row = byId.get(id);
      expect(row).toBeDefined();
      expect(row!.slice(col, col + 4).map((c) => c ?? "")).toEqual([result, who, day, note]);
    }
    // Customers of the new draw that were not checked have empty check columns.
    if (again.kind === "drawn") {
      for (const s of again.sample.sample) if (!ids.slice(0, 3).includes(s.id)) expect(byId.get(s.id)!.slice(col, col + 4).every((c) => c === null || c === "")).toBe(true);
      // A checked customer this draw did not take keeps its row, marked as kept.
      for (const id of ids.slice(0, 3)) if (!again.sample.sample.some((s) => s.id === id)) expect(String(byId.get(id)![4])).toContain("kept with its check results");
    }
  });

  it("the quarter's sheet deleted by hand: rebuilt from the recorded seed and verified", async () => {
    const x = host(customers(40));
    const first = await run(x);
    x.userDeleteSheet("抽查 2026Q4");
    const again = await run(x);
    expect(again.kind).toBe("existing");
    if (again.kind === "existing") expect(again.verification?.ok).toBe(true);
    const ids = x.sheet("抽查 2026Q4")!.values({ row: 1, col: 1, rows: 6, cols: 1 }).map((r) => r[0]);
    if (first.kind === "drawn") expect(ids).toEqual(first.sample.sample.map((s) => s.id));
  });
});

describe("audit on Excel on the web (5 MB bound that throws)", () => {
  it("20,000 customers and a 60,000-row ChangeLog: read under the bound (only the columns the audit needs), drawn, 抽取时间 a real date-time", async () => {
    const x = new FakeExcel({ ...WEB_LIMITS });
    const head = [...HEAD, "所属行业", "统一社会信用代码", "负责人", "信用额度", "备注"];
    const rows: Cell[][] = [head];
    for (let k = 1; k <= 20_000; k++) {
      const day = String(1 + Math.floor((k - 1) / 999)).padStart(2, "0");
      rows.push([`C202403${day}${String(((k - 1) % 999) + 1).padStart(3, "0")}`, `北京华信科技发展有限公司第${k}分公司`, "王经理", "13956781234", "a@b.cn", k % 4 === 0 ? "C类" : "A类", `北京市海淀区中关村大街${k}号`, "2024-03-15", "合作中", "2026-06-01", "信息技术", "91110108MA01ABCD2X", "张三", 50000, "长期合作客户，回款及时，需每季度回访一次"]);
    }
    x.addSheetWithRows("客户信息", rows, { tableName: "Customers" });
    const log: Cell[][] = [CHANGELOG.columns.map((c) => c.header)];
    for (let k = 0; k < 60_000; k++) log.push([isoToExcelSerial("2026-10-05 09:30:00")!, "Customers", rows[1 + (k % 20_000)][0], "备注", "旧的一段很长的备注文字".repeat(3), "新的一段很长的备注文字".repeat(3), "编辑", "王芳"]);
    x.addSheetWithRows(CHANGELOG.sheet, log, { tableName: "ChangeLog" });
    const outcome = await runQuarterlyAudit(x.run as unknown as ExcelRun, { day: parseIsoDate("2026-11-24")!, seed: "00112233445566778899aabbccddeeff", drawnAt: "2026-11-24 10:00:00", requestBudget: WEB_READ_BUDGET });
    expect(outcome.kind).toBe("drawn");
    if (outcome.kind === "drawn") expect(outcome.sample.population).toBe(20_000);
    expect(x.tableRows("Audits")).toHaveLength(3000);
    const drawnAt = AUDITS.columns.findIndex((c) => c.key === "drawnAt");
    expect(x.tableRows("Audits")[0][drawnAt]).toBe(isoToExcelSerial("2026-11-24 10:00:00"));
    expect(x.sheet(AUDITS.sheet)!.cell(1, drawnAt)?.numberFormat).toBe(NUMBER_FORMATS.datetime);
    // The pane reads the record back with its time as text.
    const status = await readAuditStatus(x.run as unknown as ExcelRun, parseIsoDate("2026-11-24")!);
    expect(status.record).toMatchObject({ draw: 1, drawnAt: "2026-11-24 10:00:00", sampleSize: 3000 });
    expect(status.progress).toMatchObject({ sampled: 3000, checked: 0 });
  });
});
