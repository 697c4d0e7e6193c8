/**
 * Protected record sheets (SPEC §10.5b) against the strict Excel test double, where a write to a
 * protected sheet fails as in Excel: set-up protects custfile's record sheets (no password;
 * sorting and filtering allowed), and every writer of custfile's — fixes' ChangeLog rows, the
 * change tracker's rows and restores, the audit's Audits rows, the handover — unprotects and
 * protects again in the same request; a sheet protected with a password it does not know fails
 * before anything is written.
 */
import { FakeExcel } from "../support/fake-excel";
import type { ExcelRun } from "../../src/excel/check";
import { setUpTemplate } from "../../src/excel/setup";
import { applyFixes } from "../../src/excel/fixes";
import { ChangeTracker } from "../../src/excel/changes";
import { runQuarterlyAudit } from "../../src/excel/audit";
import { appendRecords, lookUpRecordTable, SHEET_PROTECTION } from "../../src/excel/write";
import { parseIsoDate } from "../../src/core/dates";
import { AUDITS, CHANGELOG, CREDIT_HISTORY, HANDOVERS, TABLES } from "../../src/core/template/tables";
import { AS_OF, BAD_ROWS, HEADERS, customer } from "./pane-fixtures";

const asRun = (x: FakeExcel) => x.run as unknown as ExcelRun;
const NOW = () => new Date("2026-11-20T02:00:00Z");
const RECORD_SHEETS = [CHANGELOG.sheet, AUDITS.sheet, CREDIT_HISTORY.sheet, HANDOVERS.sheet];
const PROTECTED = { protected: true, password: "", options: SHEET_PROTECTION };
const LOG = [CHANGELOG.columns.map((c) => c.header)];

describe("set-up protects custfile's record sheets", () => {
  it("变更记录, 抽查记录, 信用月报 and 交接记录 are protected (no password; sorting and filtering allowed); the user's sheets are not", async () => {
    const x = new FakeExcel();
    x.addSheet("Sheet1");
    await setUpTemplate(asRun(x));
    expect(RECORD_SHEETS.sort()).toEqual(TABLES.filter((t) => t.addinOwned).map((t) => t.sheet).sort());
    for (const sheet of RECORD_SHEETS) expect({ sheet, protection: x.sheet(sheet)!.protection }).toEqual({ sheet, protection: PROTECTED });
    for (const t of TABLES.filter((d) => !d.addinOwned)) expect({ sheet: t.sheet, protected: x.sheet(t.sheet)!.protection.protected }).toEqual({ sheet: t.sheet, protected: false });
    expect(SHEET_PROTECTION).toMatchObject({ allowAutoFilter: true, allowSort: true });
  });

  it("an empty record sheet the user protected already is used, and protected again in the same request", async () => {
    const x = new FakeExcel();
    x.addSheet(HANDOVERS.sheet);
    x.protectSheet(HANDOVERS.sheet);
    await setUpTemplate(asRun(x));
    expect(x.table("Handovers")!.sheet.name).toBe(HANDOVERS.sheet);
    expect(x.sheet(HANDOVERS.sheet)!.protection).toEqual(PROTECTED);
  });

  it("custfile's writes keep working after set-up: a fix logs into the protected 变更记录, which stays protected", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    await setUpTemplate(asRun(x));
    const result = await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, user: "李会计" });
    expect(result.changed).toHaveLength(2);
    expect(x.tableRows("ChangeLog").map((r) => r[6])).toEqual(["修正", "修正"]);
    expect(x.sheet(CHANGELOG.sheet)!.protection).toEqual(PROTECTED);
  });
});

