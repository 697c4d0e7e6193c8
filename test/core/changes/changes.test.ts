import fc from "fast-check";
import {
  Baseline, KEY_FIELDS, LOCKED_ID_INDEX, MAX_CHUNK_CHARS, ROWS_PER_CHUNK, applyBurst, applyOwnWrite, baselineRowFrom,
  blocksToRead, finalRows, keyFieldColumns, logTime, parseRows, pendingIdChanges, reconcileRows, serializeRows,
  type ApplyContext, type BaselineRow, type TableChange,
} from "../../../src/core/changes";
import type { Cell } from "../../../src/core/table";

// Table columns as a user's sheet may have them: extra columns, aliases, another order.
const HEADERS: Cell[] = ["客户编号", "客户名称", "客户类型", "Contact", "联系方式", "电子邮箱", "地址(省市区)", "客户等级", "信用额度"];
const COLUMNS = keyFieldColumns(HEADERS);
const ctx: ApplyContext = { time: "2026-11-24 10:00:00", user: "王芳", table: "Customers", firstDataSheetRow: 2, columns: COLUMNS };

function customer(i: number): Cell[] {
  return [`C20240315${String(i).padStart(3, "0")}`, `客户${i}有限公司`, "企业", `联系人${i}`, `1380000${String(i).padStart(4, "0")}`, `c${i}@example.com`, "北京市海淀区", "A类", 10000 + i];
}

function baselineOf(rows: Cell[][]): Baseline {
  return Baseline.fromRows(rows.map((r) => baselineRowFrom(r, COLUMNS)));
}

const edit = (firstRow: number, rowCount: number, firstColumn: number, columnCount: number, remote = false): TableChange => ({ kind: "edit", firstRow, rowCount, firstColumn, columnCount, remote });

describe("key field columns", () => {
  it("maps columns by header text and alias, not by position", () => {
    expect(COLUMNS).toEqual(["customerId", "name", null, "contact", "phone", "email", "address", "grade", "creditLimit"]);
    expect(keyFieldColumns(["Phone", "Customer ID", "备注"])).toEqual(["phone", "customerId", null]);
  });
});

describe("baseline serialisation", () => {
  it("round-trips rows, including the control characters used as separators", () => {
    const rows: BaselineRow[] = [["C1", "a\u001fb", "c\u001ed", "e\u001bf", "", "", "", "", "C1"]];
    expect(parseRows(serializeRows(rows))).toEqual(rows);
  });
  it("round-trips any text (property)", () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string(), { minLength: KEY_FIELDS.length + 1, maxLength: KEY_FIELDS.length + 1 }), { minLength: 1, maxLength: 5 }), (rows) => {
      expect(parseRows(serializeRows(rows))).toEqual(rows);
    }));
  });
  it("rejects a chunk that is not a baseline with a message naming the row", () => {
    expect(() => parseRows("a\u001fb")).toThrow(/chunk row 1 has 2 fields/);
    expect(() => Baseline.load("something else", () => "")).toThrow(/expected custfile-baseline\/1/);
  });
});

