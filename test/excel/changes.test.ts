/**
 * Change tracking in Excel (SPEC §2.5, issue 7) against the Excel test double: user edits,
 * pastes, inserts and deletes raise onChanged as Excel does (`userEdit`, `userInsertTableRows`,
 * `userDeleteTableRows`); the tracker diffs them against its baseline and appends ChangeLog rows.
 * Rows are asserted exactly (时间 · 表 · 客户编号 · 字段 · 变更前 · 变更后 · 原因 · 操作人).
 */
import { verifyChangeLog, webCryptoSha256 } from "../../src/core/records/chain";
import fc from "fast-check";
import { FakeExcel, type FakeContext, type FakeExcelOptions } from "../support/fake-excel";
import { timestampText } from "../../src/core/sheets";
import { ChangeTracker, CELLS_PER_SYNC, CHANGED_ID_FILL, type ChangeTrackerOptions } from "../../src/excel/changes";
import type { ExcelRun } from "../../src/excel/check";
import { BASELINE_SHEET } from "../../src/excel/baseline";
import { Baseline, baselineRowFrom, keyFieldColumns } from "../../src/core/changes";
import { validateWorkbook } from "../../src/core/validate";
import type { Cell } from "../../src/core/table";

const SHEET = "客户信息";
const TIME = "2026-11-24 10:00:00"; // logTime of NOW in Asia/Shanghai
const NOW = new Date("2026-11-24T02:00:00Z");
const USER = "王芳";
// Key columns plus two that are not tracked (客户类型, 开户日期), as a real sheet has them.
const HEAD = ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "电子邮箱", "地址(省市区)", "客户等级", "信用额度", "开户日期"];

function id(i: number): string {
  return `C20240315${String(i).padStart(3, "0")}`;
}

function customer(i: number): Cell[] {
  return [id(i), `客户${i}有限公司`, "企业", `联系人${i}`, `138${String(i).padStart(8, "0")}`, `c${i}@example.com`, "北京市海淀区中关村大街1号", "A类", 10000 + i, "2024-03-15"];
}

/** A workbook whose Customers table (header on row 1) holds customers 1..n. */
function workbook(n: number, options: FakeExcelOptions = {}): FakeExcel {
  const x = new FakeExcel(options);
  x.addSheetWithRows(SHEET, [HEAD, ...Array.from({ length: n }, (_v, k) => customer(k + 1))], { tableName: "Customers" });
  return x;
}

function track(x: FakeExcel, options: Partial<ChangeTrackerOptions> = {}): Promise<ChangeTracker> {
  return ChangeTracker.start({ run: x.run as unknown as ExcelRun, now: () => NOW, user: () => USER, coalesceMs: 0, ...options });
}

/**
 * ChangeLog rows as written (时间, an Excel date-time, read back as text), or [] when there is no
 * ChangeLog yet; without the 校验 column, whose chain `chainHolds` checks.
 */
function log(x: FakeExcel): Cell[][] {
  const t = x.table("ChangeLog");
  if (!t) return [];
  const time = t.headers.indexOf("时间");
  const check = t.headers.indexOf("校验");
  return x.tableRows("ChangeLog").map((r) => r.flatMap((v, i) => (i === check ? [] : [i === time ? timestampText(v) : v])));
}

/** Whether the ChangeLog's 校验 chain covers every row and holds (SPEC §10.5c). */
async function chainHolds(x: FakeExcel): Promise<boolean> {
  const t = x.table("ChangeLog");
  if (!t) return false;
  const result = await verifyChangeLog([{ sheet: t.sheet.name, tableName: "ChangeLog", firstRow: t.rect.row + 1, firstColumn: t.rect.col + 1, values: t.sheet.values(t.rect) }], webCryptoSha256);
  return result.ok && result.uncovered === null && result.chained === t.rect.rows - 1;
}

/**
 * An Excel.run that calls `each(context)` after every sync of a new context (Excel.run(context, …)
 * passes through, as a handler's removal needs).
 */
function wrapRun(x: FakeExcel, each: (context: FakeContext) => Promise<void> | void, before?: (context: FakeContext) => void): ExcelRun {
  return ((first: unknown, second?: unknown) => {
    if (typeof first !== "function") return x.run(first as FakeContext, second as (c: FakeContext) => Promise<unknown>);
    return x.run(async (context) => {
      const sync = context.sync.bind(context);
      context.sync = async () => {
        before?.(context);
        await sync();
        await each(context);
      };
      return (first as (c: FakeContext) => Promise<unknown>)(context);
    });
  }) as unknown as ExcelRun;
}

/** One expected ChangeLog row. */
function row(customerId: string, field: string, before: Cell, after: Cell, reason: string, user = USER): Cell[] {
  return [TIME, "Customers", customerId, field, before, after, reason, user];
}

