/**
 * Change tracking wired into the shared runtime (src/excel/runtime.ts, started from
 * src/commands/commands.ts on Office.onReady), against the Excel test double.
 */
import { FakeExcel } from "../support/fake-excel";
import {
  changeTrackingStatus, getChangeTracker, onChangeTracking, setChangeLogOperator, startChangeTracking, stopChangeTracking,
  type ChangeTrackingHost, type ChangeTrackingStatus,
} from "../../src/excel/runtime";
import type { ExcelRun } from "../../src/excel/check";
import type { Cell } from "../../src/core/table";

const HEAD = ["客户编号", "客户名称", "联系人", "联系方式"];
const ROWS: Cell[][] = [HEAD, ["C20240315001", "甲公司", "张三", "13800000001"], ["C20240315002", "乙公司", "李四", "13800000002"]];

function host(x: FakeExcel, extra: Partial<ChangeTrackingHost> = {}): ChangeTrackingHost & { errors: Error[] } {
  const errors: Error[] = [];
  return { run: x.run as unknown as ExcelRun, isSetSupported: () => true, coalesceMs: 0, onError: (e) => errors.push(e), errors, ...extra };
}

let consoleError: jest.SpyInstance;
let consoleWarn: jest.SpyInstance;
beforeEach(() => {
  consoleError = jest.spyOn(console, "error").mockImplementation(() => undefined);
  consoleWarn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterEach(async () => {
  await stopChangeTracking();
  setChangeLogOperator("");
  consoleError.mockRestore();
  consoleWarn.mockRestore();
  delete (globalThis as Record<string, unknown>).Office;
  delete (globalThis as Record<string, unknown>).Excel;
});

describe("change tracking in the shared runtime", () => {
  it("starts once; the pane gets the tracker, the status and the id changes after each burst", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", ROWS, { tableName: "Customers" });
    const h = host(x, { loadOnOpen: jest.fn(async () => undefined) });
    const seen: ChangeTrackingStatus[] = [];
    const off = onChangeTracking((s) => seen.push(s));
    const [a, b] = await Promise.all([startChangeTracking(h), startChangeTracking(h)]);
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    expect(getChangeTracker()).toBe(a);
    expect(await startChangeTracking(h)).toBe(a);
    expect(x.table("Customers")!.changedHandlers).toHaveLength(1);
    expect(changeTrackingStatus()).toMatchObject({ state: "running", idChanges: [] });
    expect(h.loadOnOpen).toHaveBeenCalledTimes(1);

    setChangeLogOperator(" 王芳 ");
    await x.userEdit("客户信息", "A3", [["C20240315099"]]);
    expect(changeTrackingStatus().idChanges).toEqual([{ sheetRow: 3, before: "C20240315002", after: "C20240315099" }]);
    expect(seen[seen.length - 1].idChanges).toHaveLength(1);
    expect(x.tableRows("ChangeLog")[0][7]).toBe("王芳");
    await getChangeTracker()!.restoreCustomerId(3);
    expect(changeTrackingStatus().idChanges).toEqual([]);
    off();
    expect(h.errors).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("without ExcelApi 1.9 it does not start, says why, and touches nothing", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", ROWS, { tableName: "Customers" });
    const h = host(x, { isSetSupported: (name, version) => !(name === "ExcelApi" && version === "1.9") });
    expect(await startChangeTracking(h)).toBeNull();
    expect(changeTrackingStatus()).toMatchObject({ state: "unsupported", reason: "requirement-set" });
    expect(changeTrackingStatus().message).toMatch(/ExcelApi 1\.9/);
    expect(consoleWarn).toHaveBeenCalled();
    expect(x.syncCount).toBe(0);
    expect(x.table("Customers")!.changedHandlers).toHaveLength(0);
  });

  it("a workbook without a Customers table waits, and starts when the table is added", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("Sheet1", [["hello"]]);
    const h = host(x);
    expect(await startChangeTracking(h)).toBeNull();
    expect(changeTrackingStatus().state).toBe("no-table");
    expect(changeTrackingStatus().reason).toBeUndefined();
    expect(x.tablesAddedHandlers).toHaveLength(1);
    await x.userAddTable("客户信息", "Customers", ROWS);
    expect(changeTrackingStatus().state).toBe("running");
    expect(getChangeTracker()).not.toBeNull();
    await x.userEdit("客户信息", "C2", [["王五"]]);
    expect(x.tableRows("ChangeLog")).toHaveLength(1);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("Customers deleted and made again: the dead tracker ends (no-table), a new one starts and reconciles with the saved baseline", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", ROWS, { tableName: "Customers" });
    const h = host(x);
    const first = await startChangeTracking(h);
    expect(first).not.toBeNull();
    expect(x.tablesDeletedHandlers).toHaveLength(1);
    await x.userDeleteTable("Customers");
    expect(changeTrackingStatus().state).toBe("no-table");
    expect(getChangeTracker()).toBeNull();
    // While there is no table nothing is watched; the change is found when the table is back.
    x.sheet("客户信息")!.write(2, 2, [["赵六"]]); // C3: 联系人 of C20240315002
    await x.userAddTable("客户信息", "Customers", [ROWS[0], ROWS[1], [ROWS[2][0], ROWS[2][1], "赵六", ROWS[2][3]]]);
    expect(changeTrackingStatus().state).toBe("running");
    const second = getChangeTracker();
    expect(second).not.toBe(first);
    expect(x.tableRows("ChangeLog").map((r) => [r[2], r[3], r[4], r[5], r[6]])).toEqual([["C20240315002", "联系人", "李四", "赵六", "编辑"]]);
    await x.userEdit("客户信息", "D2", [["13900000009"]]);
    expect(x.tableRows("ChangeLog")).toHaveLength(2);
    expect(x.table("Customers")!.changedHandlers).toHaveLength(1);
    expect(h.errors).toEqual([]);
  });

  it("stopping removes every handler it added, each in its own context", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("Sheet1", [["hello"]]);
    await startChangeTracking(host(x));
    expect([x.tablesAddedHandlers.length, x.tablesDeletedHandlers.length]).toEqual([1, 1]);
    await stopChangeTracking();
    expect([x.tablesAddedHandlers.length, x.tablesDeletedHandlers.length]).toEqual([0, 0]);
  });

  it("a failure at start is reported (status, onError, console) and never thrown; a later call tries again", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", ROWS, { tableName: "Customers" });
    x.addSheetWithRows("_custfile_baseline", [["not a baseline"]]);
    const h = host(x);
    await expect(startChangeTracking(h)).resolves.toBeNull();
    expect(changeTrackingStatus().state).toBe("failed");
    expect(changeTrackingStatus().message).toMatch(/_custfile_baseline!A1: baseline: directory is 'not a baseline'/);
    expect(h.errors).toHaveLength(1);
    expect(consoleError).toHaveBeenCalled();
    expect(x.table("Customers")!.changedHandlers).toHaveLength(0); // the failed start left no handler behind
    x.sheet("_custfile_baseline")!.write(0, 0, [[null]]);
    expect(await startChangeTracking(h)).not.toBeNull();
    expect(changeTrackingStatus().state).toBe("running");
    expect(x.table("Customers")!.changedHandlers).toHaveLength(1);
  });

  it("outside Office (no Excel global) it reports unsupported instead of throwing", async () => {
    await expect(startChangeTracking()).resolves.toBeNull();
    expect(changeTrackingStatus().state).toBe("unsupported");
  });

  it("commands.ts starts it on Office.onReady in Excel, with the real host's requirement check", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", ROWS, { tableName: "Customers" });
    const isSetSupported = jest.fn(() => true);
    const setStartupBehavior = jest.fn(async () => undefined);
    let ready: Promise<unknown> = Promise.resolve();
    (globalThis as Record<string, unknown>).Excel = { run: x.run };
    (globalThis as Record<string, unknown>).Office = {
      HostType: { Excel: "Excel" },
      context: { requirements: { isSetSupported } },
      actions: { associate: jest.fn() },
      addin: { setStartupBehavior },
      onReady: (cb: (info: { host: string }) => unknown) => { ready = Promise.resolve(cb({ host: "Excel" })); return ready; },
    };
    let runtime!: typeof import("../../src/excel/runtime");
    jest.isolateModules(() => {
      require("../../src/commands/commands");
      runtime = require("../../src/excel/runtime"); // the instance commands.ts started
    });
    await ready;
    const tracker = await runtime.startChangeTracking(); // joins the start in flight
    expect(tracker).not.toBeNull();
    expect(runtime.changeTrackingStatus().state).toBe("running");
    expect(x.table("Customers")!.changedHandlers).toHaveLength(1);
    expect(isSetSupported).toHaveBeenCalledWith("ExcelApi", "1.9");
    expect(setStartupBehavior).toHaveBeenCalledWith("Load");
    await runtime.stopChangeTracking();
  });

  it("commands.ts does not start it outside Excel", async () => {
    const run = jest.fn();
    let ready: Promise<unknown> = Promise.resolve();
    (globalThis as Record<string, unknown>).Excel = { run };
    (globalThis as Record<string, unknown>).Office = {
      HostType: { Excel: "Excel" },
      actions: { associate: jest.fn() },
      onReady: (cb: (info: { host: string | null }) => unknown) => { ready = Promise.resolve(cb({ host: null })); return ready; },
    };
    let runtime!: typeof import("../../src/excel/runtime");
    jest.isolateModules(() => {
      require("../../src/commands/commands");
      runtime = require("../../src/excel/runtime");
    });
    await ready;
    expect(runtime.changeTrackingStatus().state).toBe("off");
    expect(run).not.toHaveBeenCalled();
  });
});