describe("baseline chunks", () => {
  const rows = (n: number) => Array.from({ length: n }, (_v, i) => baselineRowFrom(customer(i), COLUMNS));

  it("persists everything at first, then only the chunks a change touched", () => {
    const b = Baseline.fromRows(rows(1000));
    const first = b.takeWrite();
    expect(first.slots).toHaveLength(Math.ceil(1000 / ROWS_PER_CHUNK));
    expect(b.hasChanges).toBe(false);
    b.set(450, baselineRowFrom(customer(9999), COLUMNS));
    const second = b.takeWrite();
    expect(second.slots.map((s) => s.slot)).toEqual([2]);
  });

  it("loads what it wrote, after inserts and removals", () => {
    const b = Baseline.fromRows(rows(700));
    const store = new Map<number, string>();
    const persist = () => { const w = b.takeWrite(); w.slots.forEach((s) => store.set(s.slot, s.text)); w.freedSlots.forEach((s) => store.delete(s)); return w.directory; };
    persist();
    b.insert(10, rows(500)); // grows chunk 0 past twice its size: it splits
    b.remove(300, 250);
    b.remove(0, 5);
    const directory = persist();
    const loaded = Baseline.load(directory, (slot) => store.get(slot) ?? "");
    expect(loaded.rows()).toEqual(b.rows());
    expect(loaded.length).toBe(700 + 500 - 255);
  });

  it("splits a chunk whose text would exceed a cell's limit", () => {
    const long = baselineRowFrom(customer(1), COLUMNS);
    long[5] = "地".repeat(5000);
    const b = Baseline.fromRows(Array.from({ length: 20 }, () => [...long]));
    const w = b.takeWrite();
    expect(w.slots.length).toBeGreaterThan(1);
    for (const s of w.slots) expect(s.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
  });

  it("frees the slot of an emptied chunk and reuses it", () => {
    const b = Baseline.fromRows(rows(400));
    b.takeWrite();
    b.remove(0, 200);
    const w = b.takeWrite();
    expect(w.freedSlots).toEqual([0]);
    b.insert(200, rows(401));
    expect(b.takeWrite().slots.map((s) => s.slot)).toContain(0);
  });
});

describe("burst positions", () => {
  it("maps an edit's rows through later inserts and deletes of the same burst", () => {
    const changes: TableChange[] = [
      edit(5, 3, 0, 1),
      { kind: "insert", firstRow: 0, rowCount: 2, firstColumn: 0, columnCount: 9, remote: false },
      { kind: "delete", firstRow: 8, rowCount: 1, firstColumn: 0, columnCount: 9, remote: false },
    ];
    expect(finalRows(changes, 0)).toEqual([7, null, 8]);
    expect(blocksToRead(changes, 9)[0]).toEqual({ firstRow: 7, rowCount: 2, firstColumn: 0, columnCount: 1 });
    expect(blocksToRead(changes, 9)[1]).toEqual({ firstRow: 0, rowCount: 2, firstColumn: 0, columnCount: 9 });
    expect(blocksToRead(changes, 9)[2]).toBeNull();
  });
});

describe("applyBurst", () => {
  it("single-cell edit: logged as 编辑 with the value before", () => {
    const b = baselineOf([customer(1), customer(2)]);
    const r = applyBurst(b, [edit(1, 1, 4, 1)], [[["13900000000"]]], ctx);
    expect(r.entries).toEqual([{ time: ctx.time, table: "Customers", customerId: "C20240315002", field: "联系方式", before: "13800000002", after: "13900000000", reason: "编辑", user: "王芳" }]);
    expect(b.get(1)![3]).toBe("13900000000");
  });

  it("an edit that changes nothing and an edit outside the key columns log nothing", () => {
    const b = baselineOf([customer(1)]);
    expect(applyBurst(b, [edit(0, 1, 4, 1)], [[["13800000001"]]], ctx).entries).toEqual([]);
    expect(applyBurst(b, [edit(0, 1, 2, 1)], [[["个人"]]], ctx).entries).toEqual([]);
  });

  it("paste over several cells: 粘贴, only cells that differ", () => {
    const b = baselineOf([customer(1), customer(2), customer(3)]);
    const block: Cell[][] = [["联系人1", "13800000001"], ["张三", "13800000002"], ["李四", "021-12345678"]];
    const r = applyBurst(b, [edit(0, 3, 3, 2)], [block], ctx);
    expect(r.entries.map((e) => [e.customerId, e.field, e.before, e.after, e.reason])).toEqual([
      ["C20240315002", "联系人", "联系人2", "张三", "粘贴"],
      ["C20240315003", "联系人", "联系人3", "李四", "粘贴"],
      ["C20240315003", "联系方式", "13800000003", "021-12345678", "粘贴"],
    ]);
  });

  it("inserted rows enter the baseline and are logged as 新增", () => {
    const b = baselineOf([customer(1), customer(2)]);
    const r = applyBurst(b, [{ kind: "insert", firstRow: 1, rowCount: 1, firstColumn: 0, columnCount: 9, remote: false }], [[customer(7)]], ctx);
    expect(b.length).toBe(3);
    expect(b.get(1)![0]).toBe("C20240315007");
    expect(b.get(1)![LOCKED_ID_INDEX]).toBe("C20240315007");
    expect(r.entries).toHaveLength(8);
    expect(r.entries.every((e) => e.reason === "新增" && e.before === "" && e.customerId === "C20240315007")).toBe(true);
  });

  it("deleted rows are logged as 删除 with their last values", () => {
    const b = baselineOf([customer(1), customer(2), customer(3)]);
    const r = applyBurst(b, [{ kind: "delete", firstRow: 1, rowCount: 1, firstColumn: 0, columnCount: 9, remote: false }], [null], ctx);
    expect(b.length).toBe(2);
    expect(r.entries.map((e) => [e.field, e.before, e.after, e.reason])).toContainEqual(["联系人", "联系人2", "", "删除"]);
    expect(r.entries.every((e) => e.customerId === "C20240315002")).toBe(true);
  });

  it("immutable-id: a changed 客户编号 is logged and reported as an id change until restored", () => {
    const b = baselineOf([customer(1), customer(2)]);
    const r = applyBurst(b, [edit(1, 1, 0, 1)], [[["C20240315099"]]], ctx);
    expect(r.entries[0]).toMatchObject({ customerId: "C20240315002", field: "客户编号", before: "C20240315002", after: "C20240315099" });
    expect(r.idChanges).toEqual([{ sheetRow: 3, before: "C20240315002", after: "C20240315099" }]);
    expect(pendingIdChanges(b, 2)).toEqual(r.idChanges);
    // Another field of that row is still logged under the id it was saved with.
    expect(applyBurst(b, [edit(1, 1, 3, 1)], [[["赵六"]]], ctx).entries[0].customerId).toBe("C20240315002");
    const restore = applyOwnWrite(b, 1, "customerId", "C20240315002", { time: ctx.time, user: "", table: "Customers", reason: "恢复" });
    expect(restore).toMatchObject({ before: "C20240315099", after: "C20240315002", reason: "恢复" });
    expect(pendingIdChanges(b, 2)).toEqual([]);
  });

  it("an id typed into a row that had none is not an id change", () => {
    const b = baselineOf([["", "新客户", "企业", "", "", "", "", "", ""]]);
    const r = applyBurst(b, [edit(0, 1, 0, 1)], [[["C20240315010"]]], ctx);
    expect(r.idChanges).toEqual([]);
    expect(pendingIdChanges(b, 2)).toEqual([]);
  });

  it("sorted rows (whole key columns rewritten in another order) log nothing", () => {
    const rows = [customer(3), customer(1), customer(2)];
    const b = baselineOf(rows);
    const sorted = [customer(1), customer(2), customer(3)];
    const r = applyBurst(b, [edit(0, 3, 0, 9)], [sorted], ctx);
    expect(r.entries).toEqual([]);
    expect(r.idChanges).toEqual([]);
    expect(b.rows().map((x) => x[0])).toEqual(["C20240315001", "C20240315002", "C20240315003"]);
  });

  it("remote changes update the baseline and log nothing", () => {
    const b = baselineOf([customer(1)]);
    const r = applyBurst(b, [edit(0, 1, 3, 1, true)], [[["远程"]]], ctx);
    expect(r.entries).toEqual([]);
    expect(b.get(0)![2]).toBe("远程");
  });

  it("an edit followed by a delete of the same row in one burst logs the delete with the baseline values", () => {
    const b = baselineOf([customer(1), customer(2)]);
    const changes: TableChange[] = [edit(1, 1, 3, 1), { kind: "delete", firstRow: 1, rowCount: 1, firstColumn: 0, columnCount: 9, remote: false }];
    const r = applyBurst(b, changes, [null, null], ctx);
    expect(r.entries.every((e) => e.reason === "删除")).toBe(true);
    expect(b.length).toBe(1);
  });

  it("own writes update the baseline so the event they raise diffs to nothing", () => {
    const b = baselineOf([customer(1)]);
    const entry = applyOwnWrite(b, 0, "phone", "13812345678", { time: ctx.time, user: "", table: "Customers", reason: "修正" });
    expect(entry).toMatchObject({ field: "联系方式", before: "13800000001", after: "13812345678", reason: "修正" });
    expect(applyBurst(b, [edit(0, 1, 4, 1)], [[["13812345678"]]], ctx).entries).toEqual([]);
  });
});

describe("id marks in a burst", () => {
  it("an id change is reported at the row it is on after later inserts of the same burst", () => {
    const b = baselineOf([customer(1), customer(2)]);
    const changes: TableChange[] = [edit(1, 1, 0, 1), { kind: "insert", firstRow: 0, rowCount: 2, firstColumn: 0, columnCount: 9, remote: false }];
    const r = applyBurst(b, changes, [[["C20240315099"]], [customer(7), customer(8)]], ctx);
    expect(r.idChanges).toEqual([{ sheetRow: 5, before: "C20240315002", after: "C20240315099" }]);
    expect(pendingIdChanges(b, 2)).toEqual(r.idChanges);
  });

  it("typing the saved id back ends the id change and names the row whose mark can go", () => {
    const b = baselineOf([customer(1), customer(2)]);
    applyBurst(b, [edit(1, 1, 0, 1)], [[["C20240315099"]]], ctx);
    const r = applyBurst(b, [edit(1, 1, 0, 1)], [[["C20240315002"]]], ctx);
    expect(r.idChanges).toEqual([]);
    expect(r.idRestored).toEqual([3]);
    expect(pendingIdChanges(b, 2)).toEqual([]);
  });
});

describe("reconcileRows (changes made while custfile was not running)", () => {
  const rctx = { time: ctx.time, user: "", table: "Customers", firstDataSheetRow: 2 };
  const rowsOf = (list: Cell[][]) => list.map((r) => baselineRowFrom(r, COLUMNS));

  it("matches rows by id: a sort logs nothing; removed rows are 删除, added ones 新增, edits 编辑", () => {
    const b = baselineOf([customer(1), customer(2), customer(3)]);
    const edited = customer(3);
    edited[3] = "新联系人";
    const r = reconcileRows(b, rowsOf([edited, customer(2), customer(9)]), rctx);
    expect(r.entries.filter((e) => e.reason === "编辑")).toEqual([{ time: ctx.time, table: "Customers", customerId: "C20240315003", field: "联系人", before: "联系人3", after: "新联系人", reason: "编辑", user: "" }]);
    expect(r.entries.filter((e) => e.reason === "删除").map((e) => e.customerId)).toEqual(Array(8).fill("C20240315001"));
    expect(r.entries.filter((e) => e.reason === "新增").map((e) => e.customerId)).toEqual(Array(8).fill("C20240315009"));
    expect(b.rows().map((x) => x[0])).toEqual(["C20240315003", "C20240315002", "C20240315009"]);
  });

  it("an id changed in place between matched rows is an id change, and a pending one is kept", () => {
    const b = baselineOf([customer(1), customer(2), customer(3)]);
    applyBurst(b, [edit(2, 1, 0, 1)], [[["C20240315033"]]], ctx); // pending before the reopen
    const changed = customer(2);
    changed[0] = "C20240315022";
    const current = rowsOf([customer(1), changed, customer(3)]);
    current[2][0] = "C20240315033";
    const r = reconcileRows(b, current, rctx);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ customerId: "C20240315002", field: "客户编号", before: "C20240315002", after: "C20240315022", reason: "编辑" });
    expect(pendingIdChanges(b, 2)).toEqual([
      { sheetRow: 3, before: "C20240315002", after: "C20240315022" },
      { sheetRow: 4, before: "C20240315003", after: "C20240315033" },
    ]);
  });

  it("a pending id typed back while closed ends the id change", () => {
    const b = baselineOf([customer(1)]);
    applyBurst(b, [edit(0, 1, 0, 1)], [[["C20240315011"]]], ctx);
    const r = reconcileRows(b, rowsOf([customer(1)]), rctx);
    expect(r.idRestored).toEqual([2]);
    expect(pendingIdChanges(b, 2)).toEqual([]);
  });

  it("rewrites only the chunks whose rows changed", () => {
    const all = Array.from({ length: 1000 }, (_v, i) => customer(i));
    const b = baselineOf(all);
    b.takeWrite();
    const current = rowsOf(all);
    current[450][2] = "改";
    reconcileRows(b, current, rctx);
    expect(b.takeWrite().slots.map((s) => s.slot)).toEqual([2]);
  });
});

describe("logTime", () => {
  it("formats the time in Asia/Shanghai as YYYY-MM-DD HH:mm:ss", () => {
    expect(logTime(new Date("2026-11-24T02:03:04Z"))).toBe("2026-11-24 10:03:04");
  });
});