/** The rows logged for a whole customer added (新增) or removed (删除): one per key field, values as logged. */
function customerRows(customerId: string, keyValues: Cell[], reason: "新增" | "删除"): Cell[][] {
  const headers = ["客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "地址(省市区)", "客户等级", "信用额度"];
  return headers.map((h, f) => (reason === "新增" ? row(customerId, h, "", keyValues[f], reason) : row(customerId, h, keyValues[f], "", reason)));
}

/** Syncs used by `fn`. */
async function syncsOf(x: FakeExcel, fn: () => Promise<unknown>): Promise<number> {
  const before = x.syncCount;
  await fn();
  return x.syncCount - before;
}

describe("change tracker: start", () => {
  it("snapshots the table into a very hidden baseline sheet and logs nothing, in 4 syncs", async () => {
    const x = workbook(3);
    const t = await track(x);
    expect(x.syncCount).toBe(4); // handler + baseline lookup, table shape, key columns, baseline write
    expect(log(x)).toEqual([]);
    expect(x.sheet(BASELINE_SHEET)!.visibility).toBe("VeryHidden");
    expect(String(x.valueAt(BASELINE_SHEET, "A1"))).toMatch(/^custfile-baseline\/1\n0$/);
    expect(t.pendingIdChanges()).toEqual([]);
    expect(x.table("Customers")!.changedHandlers).toHaveLength(1);
    await t.stop();
    expect(x.table("Customers")!.changedHandlers).toHaveLength(0);
  });
});

describe("change tracker: an edit while it starts", () => {
  it("an edit made after start read the table, before start finished, is logged", async () => {
    const x = workbook(3);
    let syncs = 0;
    let typed: Promise<void> | null = null;
    const run = wrapRun(x, () => {
      // The user types once start has built its baseline (its 4th sync writes it; an edit
      // before the tracker reads the table would be in the baseline).
      if (++syncs === 4) typed = x.userEdit(SHEET, "D2", [["开机时改"]]);
    });
    const t = await track(x, { run });
    await typed;
    await t.idle();
    expect(log(x)).toEqual([row(id(1), "联系人", "联系人1", "开机时改", "编辑")]);
  });
});

describe("change tracker: edits", () => {
  it("one edit: one ChangeLog row with the value before, in 2 syncs", async () => {
    const x = workbook(3);
    await track(x);
    const syncs = await syncsOf(x, () => x.userEdit(SHEET, "E3", [["13912345678"]]));
    expect(log(x)).toEqual([row(id(2), "联系方式", "13800000002", "13912345678", "编辑")]);
    // ChangeLog is made over its header and first rows (over a header alone Excel adds an empty first row).
    expect(x.writes.filter((w) => w.sheet === "变更记录")).toEqual([{ sheet: "变更记录", address: "A1:I2" }]);
    expect(await chainHolds(x)).toBe(true);
    // 时间 is an Excel date-time; the phones stay text (not numbers) in 变更前 / 变更后.
    expect(typeof x.valueAt("变更记录", "A2")).toBe("number");
    expect(x.formatAt("变更记录", "A2")).toBe("yyyy-mm-dd hh:mm:ss");
    expect([x.valueAt("变更记录", "E2"), x.formatAt("变更记录", "E2")]).toEqual(["13800000002", "@"]);
    expect(x.tableRows("Customers")[1][4]).toBe("13912345678");
    expect(syncs).toBe(2);
  });

  it("a 变更记录 sheet with the user's own notes and no ChangeLog table: the table starts below them, nothing is written over", async () => {
    const x = workbook(3);
    x.addSheetWithRows("变更记录", [["说明：本表记录客户信息变更"], ["2025 年以前的变更见纸质档案"]]);
    await track(x);
    await x.userEdit(SHEET, "E3", [["13912345678"]]);
    expect(log(x)).toEqual([row(id(2), "联系方式", "13800000002", "13912345678", "编辑")]);
    expect(x.valueAt("变更记录", "A1")).toBe("说明：本表记录客户信息变更");
    expect(x.valueAt("变更记录", "A2")).toBe("2025 年以前的变更见纸质档案");
    expect(x.valueAt("变更记录", "A3")).toBeNull();
    expect(x.valueAt("变更记录", "A4")).toBe("时间");
    expect(x.writes.filter((w) => w.sheet === "变更记录")).toEqual([{ sheet: "变更记录", address: "A4:I5" }]);
  });

  it("a second edit of the same cell logs the value the first one left", async () => {
    const x = workbook(3);
    await track(x);
    await x.userEdit(SHEET, "D2", [["张三"]]);
    await x.userEdit(SHEET, "D2", [["李四"]]);
    expect(log(x)).toEqual([row(id(1), "联系人", "联系人1", "张三", "编辑"), row(id(1), "联系人", "张三", "李四", "编辑")]);
  });

  it("edits of columns that are not key fields, and edits that change nothing, log nothing", async () => {
    const x = workbook(3);
    await track(x);
    await x.userEdit(SHEET, "C2", [["个人"]]);
    await x.userEdit(SHEET, "J2:J3", [["2024-03-16"], ["2024-03-17"]]);
    await x.userEdit(SHEET, "D3", [["联系人2"]]);
    expect(log(x)).toEqual([]);
  });

  it("操作人 is blank when no name is configured (Office gives add-ins none)", async () => {
    const x = workbook(2);
    await track(x, { user: undefined });
    await x.userEdit(SHEET, "H2", [["B类"]]);
    expect(log(x)).toEqual([row(id(1), "客户等级", "A类", "B类", "编辑", "")]);
  });

  it("numbers are logged as the text the baseline keeps", async () => {
    const x = workbook(2);
    await track(x);
    await x.userEdit(SHEET, "I3", [[50000]]);
    expect(log(x)).toEqual([row(id(2), "信用额度", "10002", "50000", "编辑")]);
  });

  it("writes ChangeLog columns by header, whatever their order in an existing ChangeLog table", async () => {
    const x = workbook(2);
    x.addSheetWithRows("变更记录", [["Customer ID", "字段", "时间", "变更后", "变更前", "原因", "备注", "操作人", "表"]], { tableName: "ChangeLog" });
    await track(x);
    await x.userEdit(SHEET, "B2", [["客户1股份有限公司"]]);
    // The log lacked 校验: the column is added after the user's, and the chain starts at this row.
    expect(x.tableRows("ChangeLog").map((r) => r.map((v, i) => (i === 2 ? timestampText(v) : v)))).toEqual([[id(1), "客户名称", TIME, "客户1股份有限公司", "客户1有限公司", "编辑", "", USER, "Customers", expect.stringMatching(/^1:[0-9a-f]{64}$/)]]);
    expect(await chainHolds(x)).toBe(true);
  });
});

describe("change tracker: paste", () => {
  it("a 1,000-cell paste (250 rows × 4 key columns) is read once and logged cell by cell as 粘贴, in 2 syncs", async () => {
    const x = workbook(300);
    await track(x);
    // Rows 2..251, columns D:G (联系人, 联系方式, 电子邮箱, 地址); every 10th row pasted unchanged.
    const block: Cell[][] = Array.from({ length: 250 }, (_v, k) => k % 10 === 0
      ? customer(k + 1).slice(3, 7)
      : [`新联系人${k + 1}`, `139${String(k + 1).padStart(8, "0")}`, `n${k + 1}@example.cn`, "上海市浦东新区世纪大道2号"]);
    const syncs = await syncsOf(x, () => x.userEdit(SHEET, "D2:G251", block));
    const rows = log(x);
    expect(rows).toHaveLength(225 * 4);
    expect(rows.slice(0, 4)).toEqual([
      row(id(2), "联系人", "联系人2", "新联系人2", "粘贴"),
      row(id(2), "联系方式", "13800000002", "13900000002", "粘贴"),
      row(id(2), "电子邮箱", "c2@example.com", "n2@example.cn", "粘贴"),
      row(id(2), "地址(省市区)", "北京市海淀区中关村大街1号", "上海市浦东新区世纪大道2号", "粘贴"),
    ]);
    expect(rows[rows.length - 1]).toEqual(row(id(250), "地址(省市区)", "北京市海淀区中关村大街1号", "上海市浦东新区世纪大道2号", "粘贴"));
    expect(rows.some((r) => r[2] === id(1) || r[2] === id(11))).toBe(false);
    expect(syncs).toBe(2);
  });

  it("a paste that reorders whole rows (a sort) logs nothing and keeps every id's values", async () => {
    const x = workbook(5);
    const t = await track(x);
    const sorted = [5, 4, 3, 2, 1].map(customer);
    await x.userEdit(SHEET, "A2:J6", sorted);
    expect(log(x)).toEqual([]);
    expect(t.pendingIdChanges()).toEqual([]);
    await x.userEdit(SHEET, "D2", [["改"]]);
    expect(log(x)).toEqual([row(id(5), "联系人", "联系人5", "改", "编辑")]);
  });
});

describe("change tracker: Excel's request limit (5 MB on the web)", () => {
  // The fake counts cells read or written per sync (syncLog); 50,000 cells of customer text stay
  // well under 5 MB, and a 12,000-row ChangeLog append (96,000 cells) in one request would not.
  // The allowance is for the ChangeLog header lookup and baseline chunk cells riding along.
  const MAX_CELLS_PER_SYNC = CELLS_PER_SYNC + 100;

  it("start reads only the key columns, in blocks under the limit", async () => {
    const x = workbook(20_000);
    await track(x);
    const reads = x.syncLog.filter((n) => n > 1000);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(20_000 * 9); // 8 key columns of 10, plus baseline text
    for (const n of x.syncLog) expect(n).toBeLessThanOrEqual(MAX_CELLS_PER_SYNC);
  });

  it("a 12,000-cell paste appends its ChangeLog rows over several requests", async () => {
    const x = workbook(3_000);
    await track(x);
    const block: Cell[][] = Array.from({ length: 3_000 }, (_v, k) => [`新${k}`, `139${String(k).padStart(8, "0")}`, `n${k}@example.cn`, "上海市浦东新区世纪大道2号"]);
    const first = x.syncLog.length;
    await x.userEdit(SHEET, "D2:G3001", block);
    expect(log(x)).toHaveLength(12_000);
    for (const n of x.syncLog.slice(first)) expect(n).toBeLessThanOrEqual(MAX_CELLS_PER_SYNC);
  });

  it("a paste over 100,000 cells is read in row blocks under the limit", async () => {
    const x = workbook(12_000);
    await track(x);
    const block: Cell[][] = Array.from({ length: 12_000 }, (_v, k) => customer(k + 1).map((v, c) => (c === 2 ? "个人" : v)));
    const first = x.syncLog.length;
    await x.userEdit(SHEET, "A2:J12001", block); // 120,000 cells, only 客户类型 changed
    expect(log(x)).toEqual([]);
    for (const n of x.syncLog.slice(first)) expect(n).toBeLessThanOrEqual(MAX_CELLS_PER_SYNC);
  });
});

describe("change tracker: a failed burst", () => {
  /**
   * Excel.run whose next sync throws after `failNextSync()`, as a lost connection does: before
   * Excel got the request (nothing applied), or with `applied`, after Excel did it (the answer was
   * lost). `skip` lets that many syncs through first.
   */
  function flaky(x: FakeExcel) {
    let fail: { skip: number; applied: boolean } | null = null;
    const failNow = (applied: boolean) => {
      if (!fail || fail.applied !== applied) return;
      if (fail.skip-- > 0) return;
      fail = null;
      throw new Error("GeneralException: the request failed");
    };
    const run = wrapRun(x, () => failNow(true), () => failNow(false));
    return { run, failNextSync: (options: { skip?: number; applied?: boolean } = {}) => { fail = { skip: options.skip ?? 0, applied: options.applied ?? false }; } };
  }

  it("is recovered at once: the table is reconciled and the change logged without waiting for another edit", async () => {
    const x = workbook(3);
    const errors: Error[] = [];
    const host = flaky(x);
    const t = await track(x, { run: host.run, onError: (e) => errors.push(e) });
    host.failNextSync(); // the read of the next burst
    await x.userEdit(SHEET, "E3", [["13912345678"]]);
    await t.idle();
    expect(errors.map((e) => e.message)).toEqual(["GeneralException: the request failed"]);
    expect(log(x)).toEqual([row(id(2), "联系方式", "13800000002", "13912345678", "编辑")]);
    // A second failure is reported and recovered the same way; no retry loop.
    host.failNextSync();
    await x.userEdit(SHEET, "D2", [["改"]]);
    await t.idle();
    expect(errors).toHaveLength(2);
    expect(log(x)[1]).toEqual(row(id(1), "联系人", "联系人1", "改", "编辑"));
    // The recovery rewrote the baseline (a failed write may have lost chunks): a reopen finds nothing.
    await t.stop();
    await track(x);
    expect(log(x)).toHaveLength(2);
  });

  it("a failed write of custfile's own is rejected and changes nothing (its ChangeLog row and the cell go in one request)", async () => {
    const x = workbook(3);
    const errors: Error[] = [];
    const host = flaky(x);
    const t = await track(x, { run: host.run, onError: (e) => errors.push(e) });
    host.failNextSync({ skip: 1 }); // the write, after the ChangeLog lookup
    await expect(t.writeCustomerCells([{ sheetRow: 3, field: "phone", value: "13912345678" }], "修正")).rejects.toThrow(/request failed/);
    expect(x.valueAt(SHEET, "E3")).toBe("13800000002");
    expect(log(x)).toEqual([]);
    await x.userEdit(SHEET, "D2", [["改"]]);
    expect(log(x)).toEqual([row(id(1), "联系人", "联系人1", "改", "编辑")]);
    expect(errors).toEqual([]);
  });

  it("a write of custfile's own that Excel did although the answer was lost: the cell is not lost from the log (logged again at the next burst)", async () => {
    const x = workbook(3);
    const host = flaky(x);
    const t = await track(x, { run: host.run });
    host.failNextSync({ skip: 1, applied: true });
    await expect(t.writeCustomerCells([{ sheetRow: 3, field: "phone", value: "13912345678" }], "修正")).rejects.toThrow(/request failed/);
    expect(x.valueAt(SHEET, "E3")).toBe("13912345678");
    expect(log(x)).toEqual([row(id(2), "联系方式", "13800000002", "13912345678", "修正")]);
    await x.userEdit(SHEET, "D2", [["改"]]);
    // The tracker could not know the write landed: the reconcile logs it once more rather than never.
    expect(log(x).slice(1)).toEqual([row(id(1), "联系人", "联系人1", "改", "编辑"), row(id(2), "联系方式", "13800000002", "13912345678", "编辑")]);
  });

  it("the whole baseline is written again after a failure", () => {
    const b = Baseline.fromRows(Array.from({ length: 450 }, (_v, i) => baselineRowFrom(customer(i), keyFieldColumns(HEAD))));
    b.takeWrite();
    b.markAllDirty();
    expect(b.takeWrite().slots.map((s) => s.slot)).toEqual([0, 1, 2]);
  });
});

describe("change tracker: sorts (Excel gives no values for them)", () => {
  it("a sort Excel raised no event for, then an edit: logged under the customer now on that row, nothing else", async () => {
    const x = workbook(5);
    await track(x);
    await x.userSort("Customers", 1, { descending: true }); // by 客户名称: customers 5,4,3,2,1
    expect(log(x)).toEqual([]);
    await x.userEdit(SHEET, "D2", [["排序后改"]]); // row 2 now holds customer 5
    expect(log(x)).toEqual([row(id(5), "联系人", "联系人5", "排序后改", "编辑")]);
    // The baseline follows the rows: a later edit of another moved row is right too, and a reopen finds nothing.
    await x.userEdit(SHEET, "E6", [["13700000001"]]); // customer 1
    expect(log(x)[1]).toEqual(row(id(1), "联系方式", "13800000001", "13700000001", "编辑"));
  });

  it("a sort raising onChanged of type Unknown reconciles the table: no ChangeLog rows", async () => {
    const x = workbook(5);
    const t = await track(x);
    await x.userSort("Customers", 1, { descending: true, changed: "Unknown" });
    await t.idle();
    expect(log(x)).toEqual([]);
    expect(t.pendingIdChanges()).toEqual([]);
    await t.stop();
    await track(x);
    expect(log(x)).toEqual([]);
  });

  it("where ExcelApi 1.10 is there, onRowSorted reconciles at once; the handler is removed with the others at stop", async () => {
    const x = workbook(5);
    const t = await track(x, { isSetSupported: (name, version) => name === "ExcelApi" && Number(version.split(".")[1]) <= 10 });
    expect(x.sheet(SHEET)!.rowSortedHandlers).toHaveLength(1);
    const before = x.syncCount;
    await x.userSort("Customers", 1, { descending: true });
    await t.idle();
    expect(x.syncCount).toBeGreaterThan(before); // reconciled on the event, not at the next edit
    expect(log(x)).toEqual([]);
    await x.userEdit(SHEET, "D3", [["改"]]); // customer 4
    expect(log(x)).toEqual([row(id(4), "联系人", "联系人4", "改", "编辑")]);
    await t.stop();
    expect(x.sheet(SHEET)!.rowSortedHandlers).toHaveLength(0);
    expect(x.table("Customers")!.changedHandlers).toHaveLength(0);
  });

  it("without ExcelApi 1.10 no onRowSorted handler is registered", async () => {
    const x = workbook(2);
    await track(x, { isSetSupported: () => false });
    expect(x.sheet(SHEET)!.rowSortedHandlers).toHaveLength(0);
  });
});

describe("change tracker: a table with fewer key columns", () => {
  it("a sort of a table without the optional key columns (电子邮箱, 信用额度) logs nothing", async () => {
    const x = new FakeExcel();
    const head = ["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "客户等级", "开户日期"];
    const short = (i: number) => [0, 1, 3, 4, 6, 7, 9].map((c) => customer(i)[c]);
    x.addSheetWithRows(SHEET, [head, ...[1, 2, 3].map(short)], { tableName: "Customers" });
    const t = await track(x);
    await x.userEdit(SHEET, "A2:G4", [3, 1, 2].map(short));
    expect(log(x)).toEqual([]);
    expect(t.pendingIdChanges()).toEqual([]);
    await x.userEdit(SHEET, "C2", [["改"]]);
    expect(log(x)).toEqual([row(id(3), "联系人", "联系人3", "改", "编辑")]);
  });
});

describe("change tracker: insert and delete", () => {
  it("an inserted customer enters the baseline (logged as 新增) and later edits of it are logged", async () => {
    const x = workbook(3);
    await track(x);
    await x.userInsertTableRows("Customers", 2, [customer(9)]); // before sheet row 3
    expect(log(x)).toEqual(customerRows(id(9), [id(9), "客户9有限公司", "联系人9", "13800000009", "c9@example.com", "北京市海淀区中关村大街1号", "A类", "10009"], "新增"));
    await x.userEdit(SHEET, "D3", [["新人"]]);
    await x.userEdit(SHEET, "D4", [["旧人"]]); // customer 2, moved down a row
    expect(log(x).slice(8)).toEqual([row(id(9), "联系人", "联系人9", "新人", "编辑"), row(id(2), "联系人", "联系人2", "旧人", "编辑")]);
  });

  it("a blank inserted row logs nothing; filling it in logs each typed cell", async () => {
    const x = workbook(2);
    await track(x);
    await x.userInsertTableRows("Customers", 3, [Array(HEAD.length).fill(null)]);
    expect(log(x)).toEqual([]);
    await x.userEdit(SHEET, "A4", [[id(3)]]);
    expect(log(x)).toEqual([row(id(3), "客户编号", "", id(3), "编辑")]);
  });

  it("a deleted customer is logged as 删除 with its last values (nothing vanishes without a trace)", async () => {
    const x = workbook(3);
    await track(x);
    await x.userEdit(SHEET, "E3", [["13700000000"]]);
    await x.userDeleteTableRows("Customers", 2, 1); // sheet row 3: customer 2
    expect(log(x).slice(1)).toEqual(customerRows(id(2), [id(2), "客户2有限公司", "联系人2", "13700000000", "c2@example.com", "北京市海淀区中关村大街1号", "A类", "10002"], "删除"));
    await x.userEdit(SHEET, "D3", [["新"]]); // now customer 3
    expect(log(x).slice(9)).toEqual([row(id(3), "联系人", "联系人3", "新", "编辑")]);
  });
});

describe("change tracker: immutable 客户编号", () => {
  it("an id change is logged, the cell marked, validation reports immutable-id, and restore puts the old id back", async () => {
    const x = workbook(3, { apiWritesFireEvents: true });
    const seen: number[] = [];
    const t = await track(x, { onIdChanges: (c) => seen.push(c.length) });
    await x.userEdit(SHEET, "A3", [["C20240315099"]]);
    expect(log(x)).toEqual([row(id(2), "客户编号", id(2), "C20240315099", "编辑")]);
    expect(x.fillAt(SHEET, "A3")).toBe(CHANGED_ID_FILL);
    expect(t.pendingIdChanges()).toEqual([{ sheetRow: 3, before: id(2), after: "C20240315099" }]);
    expect(seen[seen.length - 1]).toBe(1);

    // The validator turns the tracker's id changes into immutable-id errors at that cell.
    const report = validateWorkbook([{ sheet: SHEET, tableName: "Customers", firstRow: 1, firstColumn: 1, values: [HEAD, ...x.tableRows("Customers")] }], { asOf: "2026-11-24", knownIdChanges: t.pendingIdChanges() });
    const immutable = report.findings.filter((f) => f.code === "immutable-id");
    expect(immutable).toHaveLength(1);
    expect(immutable[0]).toMatchObject({ row: 3, column: "客户编号", severity: "error", value: "C20240315099", fix: id(2) });

    // Another field of that row is logged under the id it was saved with.
    await x.userEdit(SHEET, "D3", [["换人"]]);
    expect(log(x)[1]).toEqual(row(id(2), "联系人", "联系人2", "换人", "编辑"));

    await t.restoreCustomerId(3);
    await x.settle();
    await t.idle();
    expect(x.valueAt(SHEET, "A3")).toBe(id(2));
    expect(x.fillAt(SHEET, "A3")).toBeNull();
    expect(t.pendingIdChanges()).toEqual([]);
    expect(seen[seen.length - 1]).toBe(0);
    // The restore is logged once, by the restore, and its own change event adds nothing.
    expect(log(x)).toEqual([
      row(id(2), "客户编号", id(2), "C20240315099", "编辑"),
      row(id(2), "联系人", "联系人2", "换人", "编辑"),
      row(id(2), "客户编号", "C20240315099", id(2), "恢复"),
    ]);
    await expect(t.restoreCustomerId(3)).rejects.toThrow(/客户编号 has not changed/);
    await expect(t.restoreCustomerId(3)).rejects.toMatchObject({ code: "nothing-to-restore", data: { row: 3 } });
  });

  it("typing the old id back by hand ends the id change and clears the mark", async () => {
    const x = workbook(2);
    const t = await track(x);
    await x.userEdit(SHEET, "A2", [["C20240315077"]]);
    expect(x.fillAt(SHEET, "A2")).toBe(CHANGED_ID_FILL);
    await x.userEdit(SHEET, "A2", [[id(1)]]);
    expect(t.pendingIdChanges()).toEqual([]);
    expect(x.fillAt(SHEET, "A2")).toBeNull();
    expect(log(x)).toEqual([row(id(1), "客户编号", id(1), "C20240315077", "编辑"), row(id(1), "客户编号", "C20240315077", id(1), "编辑")]);
  });

  it("the mark lands on the row the changed id moved to when a later insert in the same burst shifts it", async () => {
    const x = workbook(3);
    const t = await track(x);
    await Promise.all([
      x.userEdit(SHEET, "A4", [["C20240315055"]]), // customer 3
      x.userInsertTableRows("Customers", 1, [customer(8)]), // customer 3 moves to row 5
    ]);
    expect(t.pendingIdChanges()).toEqual([{ sheetRow: 5, before: id(3), after: "C20240315055" }]);
    expect(x.valueAt(SHEET, "A5")).toBe("C20240315055");
    expect(x.fillAt(SHEET, "A5")).toBe(CHANGED_ID_FILL);
    expect(x.fillAt(SHEET, "A4")).toBeNull();
  });

  it("an id changed twice still restores the id the row was saved with", async () => {
    const x = workbook(2);
    const t = await track(x);
    await x.userEdit(SHEET, "A3", [["C20240315050"]]);
    await x.userEdit(SHEET, "A3", [["C20240315060"]]);
    expect(t.pendingIdChanges()).toEqual([{ sheetRow: 3, before: id(2), after: "C20240315060" }]);
    await t.restoreCustomerId(3);
    expect(x.valueAt(SHEET, "A3")).toBe(id(2));
  });
});

describe("change tracker: bursts", () => {
  it("edits that arrive together are handled as one burst: one read, one write (2 syncs), each logged", async () => {
    const x = workbook(5);
    await track(x);
    const syncs = await syncsOf(x, () => Promise.all([
      x.userEdit(SHEET, "D2", [["甲"]]),
      x.userEdit(SHEET, "E4", [["13600000000"]]),
      x.userEdit(SHEET, "F6", [["x@y.cn"]]),
    ]));
    expect(syncs).toBe(2);
    expect(log(x)).toEqual([
      row(id(1), "联系人", "联系人1", "甲", "编辑"),
      row(id(3), "联系方式", "13800000003", "13600000000", "编辑"),
      row(id(5), "电子邮箱", "c5@example.com", "x@y.cn", "编辑"),
    ]);
  });

  it("an edit followed in the same burst by an insert above it is read at the row it moved to", async () => {
    const x = workbook(4);
    await track(x);
    await Promise.all([
      x.userEdit(SHEET, "D4", [["丙"]]), // customer 3
      x.userInsertTableRows("Customers", 1, [customer(8), customer(9)]), // before sheet row 2: customer 3 moves to row 6
      x.userDeleteTableRows("Customers", 6, 1), // sheet row 7: customer 4
    ]);
    const rows = log(x);
    expect(rows[0]).toEqual(row(id(3), "联系人", "联系人3", "丙", "编辑"));
    expect(rows.filter((r) => r[6] === "新增").map((r) => r[2])).toEqual(Array(8).fill(id(8)).concat(Array(8).fill(id(9))));
    expect(rows.filter((r) => r[6] === "删除").map((r) => r[2])).toEqual(Array(8).fill(id(4)));
    await x.userEdit(SHEET, "D6", [["丁"]]);
    expect(log(x)[rows.length]).toEqual(row(id(3), "联系人", "丙", "丁", "编辑"));
  });

  it("an edit that arrives just as the queue runs dry is handled, not left in the queue", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows(SHEET, [HEAD.slice(0, 8), customer(1).slice(0, 8)], { tableName: "Customers" }); // no 信用额度 column
    const t = await track(x);
    // The refused write settles while the queue's last turn is ending; the edit raised right after must not be dropped.
    await expect(t.writeCustomerCells([{ sheetRow: 2, field: "creditLimit", value: 5 }], "修正")).rejects.toThrow(/no creditLimit column/);
    await x.userEdit(SHEET, "D2", [["改"]]);
    expect(log(x)).toEqual([row(id(1), "联系人", "联系人1", "改", "编辑")]);
  });

  it("many bursts in a row never interleave and lose nothing", async () => {
    const x = workbook(20);
    await track(x);
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 20 }, (_v, k) => x.userEdit(SHEET, `D${k + 2}`, [[`r${round}-${k}`]])));
    }
    const rows = log(x);
    expect(rows).toHaveLength(100);
    expect(rows[99]).toEqual(row(id(20), "联系人", "r3-19", "r4-19", "编辑"));
    expect(await chainHolds(x)).toBe(true); // each burst continues the 校验 chain from the row before
  });
});

