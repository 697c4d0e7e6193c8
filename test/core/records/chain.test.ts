/** SPEC §10.5c: the ChangeLog hash chain — canonical cells, chaining, and verification of every kind of tampering. */
import { createHash } from "node:crypto";
import {
  canonicalCell, chainCells, chainHead, chainRows, chainText, changeLogCells, parseCheck, verifyChain, verifyChangeLog, webCryptoSha256,
  CHAIN_KEYS, type ChainRow, type HashFn,
} from "../../../src/core/records/chain";
import { validateWorkbook } from "../../../src/core/validate";
import type { Cell, SheetBlock } from "../../../src/core/table";

const sha256: HashFn = (t) => createHash("sha256").update(t, "utf8").digest("hex");
const HEADERS = ["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人", "校验"];

/** n log rows (cells in CHAIN_KEYS order). */
function entries(n: number): Cell[][] {
  return Array.from({ length: n }, (_, i) => [`2026-11-${String(1 + (i % 28)).padStart(2, "0")} 10:${String(i % 60).padStart(2, "0")}:00`, "Customers", `C20240315${String(i + 1).padStart(3, "0")}`, "联系方式", `1380000${String(i).padStart(4, "0")}`, `1390000${String(i).padStart(4, "0")}`, "编辑", "王芳"]);
}

/** Chain rows at sheet rows 2… with their 校验 values. */
async function chained(n: number, before: Cell[][] = []): Promise<ChainRow[]> {
  const rows = entries(n);
  const checks = await chainRows(null, rows, sha256);
  return [...before.map((cells, i) => ({ row: 2 + i, cells, check: "" })), ...rows.map((cells, i) => ({ row: 2 + before.length + i, cells, check: checks[i] }))];
}

/** Renumber sheet rows after rows were removed or inserted. */
const renumber = (rows: ChainRow[]) => rows.map((r, i) => ({ ...r, row: 2 + i }));

describe("canonical cells", () => {
  it("时间 is the same text whether Excel gave a datetime serial or SheetJS the text", () => {
    // 2026-12-04 10:30:17 = serial 46360 + 37817 / 86400.
    const serial = 46360 + 37817 / 86400;
    expect(canonicalCell("time", serial)).toBe("2026-12-04 10:30:17");
    expect(canonicalCell("time", "2026-12-04 10:30:17")).toBe("2026-12-04 10:30:17");
    expect(canonicalCell("time", "2026-12-04T10:30:17")).toBe("2026-12-04 10:30:17");
    expect(canonicalCell("time", "2026-12-04 10:30")).toBe("2026-12-04 10:30:00");
    expect(canonicalCell("time", 46360)).toBe(canonicalCell("time", "2026-12-04"));
    // A serial a hair under the next second (floating point) rounds to it, across midnight too.
    expect(canonicalCell("time", 46360 + 86399.9999 / 86400)).toBe("2026-12-05 00:00:00");
  });

  it("numbers keep Excel's 15 significant digits; text, booleans and blanks are fixed forms", () => {
    expect(canonicalCell("before", 0.1 + 0.2)).toBe("0.3");
    expect(canonicalCell("before", 13812348000)).toBe("13812348000");
    expect(canonicalCell("before", "0012")).toBe("0012");
    expect(canonicalCell("before", true)).toBe("TRUE");
    expect(canonicalCell("before", null)).toBe("");
    expect(canonicalCell("before", "")).toBe("");
  });

  it("a chained row verifies whichever host read it back", async () => {
    const text = ["2026-12-04 10:30:17", "Customers", "C20240315001", "联系方式", "13800000000", "13900000000", "修正", "李会计"];
    const check = await chainCells(null, text, sha256);
    const asExcel = [46360 + 37817 / 86400, ...text.slice(1)];
    const r = await verifyChain([{ row: 2, cells: asExcel, check }], sha256);
    expect(r).toMatchObject({ ok: true, chained: 1 });
  });
});

