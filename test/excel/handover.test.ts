/**
 * The pane's handover (SPEC §10.1) against the strict Excel test double: one write after the
 * reads — ChangeLog rows (原因 交接, 校验 chained) before the 负责人 cells, the Handovers row on a
 * protected 交接记录 made when missing, the 交接清单 sheet with its 已通知 dropdown — refusals that
 * write nothing, the tracker's queue, and the ChangeLog's 校验 column added to an older log.
 */
import { FakeExcel, WEB_LIMITS } from "../support/fake-excel";
import { WEB_READ_BUDGET } from "../../src/excel/read";
import type { ExcelRun } from "../../src/excel/check";
import { applyHandover, previewHandover, readHandoverCandidates, type HandoverChoice, type HandoverOutcome } from "../../src/excel/handover";
import { ChangeTracker } from "../../src/excel/changes";
import { onChainStart, SHEET_PROTECTION, type ChainStart } from "../../src/excel/write";
import { chainRows, verifyChangeLog, webCryptoSha256 } from "../../src/core/records/chain";
import { isoToExcelSerial, timestampText } from "../../src/core/sheets";
import { CHANGELOG, HANDOVERS } from "../../src/core/template/tables";
import type { Cell, SheetBlock } from "../../src/core/table";
import { applyFixes } from "../../src/excel/fixes";
import { AS_OF, BAD_ROWS, HEADERS, customer } from "./pane-fixtures";

const asRun = (x: FakeExcel) => x.run as unknown as ExcelRun;
const NOW = () => new Date("2026-11-20T02:00:00Z"); // 2026-11-20 10:00:00 in Asia/Shanghai
const LOG_HEADERS = CHANGELOG.columns.map((c) => c.header);
const OWNERS = ["张伟", "李娜", "张伟", "王芳", "张伟"];

/** Customers 1–5 with 负责人 (rows 2–6), and a staff list where 赵强 has left. */
function workbook(options: { staff?: boolean } = {}): FakeExcel {
  const x = new FakeExcel();
  x.addSheetWithRows("客户信息", [[...HEADERS, "负责人"], ...OWNERS.map((o, i) => [...customer(i + 1), o])], { tableName: "Customers" });
  if (options.staff !== false) {
    x.addSheetWithRows("人员", [["姓名", "部门", "状态"], ["张伟", "销售部", "在职"], ["李娜", "销售部", "在职"], ["王芳", "销售部", "在职"], ["赵强", "销售部", "离职"], ["陈经理", "销售部", "在职"]], { tableName: "Staff" });
  }
  x.activeSheet = "客户信息";
  return x;
}

const CHOICE: HandoverChoice = { from: "张伟", to: "李娜", supervisor: "陈经理", user: "测试员", note: "离职交接" };

function done(outcome: HandoverOutcome) {
  if (outcome.kind !== "done") throw new Error(`expected done, got ${JSON.stringify(outcome)}`);
  return outcome.done;
}

/** A table's rows by header (时间 back as text). */
function rowsOf(x: FakeExcel, table: string): Array<Record<string, Cell>> {
  const t = x.table(table)!;
  return x.tableRows(table).map((r) => Object.fromEntries(t.headers.map((h, i) => [h, h === "时间" ? timestampText(r[i]) : r[i]])));
}

/** The ChangeLog verified as the pane's check verifies it. */
async function verifyLog(x: FakeExcel) {
  const t = x.table("ChangeLog")!;
  const block: SheetBlock = { sheet: t.sheet.name, tableName: "ChangeLog", firstRow: t.rect.row + 1, firstColumn: t.rect.col + 1, values: t.sheet.values(t.rect) };
  return verifyChangeLog([block], webCryptoSha256);
}

const owners = (x: FakeExcel) => x.tableRows("Customers").map((r) => r[HEADERS.length]);

/** Everything the workbook holds, to prove a refusal wrote nothing. */
function snapshot(x: FakeExcel): string {
  return JSON.stringify({ sheets: x.sheets.map((s) => [s.name, s.values(s.usedRect() ?? { row: 0, col: 0, rows: 1, cols: 1 }), s.protection]), tables: x.tables.map((t) => [t.name, t.rect]) });
}