describe("change tracker: reopen", () => {
  it("a new tracker on the same workbook picks up the persisted baseline, the pending id change, and keeps logging", async () => {
    const x = workbook(3);
    const first = await track(x);
    await x.userEdit(SHEET, "A4", [["C20240315088"]]);
    await x.userEdit(SHEET, "E2", [["13511112222"]]);
    await first.stop();

    let again!: ChangeTracker;
    expect(await syncsOf(x, async () => { again = await track(x); })).toBe(6); // + baseline directory and chunks
    expect(log(x)).toHaveLength(2); // nothing re-logged
    expect(again.pendingIdChanges()).toEqual([{ sheetRow: 4, before: id(3), after: "C20240315088" }]);
    await x.userEdit(SHEET, "E2", [["13533334444"]]);
    expect(log(x)[2]).toEqual(row(id(1), "联系方式", "13511112222", "13533334444", "编辑"));
    await again.restoreCustomerId(4);
    expect(log(x)[3]).toEqual(row(id(3), "客户编号", "C20240315088", id(3), "恢复"));
  });

  it("edits made while custfile was not running are logged at the next start, as 编辑 at the time they were found, with no 操作人 (nobody knows who)", async () => {
    const x = workbook(3);
    await (await track(x)).stop();
    x.sheet(SHEET)!.write(2, 3, [["离线改"]]); // D3, no event: nobody was listening
    x.sheet(SHEET)!.write(3, 0, [["C20240315066"]]); // A4
    const t = await track(x);
    expect(log(x)).toEqual([row(id(2), "联系人", "联系人2", "离线改", "编辑", ""), row(id(3), "客户编号", id(3), "C20240315066", "编辑", "")]);
    expect(x.fillAt(SHEET, "A4")).toBe(CHANGED_ID_FILL);
    expect(t.pendingIdChanges()).toEqual([{ sheetRow: 4, before: id(3), after: "C20240315066" }]);
  });

  it("rows added and removed while custfile was not running are matched by id: edits, 新增 and 删除 are logged, id changes kept", async () => {
    const x = workbook(4);
    const first = await track(x);
    await x.userEdit(SHEET, "A5", [["C20240315044"]]); // customer 4's id changed, still pending
    await first.stop();
    const sheet = x.sheet(SHEET)!;
    const customers = x.table("Customers")!;
    sheet.deleteRows(1, 1); // customer 1 gone
    customers.rect = { ...customers.rect, rows: customers.rect.rows - 1 };
    x.appendTableRows(customers, [customer(7), customer(8)]);
    sheet.write(1, 3, [["离线改"]]); // customer 2's 联系人 (now on row 2)
    const t = await track(x);
    const rows = log(x).slice(1);
    expect(rows.filter((r) => r[6] === "编辑")).toEqual([row(id(2), "联系人", "联系人2", "离线改", "编辑", "")]);
    expect(rows.filter((r) => r[6] === "删除").map((r) => r[2])).toEqual(Array(8).fill(id(1)));
    expect(rows.filter((r) => r[6] === "新增").map((r) => r[2])).toEqual(Array(8).fill(id(7)).concat(Array(8).fill(id(8))));
    expect(t.pendingIdChanges()).toEqual([{ sheetRow: 4, before: id(4), after: "C20240315044" }]);
  });
});