describe("chaining (what the writers call)", () => {
  it("starts at 1 with an empty previous, then each 校验 covers the one before", async () => {
    const [a, b] = entries(2);
    const first = await chainCells(null, a, sha256);
    expect(first).toMatch(/^1:[0-9a-f]{64}$/);
    expect(first).toBe(`1:${sha256(chainText("", 1, a))}`);
    const second = await chainCells(first, b, sha256);
    expect(second).toBe(`2:${sha256(chainText(first, 2, b))}`);
    expect(await chainRows(null, [a, b], sha256)).toEqual([first, second]);
  });

  it("Web Crypto and node:crypto give the same 校验 (the add-in and the CLI share the chain)", async () => {
    const [a] = entries(1);
    expect(await chainCells(null, a, webCryptoSha256)).toBe(await chainCells(null, a, sha256));
  });

  it("changeLogCells puts an entry in CHAIN_KEYS order; chainHead finds the highest place even when sorted", async () => {
    expect(CHAIN_KEYS).toEqual(["time", "table", "customerId", "field", "before", "after", "reason", "user"]);
    expect(changeLogCells({ time: "t", table: "Customers", customerId: "C1", field: "联系人", before: "a", after: "b", reason: "交接", user: "u" })).toEqual(["t", "Customers", "C1", "联系人", "a", "b", "交接", "u"]);
    const rows = await chained(3);
    expect(chainHead([rows[2].check, rows[0].check, "", null, "junk", rows[1].check])).toBe(rows[2].check);
    expect(chainHead(["", null])).toBeNull();
    expect(parseCheck(rows[0].check)?.seq).toBe(1);
    expect(parseCheck("1:xyz")).toBeNull();
  });
});

describe("verifyChain", () => {
  it("an untouched chain holds for all its rows", async () => {
    const r = await verifyChain(await chained(20), sha256);
    expect(r).toMatchObject({ ok: true, chained: 20, chainStartRow: 2, uncovered: null, problems: [], reordered: false });
    expect(r.head).toMatchObject({ row: 21, seq: 20 });
  });

  it("an edited cell is reported at its row, and only there", async () => {
    const rows = await chained(10);
    rows[4] = { ...rows[4], cells: rows[4].cells.map((c, i) => (i === 5 ? "13999999999" : c)) };
    const r = await verifyChain(rows, sha256);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.row, p.kind, p.seq])).toEqual([[6, "edited", 5]]);
    expect(r.problems[0].message["zh-CN"]).toContain("第 6 行（第 5 条）写入后被修改");
  });

  it("a deleted row is reported at the row that now sits where it was", async () => {
    const rows = await chained(10);
    const r = await verifyChain(renumber([...rows.slice(0, 3), ...rows.slice(4)]), sha256);
    expect(r.problems.map((p) => [p.row, p.kind, p.seq])).toEqual([[5, "deleted", 4]]);
    expect(r.problems[0].message["en-US"]).toContain("lacks entry 4");
  });

  it("several deleted rows in a row are one gap; the first row deleted is found too", async () => {
    const rows = await chained(10);
    const r = await verifyChain(renumber([...rows.slice(0, 2), ...rows.slice(5)]), sha256);
    expect(r.problems.map((p) => [p.row, p.kind])).toEqual([[4, "deleted"]]);
    expect(r.problems[0].message["zh-CN"]).toContain("第 3–5 条");
    const noFirst = await verifyChain(renumber(rows.slice(1)), sha256);
    expect(noFirst.problems.map((p) => [p.row, p.kind, p.seq])).toEqual([[2, "deleted", 1]]);
  });

  it("an inserted row is reported at its row: without 校验, with a made-up one, or copying another row's", async () => {
    const rows = await chained(6);
    const typed: ChainRow = { row: 0, cells: entries(1)[0], check: "" };
    const blankCheck = await verifyChain(renumber([...rows.slice(0, 3), typed, ...rows.slice(3)]), sha256);
    expect(blankCheck.problems.map((p) => [p.row, p.kind])).toEqual([[5, "inserted"]]);
    const madeUp = await verifyChain(renumber([...rows.slice(0, 3), { ...typed, check: "abc" }, ...rows.slice(3)]), sha256);
    expect(madeUp.problems.map((p) => [p.row, p.kind])).toEqual([[5, "bad-check"]]);
    const copied = await verifyChain(renumber([...rows.slice(0, 3), { ...typed, check: rows[1].check }, ...rows.slice(3)]), sha256);
    expect(copied.problems.map((p) => [p.row, p.kind, p.seq])).toEqual([[5, "duplicate", 2]]);
  });

  it("a changed 校验 is told from an edited row: the next row no longer links to it", async () => {
    const rows = await chained(6);
    rows[2] = { ...rows[2], check: `3:${"0".repeat(64)}` };
    const r = await verifyChain(rows, sha256);
    expect(r.problems.map((p) => [p.row, p.kind])).toEqual([[4, "check-changed"]]);
  });

  it("a sorted log still verifies, in chain order, and says it was reordered", async () => {
    const rows = await chained(8);
    const r = await verifyChain(renumber([...rows].reverse()), sha256);
    expect(r).toMatchObject({ ok: true, chained: 8, reordered: true });
  });

  it("the upgrade rule: rows above the first 校验 are not covered, and said to be; the chain starts at the first new row", async () => {
    const r = await verifyChain(await chained(3, entries(4)), sha256);
    expect(r).toMatchObject({ ok: true, chained: 3, chainStartRow: 6, uncovered: { count: 4, firstRow: 2, lastRow: 5 } });
    const none = await verifyChain(entries(4).map((cells, i) => ({ row: 2 + i, cells, check: "" })), sha256);
    expect(none).toMatchObject({ ok: true, chained: 0, chainStartRow: null, uncovered: { count: 4 } });
  });

  it("rows removed from the end are found only against a head recorded earlier", async () => {
    const rows = await chained(6);
    const head = rows[5].check;
    const cut = rows.slice(0, 4);
    expect((await verifyChain(cut, sha256)).ok).toBe(true);
    const r = await verifyChain(cut, sha256, { expectHead: head });
    expect(r.problems.map((p) => [p.kind, p.seq])).toEqual([["head-missing", 6]]);
    expect((await verifyChain(rows, sha256, { expectHead: head })).ok).toBe(true);
  });

  it("blank rows are skipped; a fully cleared row shows as the entry it held going missing", async () => {
    const rows = await chained(5);
    rows[2] = { row: rows[2].row, cells: CHAIN_KEYS.map(() => null), check: "" };
    const r = await verifyChain(rows, sha256);
    expect(r.problems.map((p) => [p.row, p.kind, p.seq])).toEqual([[5, "deleted", 3]]);
  });
});

