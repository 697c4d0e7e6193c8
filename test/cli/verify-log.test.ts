/** `custfile verify-log` (SPEC §10.5c) and log-tampered in `custfile validate`, on real .xlsx files written and edited here with SheetJS. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { nodeSha256 } from "../../src/cli/crypto";
import { chainRows } from "../../src/core/records/chain";
import type { Cell } from "../../src/core/table";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-verify-log-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

const LOG_HEADERS = ["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人", "校验"];
const CUSTOMERS: Cell[][] = [
  ["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期", "客户等级"],
  ["C20240315001", "北京华信科技有限公司", "王经理、李经理", "13956781234", "北京市海淀区中关村大街1号", "2024-03-15", "B类"],
];

/** Log entries (8 cells each) at 2026-11-0d 10:0m:00. */
function entries(n: number): Cell[][] {
  return Array.from({ length: n }, (_, i) => [`2026-11-0${1 + (i % 9)} 10:${String(10 + i).padStart(2, "0")}:00`, "Customers", "C20240315001", "联系方式", `1380000000${i}`, `1390000000${i}`, "修正", "李会计"]);
}

/** The log's rows (header first) with 校验 values; `legacy` rows before them were written before the 校验 column. */
async function logRows(n: number, legacy = 0): Promise<Cell[][]> {
  const old = entries(legacy).map((r) => [...r.map((c) => (typeof c === "string" ? c.replace("2026-11", "2026-10") : c)), null]);
  const rows = entries(n);
  const checks = await chainRows(null, rows, nodeSha256);
  return [LOG_HEADERS, ...old, ...rows.map((r, i) => [...r, checks[i]])];
}

/** Write a workbook; with `timeAsSerial`, 时间 cells become datetime serials with a date-time format (as Excel may turn them). */
function writeBook(name: string, log: Cell[][], opts: { timeAsSerial?: boolean } = {}): string {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(CUSTOMERS), "客户信息");
  const ws = XLSX.utils.aoa_to_sheet(log);
  if (opts.timeAsSerial) {
    for (let r = 1; r < log.length; r++) {
      const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(String(log[r][0]));
      if (!m) continue;
      const serial = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 86400000 + 25569;
      ws[XLSX.utils.encode_cell({ r, c: 0 })] = { t: "n", v: serial, z: "yyyy-mm-dd hh:mm:ss" };
    }
  }
  XLSX.utils.book_append_sheet(book, ws, "变更记录");
  const file = path.join(scratch, name);
  fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  return file;
}

/** Open a file, change the 变更记录 rows with `edit`, save under a new name (what a person does in a spreadsheet program). */
function editLog(source: string, name: string, edit: (rows: Cell[][]) => Cell[][]): string {
  const book = XLSX.read(fs.readFileSync(source), { type: "buffer" });
  const rows = XLSX.utils.sheet_to_json<Cell[]>(book.Sheets["变更记录"], { header: 1, defval: null, raw: true });
  book.Sheets["变更记录"] = XLSX.utils.aoa_to_sheet(edit(rows));
  const file = path.join(scratch, name);
  fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  return file;
}

async function run(...args: string[]) {
  const o = io();
  const code = await main(args, o);
  return { code, ...o };
}