describe("change tracker: co-authors and custfile's own writes", () => {
  it("a remote change (a co-author's edit) updates the baseline and is not logged here", async () => {
    const x = workbook(2);
    await track(x);
    await x.userEdit(SHEET, "D2", [["远程改"]], "Remote");
    expect(log(x)).toEqual([]);
    await x.userEdit(SHEET, "D2", [["本地改"]]);
    expect(log(x)).toEqual([row(id(1), "联系人", "远程改", "本地改", "编辑")]);
  });

  it("two co-authoring sessions on one workbook: an edit is logged once, by the session that made it", async () => {
    const x = workbook(2);
    const mine = await track(x);
    const theirs = await track(x, { user: () => "李雷" });
    // Both trackers listen to the same table; Excel tells each session whose edit it was.
    const [toMine, toTheirs] = x.table("Customers")!.changedHandlers.splice(0);
    const edit = async (by: "mine" | "theirs", address: string, value: Cell) => {
      x.table("Customers")!.changedHandlers.splice(0, 2,
        (e: unknown) => toMine({ ...(e as object), source: by === "mine" ? "Local" : "Remote" }),
        (e: unknown) => toTheirs({ ...(e as object), source: by === "theirs" ? "Local" : "Remote" }));
      await x.userEdit(SHEET, address, [[value]]);
    };
    await edit("mine", "D2", "我改的");
    await edit("theirs", "D3", "他改的");
    expect(log(x)).toEqual([row(id(1), "联系人", "联系人1", "我改的", "编辑"), row(id(2), "联系人", "联系人2", "他改的", "编辑", "李雷")]);
    await Promise.all([mine.idle(), theirs.idle()]);
  });

  it("a remote ChangeLog row written by the co-author's session is not written again", async () => {
    const x = workbook(2);
    await track(x);
    await x.userEdit(SHEET, "D2", [["本地改"]]);
    await x.userEdit(SHEET, "E3", [["13600000000"]], "Remote");
    await x.userInsertTableRows("Customers", 3, [customer(5)], "Remote");
    await x.userDeleteTableRows("Customers", 1, 1, "Remote");
    expect(log(x)).toEqual([row(id(1), "联系人", "联系人1", "本地改", "编辑")]);
    await x.userEdit(SHEET, "E2", [["13600000001"]]); // customer 2, now first
    expect(log(x)[1]).toEqual(row(id(2), "联系方式", "13600000000", "13600000001", "编辑"));
  });

  it("custfile's own writes are logged once, by the writer, although Excel raises onChanged for them", async () => {
    const x = workbook(3, { apiWritesFireEvents: true });
    const t = await track(x);
    const syncs = await syncsOf(x, () => t.writeCustomerCells([{ sheetRow: 3, field: "phone", value: "138-0000-0002 " }, { sheetRow: 4, field: "grade", value: "B类" }], "修正"));
    expect(syncs).toBe(2); // ChangeLog lookup, then cells + ChangeLog rows + baseline
    await x.settle();
    await t.idle();
    expect(log(x)).toEqual([
      row(id(2), "联系方式", "13800000002", "138-0000-0002 ", "修正"),
      row(id(3), "客户等级", "A类", "B类", "修正"),
    ]);
    expect(x.valueAt(SHEET, "E3")).toBe("138-0000-0002 ");
    // A user edit afterwards is diffed against what custfile wrote.
    await x.userEdit(SHEET, "H4", [["C类"]]);
    expect(log(x)[2]).toEqual(row(id(3), "客户等级", "B类", "C类", "编辑"));
  });
});