describe("a record table custfile makes is protected; protection it did not make is left as it is", () => {
  const write = (x: FakeExcel) => x.run(async (context) => {
    const c = context as unknown as Excel.RequestContext;
    await appendRecords(c, await lookUpRecordTable(c, AUDITS), [{ quarter: "2026Q4", customerId: "C1" }]);
  });

  it("a new record sheet is protected", async () => {
    const x = new FakeExcel();
    x.addSheet("Sheet1");
    await write(x);
    expect(x.sheet(AUDITS.sheet)!.protection).toEqual(PROTECTED);
  });

  it("a record table the user keeps unprotected stays unprotected", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows(AUDITS.sheet, [AUDITS.columns.map((c) => c.header)], { tableName: "Audits" });
    await write(x);
    expect(x.sheet(AUDITS.sheet)!.protection.protected).toBe(false);
  });

  it("a table made below the user's notes on the record sheet leaves the sheet unprotected (the notes stay editable)", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows(AUDITS.sheet, [["我的笔记"]]);
    await write(x);
    expect(x.valueAt(AUDITS.sheet, "A1")).toBe("我的笔记");
    expect(x.sheet(AUDITS.sheet)!.protection.protected).toBe(false);
  });
});

describe("the change tracker's writes to a protected 变更记录", () => {
  function tracked(): FakeExcel {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", [HEADERS, customer(1), customer(2)], { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, LOG, { tableName: "ChangeLog" });
    x.protectSheet(CHANGELOG.sheet);
    return x;
  }

  it("a burst's rows and a restored id are written, and the sheet is protected again after each", async () => {
    const x = tracked();
    const tracker = await ChangeTracker.start({ run: asRun(x), now: NOW, user: () => "王芳", coalesceMs: 0 });
    await x.userEdit("客户信息", "D2", [["新联系人"]]);
    await tracker.idle();
    expect(x.sheet(CHANGELOG.sheet)!.protection.protected).toBe(true);
    await x.userEdit("客户信息", "A3", [["C20240315099"]]);
    await tracker.restoreCustomerId(3);
    expect(x.valueAt("客户信息", "A3")).toBe("C20240315002");
    expect(x.tableRows("ChangeLog").map((r) => r[6])).toEqual(["编辑", "编辑", "恢复"]);
    expect(x.sheet(CHANGELOG.sheet)!.protection.protected).toBe(true);
    await tracker.stop();
  });

  it("a password custfile does not know: the burst is reported as failed, and no ChangeLog row is half written", async () => {
    const x = tracked();
    x.protectSheet(CHANGELOG.sheet, "secret");
    const errors: Error[] = [];
    const tracker = await ChangeTracker.start({ run: asRun(x), now: NOW, user: () => "王芳", coalesceMs: 0, onError: (e) => errors.push(e) });
    await x.userEdit("客户信息", "D2", [["新联系人"]]);
    await tracker.idle();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(/password/);
    expect(x.tableRows("ChangeLog").every((r) => r.every((v) => v === null || v === ""))).toBe(true);
    await tracker.stop();
  });
});

describe("the audit's Audits rows on a protected 抽查记录", () => {
  const draw = (x: FakeExcel) => runQuarterlyAudit(asRun(x), { day: parseIsoDate("2026-11-24")!, seed: "00112233445566778899aabbccddeeff", drawnAt: "2026-11-24 10:00:00" });
  function book(): FakeExcel {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", [HEADERS, ...Array.from({ length: 20 }, (_v, k) => customer(k + 1))], { tableName: "Customers" });
    x.addSheetWithRows(AUDITS.sheet, [AUDITS.columns.map((c) => c.header)], { tableName: "Audits" });
    return x;
  }

  it("no password: the rows are written in the same request as the sheet is protected again", async () => {
    const x = book();
    x.protectSheet(AUDITS.sheet);
    const outcome = await draw(x);
    expect(outcome.kind).toBe("drawn");
    expect(x.tableRows("Audits").length).toBeGreaterThan(0);
    expect(x.sheet(AUDITS.sheet)!.protection).toEqual(PROTECTED);
  });

  it("a password custfile does not know: the draw fails before anything is written (no audit sheet without its record)", async () => {
    const x = book();
    x.protectSheet(AUDITS.sheet, "secret");
    const sheets = x.sheets.map((s) => s.name);
    await expect(draw(x)).rejects.toThrow(/password/);
    expect(x.sheets.map((s) => s.name)).toEqual(sheets);
    expect(x.writes).toEqual([]);
  });
});