describe("applyHandover (the pane's 交接)", () => {
  it("one write after the reads: ChangeLog rows = customers moved (原因 交接, the 校验 chain holds), 负责人 cells, a Handovers row on a protected 交接记录 made when missing, the 交接清单 sheet with its 已通知 dropdown", async () => {
    const x = workbook();
    const outcome = await applyHandover(asRun(x), CHOICE, { now: NOW, expect: [2, 4, 6] });
    const d = done(outcome);
    expect(d.customers.map((c) => [c.id, c.row])).toEqual([["C20240315001", 2], ["C20240315003", 4], ["C20240315005", 6]]);
    // Three syncs read Customers and Staff as a check does; one writes everything.
    expect(x.syncCount).toBe(4);
    expect(owners(x)).toEqual(["李娜", "李娜", "李娜", "王芳", "李娜"]);

    const log = rowsOf(x, "ChangeLog");
    expect(log.map(({ 校验: _check, ...r }) => r)).toEqual([1, 3, 5].map((k) => ({
      时间: "2026-11-20 10:00:00", 表: "Customers", 客户编号: `C20240315${String(k).padStart(3, "0")}`, 字段: "负责人", 变更前: "张伟", 变更后: "李娜", 原因: "交接", 操作人: "测试员",
    })));
    const chain = await verifyLog(x);
    expect({ ok: chain.ok, chained: chain.chained, uncovered: chain.uncovered }).toEqual({ ok: true, chained: 3, uncovered: null });
    expect(d).toMatchObject({ changeLogRows: 3, changeLogSheet: CHANGELOG.sheet, handoversSheet: HANDOVERS.sheet, handoversRow: 2 });
    expect(d.chainStart).toBeUndefined(); // a new log: nothing above the chain to mention
    // Each old value is written before the cell it keeps.
    const logWrite = x.writes.findIndex((w) => w.sheet === CHANGELOG.sheet);
    const cellWrite = x.writes.findIndex((w) => w.sheet === "客户信息");
    expect(logWrite).toBeGreaterThanOrEqual(0);
    expect(logWrite).toBeLessThan(cellWrite);

    // 交接记录: made from the template, protected (no password; sorting and filtering allowed).
    const handovers = x.table("Handovers")!;
    expect(handovers.sheet.name).toBe(HANDOVERS.sheet);
    expect(handovers.headers).toEqual(HANDOVERS.columns.filter((c) => c.inTemplate).map((c) => c.header));
    expect(x.tableRows("Handovers")).toEqual([[isoToExcelSerial("2026-11-20"), "张伟", "李娜", "陈经理", 3, "C20240315001、C20240315003、C20240315005", "离职交接"]]);
    expect(handovers.sheet.protection).toEqual({ protected: true, password: "", options: SHEET_PROTECTION });
    // The ChangeLog custfile made is a protected record sheet too.
    expect(x.sheet(CHANGELOG.sheet)!.protection.protected).toBe(true);

    // The 交接清单 sheet: each customer with 联系人 / 联系方式 / 电子邮箱, an empty 已通知 with a 是/否 dropdown; shown to the user.
    const name = "交接清单 2026-11-20 张伟→李娜";
    expect(d.sheet).toBe(name);
    const list = x.tables.find((t) => t.sheet.name === name)!;
    expect(list.name).toBe("Handover_20261120");
    expect(list.headers).toEqual(["序号", "客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "已通知", "通知日期", "备注"]);
    expect(x.tableRows(list.name).map((r) => r.slice(0, 7))).toEqual([1, 3, 5].map((k, i) => [i + 1, `C20240315${String(k).padStart(3, "0")}`, `测试贸易有限公司${k}号`, "王经理、李经理", "13956781234", "sales@example.com.cn", ""]));
    const notified = list.headers.indexOf("已通知");
    expect(list.sheet.dataValidations).toContainEqual({ rect: { row: list.rect.row + 1, col: notified, rows: 3, cols: 1 }, rule: { list: { inCellDropDown: true, source: "是,否" } } });
    expect(list.sheet.protection.protected).toBe(false); // people tick it
    expect(x.activeSheet).toBe(name);
  });

  it.each([
    ["an unknown 移交人", { from: "孙悟空", to: "李娜" }, "unknown-from"],
    ["the same person", { from: "张伟", to: " 张 伟" }, "same-person"],
    ["nobody to hand over", { from: "陈经理", to: "李娜" }, "nothing-to-hand-over"],
    ["a 接收人 who has left (离职)", { from: "张伟", to: "赵强" }, "to-left"],
    ["ids of someone else", { from: "张伟", to: "李娜", ids: ["C20240315002"] }, "not-owned"],
  ] as const)("refuses %s with the core's message in both languages, and writes nothing", async (_what, choice, code) => {
    const x = workbook();
    const before = snapshot(x);
    const outcome = await applyHandover(asRun(x), choice, { now: NOW });
    expect(outcome.kind).toBe("refused");
    if (outcome.kind !== "refused") return;
    expect(outcome.error.code).toBe(code);
    expect(outcome.error.message["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
    expect(outcome.error.message["en-US"].length).toBeGreaterThan(10);
    expect(x.writes).toEqual([]);
    expect(snapshot(x)).toBe(before);
    expect(x.syncCount).toBe(3); // the reads only
  });

  it("a workbook changed since the preview (other customers would move) is not written: the new preview comes back", async () => {
    const x = workbook();
    const preview = await previewHandover(asRun(x), { from: "张伟", to: "李娜" }, { now: NOW });
    expect(preview.kind === "preview" && preview.preview.customers.map((c) => c.row)).toEqual([2, 4, 6]);
    x.sheet("客户信息")!.set(4, HEADERS.length, { value: "张伟" }); // row 5 is now 张伟's too
    const before = snapshot(x);
    const outcome = await applyHandover(asRun(x), { from: "张伟", to: "李娜" }, { now: NOW, expect: [2, 4, 6] });
    expect(outcome.kind).toBe("changed");
    expect(outcome.kind === "changed" && outcome.preview.customers.map((c) => c.row)).toEqual([2, 4, 5, 6]);
    expect(snapshot(x)).toBe(before);
  });

  it("only some customers (ids): only those move; the preview writes nothing", async () => {
    const x = workbook();
    const before = snapshot(x);
    const preview = await previewHandover(asRun(x), { ...CHOICE, ids: ["C20240315005"] }, { now: NOW });
    expect(preview).toEqual({ kind: "preview", preview: expect.objectContaining({ from: "张伟", to: "李娜", supervisor: "陈经理", date: "2026-11-20", customers: [{ id: "C20240315005", name: "测试贸易有限公司5号", row: 6 }], sheet: "交接清单 2026-11-20 张伟→李娜", customersSheet: "客户信息", warnings: [] }) });
    expect(snapshot(x)).toBe(before);
    done(await applyHandover(asRun(x), { ...CHOICE, ids: ["C20240315005"] }, { now: NOW, expect: [6] }));
    expect(owners(x)).toEqual(["张伟", "李娜", "张伟", "王芳", "李娜"]);
    expect(rowsOf(x, "ChangeLog").map((r) => r["客户编号"])).toEqual(["C20240315005"]);
  });

  it("a second handover the same day: the chain continues, the protected 交接记录 and 变更记录 are unprotected and protected again in the same request, a sheet of its own", async () => {
    const x = workbook();
    done(await applyHandover(asRun(x), { from: "张伟", to: "李娜", ids: ["C20240315001"], user: "测试员" }, { now: NOW }));
    expect(x.sheet(HANDOVERS.sheet)!.protection.protected).toBe(true);
    expect(x.sheet(CHANGELOG.sheet)!.protection.protected).toBe(true);
    const syncs = x.syncCount;
    const second = done(await applyHandover(asRun(x), { from: "张伟", to: "李娜", user: "测试员" }, { now: NOW }));
    expect(x.syncCount - syncs).toBe(4);
    expect(second.sheet).toBe("交接清单 2026-11-20 张伟→李娜 (2)");
    expect(x.tables.find((t) => t.sheet.name === second.sheet)!.name).toBe("Handover_20261120_2");
    expect(x.tableRows("Handovers").map((r) => r[4])).toEqual([1, 2]);
    expect(second.handoversRow).toBe(3);
    for (const sheet of [HANDOVERS.sheet, CHANGELOG.sheet]) expect(x.sheet(sheet)!.protection).toEqual({ protected: true, password: "", options: SHEET_PROTECTION });
    const chain = await verifyLog(x);
    expect({ ok: chain.ok, chained: chain.chained }).toEqual({ ok: true, chained: 3 });
  });

  it("a 交接记录 sheet protected with a password custfile does not know: the request fails and nothing is written", async () => {
    const x = workbook();
    x.addSheetWithRows(HANDOVERS.sheet, [HANDOVERS.columns.map((c) => c.header)], { tableName: "Handovers" });
    x.protectSheet(HANDOVERS.sheet, "secret");
    const before = snapshot(x);
    await expect(applyHandover(asRun(x), CHOICE, { now: NOW })).rejects.toThrow(/password/);
    expect(snapshot(x)).toBe(before);
  });

  it("through the change tracker's queue: logged once (the writer's rows only), and hand edits after it keep the chain whole", async () => {
    const x = new FakeExcel({ apiWritesFireEvents: true });
    const base = workbook();
    for (const s of base.sheets) x.addSheetWithRows(s.name, s.values(s.usedRect()!), { tableName: base.tables.find((t) => t.sheet === s)?.name });
    const tracker = await ChangeTracker.start({ run: asRun(x), now: NOW, user: () => "王芳", coalesceMs: 0 });
    await x.userEdit("客户信息", "D2", [["新联系人"]]); // a tracked edit first: one ChangeLog row (编辑)
    done(await applyHandover(asRun(x), CHOICE, { now: NOW, tracker }));
    await x.settle();
    await tracker.idle();
    await x.userEdit("客户信息", "E3", [["13800000000"]]);
    await tracker.idle();
    expect(rowsOf(x, "ChangeLog").map((r) => [r["字段"], r["原因"]])).toEqual([["联系人", "编辑"], ["负责人", "交接"], ["负责人", "交接"], ["负责人", "交接"], ["联系方式", "编辑"]]);
    const chain = await verifyLog(x);
    expect({ ok: chain.ok, chained: chain.chained }).toEqual({ ok: true, chained: 5 });
    await tracker.stop();
  });
});

describe("a large handover on Excel on the web (5 MB per request, refused above)", () => {
  /** `n` customers of 张伟 with long names, on a double as strict as Excel on the web. */
  function bigBook(n: number): FakeExcel {
    const x = new FakeExcel({ ...WEB_LIMITS });
    x.addSheetWithRows("客户信息", [[...HEADERS, "负责人"], ...Array.from({ length: n }, (_v, k) => [...customer(k + 1, { 客户编号: `C2024${String(k + 1).padStart(7, "0")}`, 客户名称: `北京华信科技发展有限公司第${k + 1}分公司` }), "张伟"])], { tableName: "Customers" });
    return x;
  }

  it("12,000 customers: read and written in requests under the bound, the log first; every row logged, the chain whole", async () => {
    const n = 12_000;
    const x = bigBook(n);
    // Without the web's budget this handover is one request of some 6.8 MB, which Excel on the web refuses.
    const d = done(await applyHandover(asRun(x), { from: "张伟", to: "李娜", user: "测试员" }, { now: NOW, requestBudget: WEB_READ_BUDGET }));
    expect(d.customers).toHaveLength(n);
    expect(owners(x).every((o) => o === "李娜")).toBe(true);
    expect(x.tableRows("ChangeLog")).toHaveLength(n);
    expect(x.tableRows(x.tables.find((t) => t.sheet.name === d.sheet)!.name)).toHaveLength(n);
    const chain = await verifyLog(x);
    expect({ ok: chain.ok, chained: chain.chained }).toEqual({ ok: true, chained: n });
  });

  it("the same handover without the budget is refused by the web's bound (what the budget is for)", async () => {
    const x = bigBook(12_000);
    await expect(applyHandover(asRun(x), { from: "张伟", to: "李娜", user: "测试员" }, { now: NOW })).rejects.toThrow(/RequestPayloadSizeLimitExceeded/);
  });
});

describe("the 校验 chain across every writer", () => {
  it("fixes, tracker bursts, a restored id and a handover on one workbook: one chain that verifies, every row covered", async () => {
    const x = new FakeExcel({ apiWritesFireEvents: true });
    x.addSheetWithRows("客户信息", [[...HEADERS, "负责人"], ...BAD_ROWS.slice(1).map((r, i) => [...r, OWNERS[i]])], { tableName: "Customers" });
    const tracker = await ChangeTracker.start({ run: asRun(x), now: NOW, user: () => "王芳", coalesceMs: 0 });
    await x.userEdit("客户信息", "D2", [["新联系人"]]);
    await tracker.idle();
    await applyFixes(asRun(x), { asOf: AS_OF, now: NOW, user: "李会计", tracker });
    await x.settle();
    await x.userEdit("客户信息", "A3", [["C20240315099"]]);
    await tracker.restoreCustomerId(3);
    done(await applyHandover(asRun(x), CHOICE, { now: NOW, tracker }));
    await x.settle();
    await x.userEdit("客户信息", "E4", [["13956781235"]]);
    await tracker.idle();
    expect(rowsOf(x, "ChangeLog").map((r) => r["原因"])).toEqual(["编辑", "修正", "修正", "编辑", "恢复", "交接", "交接", "交接", "编辑"]);
    const chain = await verifyLog(x);
    expect({ ok: chain.ok, chained: chain.chained, uncovered: chain.uncovered, problems: chain.problems }).toEqual({ ok: true, chained: 9, uncovered: null, problems: [] });
    await tracker.stop();
  });
});

describe("the 校验 column on a ChangeLog written before it (SPEC §10.5c upgrade)", () => {
  /** A log of `n` rows written before the 校验 column existed (no such header). */
  function oldLog(x: FakeExcel, n: number): void {
    x.addSheetWithRows(CHANGELOG.sheet, [LOG_HEADERS.slice(0, 8), ...Array.from({ length: n }, (_v, i) => [`2026-10-0${i + 1} 09:00:00`, "Customers", "C20240315002", "联系人", `甲${i}`, `乙${i}`, "编辑", "王芳"])], { tableName: "ChangeLog" });
  }

  it("a handover adds the column, the chain starts at its first row (the rows above stay uncovered), and says so once", async () => {
    const x = workbook();
    oldLog(x, 2);
    const heard: ChainStart[] = [];
    const stop = onChainStart((s) => heard.push(s));
    try {
      const first = done(await applyHandover(asRun(x), CHOICE, { now: NOW }));
      expect(first.chainStart).toEqual({ sheet: CHANGELOG.sheet, row: 4, uncovered: 2, columnAdded: true });
      expect(x.table("ChangeLog")!.headers).toEqual(LOG_HEADERS);
      const chain = await verifyLog(x);
      expect({ ok: chain.ok, chained: chain.chained, chainStartRow: chain.chainStartRow, uncovered: chain.uncovered }).toEqual({ ok: true, chained: 3, chainStartRow: 4, uncovered: { count: 2, firstRow: 2, lastRow: 3 } });
      // The old rows keep what they held; the new ones carry 1:…, 2:…, 3:….
      expect(x.tableRows("ChangeLog").map((r) => String(r[8]).split(":")[0])).toEqual(["", "", "1", "2", "3"]);
      // The next write continues the chain and says nothing more.
      done(await applyHandover(asRun(x), { from: "李娜", to: "王芳", user: "测试员" }, { now: NOW }));
      expect(heard).toEqual([first.chainStart]);
      const after = await verifyLog(x);
      expect({ ok: after.ok, chained: after.chained }).toEqual({ ok: true, chained: 7 });
    } finally {
      stop();
    }
  });

  it("a tracker burst adds it the same way, announced once after its write", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", [HEADERS, customer(1), customer(2)], { tableName: "Customers" });
    oldLog(x, 3);
    const heard: ChainStart[] = [];
    const stop = onChainStart((s) => heard.push(s));
    try {
      const tracker = await ChangeTracker.start({ run: asRun(x), now: NOW, user: () => "王芳", coalesceMs: 0 });
      await x.userEdit("客户信息", "D2", [["丙"]]);
      await x.userEdit("客户信息", "D3", [["丁"]]);
      await tracker.idle();
      expect(heard).toEqual([{ sheet: CHANGELOG.sheet, row: 5, uncovered: 3, columnAdded: true }]);
      const chain = await verifyLog(x);
      expect({ ok: chain.ok, chained: chain.chained, chainStartRow: chain.chainStartRow }).toEqual({ ok: true, chained: 2, chainStartRow: 5 });
      await tracker.stop();
    } finally {
      stop();
    }
  });

  it("a log whose rows all carry 校验 (nothing uncovered) is continued without a word", async () => {
    const x = workbook();
    const rows: Cell[][] = [["2026-10-01 09:00:00", "Customers", "C20240315002", "联系人", "甲", "乙", "编辑", "王芳"]];
    const checks = await chainRows(null, rows, webCryptoSha256);
    x.addSheetWithRows(CHANGELOG.sheet, [LOG_HEADERS, [...rows[0], checks[0]]], { tableName: "ChangeLog" });
    const d = done(await applyHandover(asRun(x), CHOICE, { now: NOW }));
    expect(d.chainStart).toBeUndefined();
    expect(x.tableRows("ChangeLog").map((r) => String(r[8]).split(":")[0])).toEqual(["1", "2", "3", "4"]);
    expect((await verifyLog(x)).ok).toBe(true);
  });
});

describe("readHandoverCandidates (the pickers)", () => {
  it("every 负责人 and member of staff once, owners first with their customers, leavers marked", async () => {
    const x = workbook();
    expect(await readHandoverCandidates(asRun(x))).toEqual([
      { name: "张伟", customers: 3, onStaff: true, left: false },
      { name: "李娜", customers: 1, onStaff: true, left: false },
      { name: "王芳", customers: 1, onStaff: true, left: false },
      { name: "陈经理", customers: 0, onStaff: true, left: false },
      { name: "赵强", customers: 0, onStaff: true, left: true },
    ]);
    expect(x.writes).toEqual([]);
  });
});