describe("custfile verify-log", () => {
  let intact: string;
  beforeAll(async () => {
    intact = writeBook("intact.xlsx", await logRows(12));
  });

  it("an untouched log: exit 0, the chain holds for N rows, the head is printed; the file is not changed", async () => {
    const before = fs.readFileSync(intact);
    const r = await run("verify-log", intact);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("校验链完整，12 行");
    expect(r.stdout).toMatch(/链首：第 13 行，校验 12:[0-9a-f]{64}/);
    expect(fs.readFileSync(intact).equals(before)).toBe(true);
    const en = await run("verify-log", intact, "--lang", "en-US");
    expect(en.stdout).toContain("holds for 12 rows");
  });

  it("--json: ok, counts and head", async () => {
    const r = await run("verify-log", intact, "--json");
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, sheet: "变更记录", rows: 12, chained: 12, chainStartRow: 2, uncovered: null, problems: [], reordered: false });
    expect(j.head).toMatchObject({ row: 13, seq: 12 });
  });

  it("时间 read back as a datetime serial (as Excel may store it) still verifies", async () => {
    const file = writeBook("serial-time.xlsx", await logRows(5), { timeAsSerial: true });
    const r = await run("verify-log", file, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, chained: 5 });
  });

  it("one edited cell: exit 1, broken at that row, edited", async () => {
    const file = editLog(intact, "edited.xlsx", (rows) => rows.map((r, i) => (i === 5 ? r.map((c, j) => (j === 4 ? "13800000099" : c)) : r)));
    const r = await run("verify-log", file, "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems.map((p: { row: number; kind: string }) => [p.row, p.kind])).toEqual([[6, "edited"]]);
    const text = await run("verify-log", file);
    expect(text.stdout).toContain("校验链在第 6 行断开");
    expect(text.stdout).toContain("写入后被修改");
  });

  it("one deleted row: exit 1, broken at the row now in its place, deleted", async () => {
    const file = editLog(intact, "deleted.xlsx", (rows) => rows.filter((_, i) => i !== 7));
    const r = await run("verify-log", file, "--json");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.problems.map((p: { row: number; kind: string; seq: number }) => [p.row, p.kind, p.seq])).toEqual([[8, "deleted", 7]]);
    expect(j.problems[0].message).toContain("缺少第 7 条");
  });

  it("one inserted row: exit 1, broken at the inserted row, inserted", async () => {
    const typed: Cell[] = ["2026-11-05 11:00:00", "Customers", "C20240315001", "联系人", "王经理", "赵经理", "编辑", "某人", null];
    const file = editLog(intact, "inserted.xlsx", (rows) => [...rows.slice(0, 4), typed, ...rows.slice(4)]);
    const r = await run("verify-log", file, "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems.map((p: { row: number; kind: string }) => [p.row, p.kind])).toEqual([[5, "inserted"]]);
  });

  it("an old log upgraded: rows before the 校验 column are not covered, and that is said; exit 0", async () => {
    const file = writeBook("upgraded.xlsx", await logRows(3, 4));
    const r = await run("verify-log", file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("校验链完整，3 行（共 7 行记录）");
    expect(r.stdout).toContain("第 2–5 行（4 行）写于校验列启用之前");
    const noColumn = writeBook("no-column.xlsx", [LOG_HEADERS.slice(0, 8), ...entries(3)]);
    const n = await run("verify-log", noColumn, "--lang", "en-US");
    expect(n.code).toBe(0);
    expect(n.stdout).toContain("has no 校验 column");
  });

  it("--head: rows cut from the end are found against a head noted earlier", async () => {
    const head = JSON.parse((await run("verify-log", intact, "--json")).stdout).head.check as string;
    const cut = editLog(intact, "cut.xlsx", (rows) => rows.slice(0, 10));
    expect((await run("verify-log", cut)).code).toBe(0);
    const r = await run("verify-log", cut, "--head", head, "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems[0]).toMatchObject({ kind: "head-missing", seq: 12 });
    expect((await run("verify-log", intact, "--head", head)).code).toBe(0);
  });

  it("exit 2: a missing file, a file that is not a workbook, a workbook without a change log, a bad --head", async () => {
    expect((await run("verify-log", path.join(scratch, "nope.xlsx"))).code).toBe(2);
    const junk = path.join(scratch, "junk.xlsx");
    fs.writeFileSync(junk, "not a workbook");
    expect((await run("verify-log", junk)).code).toBe(2);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(CUSTOMERS), "客户信息");
    const noLog = path.join(scratch, "no-log.xlsx");
    fs.writeFileSync(noLog, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    const r = await run("verify-log", noLog);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no 变更记录 (ChangeLog)");
    expect((await run("verify-log", intact, "--head", "abc")).code).toBe(2);
    expect((await run("verify-log")).code).toBe(2);
  });

  it("custfile validate reports log-tampered at the first broken row (exit 1), and nothing for an intact log", async () => {
    const file = editLog(intact, "validate-edited.xlsx", (rows) => rows.map((r, i) => (i === 3 ? r.map((c, j) => (j === 7 ? "别人" : c)) : r)));
    const r = await run("validate", file, "--json", "--as-of", "2026-12-31");
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings.filter((x: { code: string }) => x.code === "log-tampered");
    expect(f.map((x: { sheet: string; row: number; cell: string }) => [x.sheet, x.row, x.cell])).toEqual([["变更记录", 4, "I4"]]);
    const ok = await run("validate", intact, "--json", "--as-of", "2026-12-31");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).findings.filter((x: { code: string }) => x.code === "log-tampered")).toEqual([]);
  });
});