describe("change tracker: any bursts (property)", () => {
  type Op =
    | { kind: "edit"; row: number; col: number; rows: number; cols: number; values: string[] }
    | { kind: "insert"; row: number; count: number; values: string[] }
    | { kind: "delete"; row: number; count: number };
  const pool = ["", "C20240315001", "C20240315002", "C20240315077", "张三", "李四", "13800000000", "北京市海淀区"];
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant("edit" as const), row: fc.nat(20), col: fc.nat(9), rows: fc.integer({ min: 1, max: 3 }), cols: fc.integer({ min: 1, max: 4 }), values: fc.array(fc.constantFrom(...pool), { minLength: 12, maxLength: 12 }) }),
    fc.record({ kind: fc.constant("insert" as const), row: fc.nat(20), count: fc.integer({ min: 1, max: 2 }), values: fc.array(fc.constantFrom(...pool), { minLength: 20, maxLength: 20 }) }),
    fc.record({ kind: fc.constant("delete" as const), row: fc.nat(20), count: fc.integer({ min: 1, max: 2 }) }),
  );

  /** Apply one user action at a place that exists now (positions taken modulo the table's size). */
  function apply(x: FakeExcel, o: Op): Promise<void> {
    const t = x.table("Customers")!;
    const n = t.rect.rows - 1;
    if (o.kind === "insert") {
      const at = 1 + (o.row % (n + 1));
      return x.userInsertTableRows("Customers", at, Array.from({ length: o.count }, (_v, k) => HEAD.map((_h, c) => o.values[(k * HEAD.length + c) % o.values.length] || null)));
    }
    if (n === 0) return Promise.resolve();
    const first = 1 + (o.row % n);
    if (o.kind === "delete") return x.userDeleteTableRows("Customers", first, Math.min(o.count, n + 1 - first));
    const rows = Math.min(o.rows, n + 1 - first);
    const col = o.col % HEAD.length;
    const cols = Math.min(o.cols, HEAD.length - col);
    const block = Array.from({ length: rows }, (_v, r) => Array.from({ length: cols }, (_w, c) => o.values[(r * cols + c) % o.values.length]));
    return x.userEdit(SHEET, `${String.fromCharCode(65 + col)}${first + 1}:${String.fromCharCode(65 + col + cols - 1)}${first + rows}`, block);
  }

  it("one action at a time: the log holds exactly the key cells that changed, with the values before and after", async () => {
    const keyHeaders = new Set(["客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "地址(省市区)", "客户等级", "信用额度"]);
    const text = (v: Cell) => (v === null || v === undefined ? "" : String(v));
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
      const x = workbook(4);
      await track(x);
      const expected: string[][] = [];
      for (const o of ops) {
        const before = x.tableRows("Customers").map((r) => r.map(text));
        await apply(x, o);
        const after = x.tableRows("Customers").map((r) => r.map(text));
        const n = before.length;
        if (o.kind === "insert") {
          const at = o.row % (n + 1);
          for (let k = 0; k < o.count; k++) HEAD.forEach((h, c) => { if (keyHeaders.has(h) && after[at + k][c] !== "") expected.push([h, "", after[at + k][c], "新增"]); });
        } else if (n > 0 && o.kind === "delete") {
          const first = o.row % n;
          for (let k = first; k < Math.min(n, first + o.count); k++) HEAD.forEach((h, c) => { if (keyHeaders.has(h) && before[k][c] !== "") expected.push([h, before[k][c], "", "删除"]); });
        } else if (n > 0 && o.kind === "edit") {
          const first = o.row % n;
          const col = o.col % HEAD.length;
          const rows = Math.min(o.rows, n - first);
          const cols = Math.min(o.cols, HEAD.length - col);
          for (let r = first; r < first + rows; r++) {
            for (let c = col; c < col + cols; c++) {
              if (keyHeaders.has(HEAD[c]) && before[r][c] !== after[r][c]) expected.push([HEAD[c], before[r][c], after[r][c], rows * cols === 1 ? "编辑" : "粘贴"]);
            }
          }
        }
      }
      // Blocks here never cover every key column, so rows pair by position and the order is exact.
      expect(log(x).map((r) => [String(r[3]), String(r[4]), String(r[5]), String(r[6])])).toEqual(expected);
    }), { numRuns: Number(process.env.CUSTFILE_PROPERTY_RUNS ?? 60) });
  });

  it("after any bursts of edits, pastes, inserts and deletes the persisted baseline is the table: a reopen finds nothing to log", async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), async (bursts) => {
      const x = workbook(4);
      const errors: Error[] = [];
      const first = await track(x, { onError: (e) => errors.push(e) });
      for (const burst of bursts) await Promise.all(burst.map((o) => apply(x, o)));
      await first.stop();
      expect(errors).toEqual([]);
      const logged = log(x).length;
      const again = await track(x);
      expect(log(x).slice(logged)).toEqual([]);
      // Every pending id change is a row whose id differs from one it was saved with, on the row it is on now.
      for (const c of again.pendingIdChanges()) expect(x.valueAt(SHEET, `A${c.sheetRow}`) ?? "").toBe(c.after);
      await again.stop();
    }), { numRuns: Number(process.env.CUSTFILE_PROPERTY_RUNS ?? 60) });
  });
});