describe("verifyChangeLog over sheet blocks, and log-tampered in validation", () => {
  async function logBlock(n: number, opts: { headers?: string[] } = {}): Promise<SheetBlock> {
    const rows = entries(n);
    const checks = await chainRows(null, rows, sha256);
    const headers = opts.headers ?? HEADERS;
    const order = headers.map((h) => HEADERS.indexOf(h));
    const values: Cell[][] = [headers, ...rows.map((cells, i) => order.map((k) => (k === 8 ? checks[i] : cells[k])))];
    return { sheet: "变更记录", tableName: "ChangeLog", firstRow: 1, firstColumn: 1, values };
  }

  it("maps columns by header, wherever they sit", async () => {
    const shuffled = ["校验", "操作人", "字段", "时间", "表", "客户编号", "变更后", "变更前", "原因"];
    const r = await verifyChangeLog([await logBlock(5, { headers: shuffled })], sha256);
    expect(r).toMatchObject({ found: true, ok: true, chained: 5, rows: 5, checkColumn: 1, sheet: "变更记录" });
  });

  it("a log without the 校验 column holds for 0 rows and says it is not covered yet", async () => {
    const block = await logBlock(3);
    block.values = block.values.map((r) => r.slice(0, 8));
    const r = await verifyChangeLog([block], sha256);
    expect(r).toMatchObject({ found: true, ok: true, chained: 0, checkColumn: 0, rows: 3 });
    expect(r.notes[0]["zh-CN"]).toContain("没有「校验」列");
  });

  it("no ChangeLog at all: found = false", async () => {
    expect(await verifyChangeLog([{ sheet: "Sheet1", firstRow: 1, firstColumn: 1, values: [["x"]] }], sha256)).toMatchObject({ found: false, ok: true });
  });

  it("validateWorkbook turns a broken chain into one log-tampered error at the first broken row; an intact one adds nothing", async () => {
    const block = await logBlock(6);
    block.values[3] = block.values[3].map((c, i) => (i === 4 ? "改过" : c));
    block.values[6] = block.values[6].map((c, i) => (i === 5 ? "也改过" : c));
    const changeLog = await verifyChangeLog([block], sha256);
    const report = validateWorkbook([block], { asOf: "2026-12-31", changeLog });
    const f = report.findings.filter((x) => x.code === "log-tampered");
    expect(f.map((x) => [x.table, x.sheet, x.row, x.column, x.columnNumber, x.severity])).toEqual([["ChangeLog", "变更记录", 4, "校验", 9, "error"]]);
    expect(f[0].message["zh-CN"]).toContain("另有 1 处");
    expect(report.valid).toBe(false);
    const intact = await logBlock(6);
    expect(validateWorkbook([intact], { asOf: "2026-12-31", changeLog: await verifyChangeLog([intact], sha256) }).findings.filter((x) => x.code === "log-tampered")).toEqual([]);
  });
});
