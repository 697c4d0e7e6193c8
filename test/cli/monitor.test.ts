/** `custfile monitor` on real .xlsx files written here with SheetJS (SPEC §8.3). */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { historyCells, measureMonth } from "../../src/core/credit";
import { dayToExcelSerial, parseIsoDate } from "../../src/core/dates";
import type { Cell, SheetBlock } from "../../src/core/table";
import { CREDIT_HISTORY } from "../../src/core/template/tables";
import { readWorkbook } from "../../src/cli/xlsx";
import { HEAD, row } from "../core/credit/fixtures";
import { diffParts, elements, malformedParts, partText, parts, textOf } from "../support/xlsx-parts";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-monitor-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

function writeXlsx(name: string, sheets: Record<string, Cell[][]>): string {
  const book = XLSX.utils.book_new();
  for (const [sheet, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), sheet);
  const file = path.join(scratch, name);
  fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  return file;
}

// KEEP pays on time. LATE leaves 6,000 open, due 2026-07-15: 47 days past due at the end of August, 77 at the end of September.
// OVER was invoiced 30,000 on 2026-09-20 (due 2026-10-20) against a 信用额度 of 20,000: over its limit in September, not yet due.
const KEEP = "C20240101001", LATE = "C20240101002", OVER = "C20240101003";
const CUSTOMERS: Cell[][] = [
  ["客户编号", "客户名称", "负责人", "客户等级", "信用额度"],
  [KEEP, "北京甲科技有限公司", "王芳", "A类", 50_000], [LATE, "上海乙贸易有限公司", "李娜", "B类", 20_000], [OVER, "广州丙有限公司", "张伟", "B类", 20_000],
];
const paidRow = (id: string, no: string, month: number) => {
  const m = String(month).padStart(2, "0"), n = String(month + 1).padStart(2, "0");
  return row(id, no, `2026-${m}-10`, `2026-${n}-09`, 30, 10_000, `2026-${n}-09`, 10_000);
};
const PAYMENTS: Cell[][] = [
  HEAD,
  ...[1, 2, 3].map((m) => paidRow(KEEP, `K${m}`, m)),
  ...[1, 2, 3].map((m) => paidRow(LATE, `L${m}`, m)),
  row(LATE, "L4", "2026-06-15", "2026-07-15", 30, 6_000, null, null),
  ...[1, 2, 3].map((m) => paidRow(OVER, `O${m}`, m)),
  row(OVER, "O4", "2026-09-20", "2026-10-20", 30, 30_000, null, null),
];
const TODAY = "2026-10-08";

/** 信用月报 with the given months measured from the same payments (as custfile would have recorded them). */
function history(months: string[]): Cell[][] {
  const blocks: SheetBlock[] = [{ sheet: "客户信息", firstRow: 1, firstColumn: 1, values: CUSTOMERS }, { sheet: "回款记录", firstRow: 1, firstColumn: 1, values: PAYMENTS }];
  const keys = CREDIT_HISTORY.columns.map((c) => c.key);
  return [CREDIT_HISTORY.columns.map((c) => c.header), ...months.flatMap((m) => measureMonth(blocks, m, parseIsoDate(TODAY)!).rows.map((s) => historyCells(s, keys)))];
}

function workbook(name: string, months: string[] | Cell[][] = ["2026-07", "2026-08"]): string {
  const h = typeof months[0] === "string" ? history(months as string[]) : (months as Cell[][]);
  return writeXlsx(name, { 客户信息: CUSTOMERS, 回款记录: PAYMENTS, ...(h.length > 0 ? { 信用月报: h } : {}) });
}

describe("custfile monitor", () => {
  it("--json: {month, asOf, previous, customers, abnormalities, summary}; exit 1 when there are abnormalities", async () => {
    const o = io();
    expect(await main(["monitor", workbook("a.xlsx"), "--month", "2026-09", "--as-of", TODAY, "--json"], o)).toBe(1);
    const json = JSON.parse(o.stdout);
    expect(Object.keys(json)).toEqual(["month", "asOf", "previous", "customers", "abnormalities", "summary"]);
    expect(json).toMatchObject({ month: "2026-09", asOf: "2026-09-30", previous: "2026-08", customers: 3 });
    expect(json.abnormalities).toEqual([
      { id: OVER, name: "广州丙有限公司", owner: "张伟", rule: "newly-over-limit", before: 0, after: 30_000 },
      { id: LATE, name: "上海乙贸易有限公司", owner: "李娜", rule: "first-long-overdue", before: 0, after: 6_000 },
    ]);
    expect(json.summary).toEqual({ byRule: { "new-c": 0, "grade-down": 0, "newly-over-limit": 1, "overdue-up": 0, "dbt-up": 0, "first-long-overdue": 1 }, total: 2, alreadyRecorded: 0 });
    expect(o.stderr).toBe("");
  });

  it("prints the summary, one line per abnormality, the grades against last month and the aging", async () => {
    const o = io();
    expect(await main(["monitor", workbook("b.xlsx"), "--month", "2026-09", "--as-of", TODAY], o)).toBe(1);
    expect(o.stdout).toContain("信用异常报告 2026-09：截至 2026-09-30，对比 2026-08（信用月报）。");
    expect(o.stdout).toContain("客户 3 个；异常 2 条，涉及 2 个客户：新增C类 0，等级下降 0，新超信用额度 1，逾期金额大增 0，DBT上升 0，首次逾期超60天 1。");
    expect(o.stdout).toMatch(new RegExp(`新超信用额度\\s+${OVER}\\s+广州丙有限公司\\s+张伟\\s+未收 30,000 超过信用额度 20,000（上月未收 0）`));
    expect(o.stdout).toContain("grades: A类 2 (2026-08: 2), B类 1 (2026-08: 1), C类 0 (2026-08: 0), N 0 (2026-08: 0)");
    expect(o.stdout).toContain("aging: 未到期 30,000, 1-30天 0, 31-60天 0, 61-90天 6,000, 91-120天 0, 120天以上 0");
  });

  it("a month already recorded is measured anew against the month before it, and the output says it would be replaced", async () => {
    const o = io();
    expect(await main(["monitor", workbook("c.xlsx", ["2026-08", "2026-09"]), "--month", "2026-09", "--as-of", TODAY, "--json"], o)).toBe(1);
    expect(JSON.parse(o.stdout)).toMatchObject({ previous: "2026-08", summary: { total: 2, alreadyRecorded: 3 } });
    const t = io();
    await main(["monitor", workbook("c2.xlsx", ["2026-08", "2026-09"]), "--month", "2026-09", "--as-of", TODAY], t);
    expect(t.stdout).toContain("2026-09 已在信用月报中（3 行），记录本月时替换。");
  });

  it("no earlier month: nothing to compare, exit 0; the running month is measured at --as-of (default month = that of --as-of)", async () => {
    const o = io();
    expect(await main(["monitor", workbook("d.xlsx", []), "--as-of", TODAY, "--json"], o)).toBe(0);
    expect(JSON.parse(o.stdout)).toMatchObject({ month: "2026-10", asOf: TODAY, previous: null, customers: 3, abnormalities: [] });
  });

  it("月份 written as real Excel dates reads the same; an unreadable 信用月报 row is named on stderr (exit 1) and left out", async () => {
    const h = history(["2026-08"]);
    const dated = [h[0], ...h.slice(1).map((r) => [dayToExcelSerial(parseIsoDate(`${r[0]}-01`)!), ...r.slice(1)])];
    const a = io(), b = io();
    await main(["monitor", workbook("e1.xlsx", ["2026-08"]), "--month", "2026-09", "--as-of", TODAY, "--json"], a);
    await main(["monitor", workbook("e2.xlsx", dated), "--month", "2026-09", "--as-of", TODAY, "--json"], b);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
    const bad = [...h, ["上月", KEEP, 80, "A类", 0, 0, 0, 50_000, 10_000, 0]];
    const c = io();
    expect(await main(["monitor", workbook("e3.xlsx", bad), "--month", "2026-09", "--as-of", TODAY, "--json"], c)).toBe(1);
    expect(c.stderr).toContain("信用月报 row 5, 月份: '上月' is not a month (YYYY-MM); the row is left out of the comparison (and kept).");
  });

  it.each([
    ["a bad --month", ["--month", "2026-9"], /--month must be written YYYY-MM/],
    ["a month that has not begun", ["--month", "2026-11"], /2026-11 has not begun yet \(today is 2026-10-08\)/],
    ["a bad --as-of", ["--as-of", "2026-02-30"], /--as-of must be a real date/],
  ])("exit 2 on %s, with a message", async (_what, args, message) => {
    const o = io();
    expect(await main(["monitor", workbook("f.xlsx"), "--as-of", TODAY, ...args], o)).toBe(2);
    expect(o.stderr).toMatch(message);
    expect(o.stdout).toBe("");
  });

  it("exit 2 without a payment table; listed by custfile --help", async () => {
    const o = io();
    expect(await main(["monitor", writeXlsx("g.xlsx", { 客户信息: CUSTOMERS }), "--as-of", TODAY], o)).toBe(2);
    expect(o.stderr).toMatch(/No payment table/);
    const h = io();
    await main(["--help"], h);
    expect(h.stdout).toMatch(/monitor\s+monthly credit status/);
  });

  describe("--out records the month and writes the report sheet", () => {
    const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    const historyOf = (file: string) => readWorkbook(file).sheets.find((b) => b.sheet === "信用月报")!.values.filter((r) => r.some((c) => c !== null));
    const monthsOf = (file: string) => historyOf(file).slice(1).map((r) => `${r[0]} ${r[1]}`);

    it("a workbook without 信用月报 gets it from the template (an Excel table, protected), one row per customer; the report sheet has its tables and two native column charts", async () => {
      const file = workbook("o1.xlsx", []);
      const before = sha256(file);
      const out = path.join(scratch, "o1-out.xlsx");
      const o = io();
      expect(await main(["monitor", file, "--month", "2026-09", "--as-of", TODAY, "--out", out], o)).toBe(0);
      expect(sha256(file)).toBe(before);
      expect(o.stdout).toContain(`wrote ${out}: 2026-09 recorded in a new sheet 信用月报, 3 row(s); sheet 信用异常 2026-09 added, with 2 charts.`);
      expect(readWorkbook(out).sheets.map((b) => b.sheet)).toEqual(["客户信息", "回款记录", "信用月报", "信用异常 2026-09"]);
      expect(historyOf(out)[0]).toEqual(CREDIT_HISTORY.columns.map((c) => c.header));
      expect(monthsOf(out)).toEqual([`2026-09 ${KEEP}`, `2026-09 ${LATE}`, `2026-09 ${OVER}`]);
      const p = parts(out);
      expect(malformedParts(p)).toEqual([]);
      const tables = Object.keys(p).filter((k) => /^xl\/tables\//.test(k)).map((k) => elements(partText(p, k), "table")[0].name);
      expect(tables.sort()).toEqual(["CreditAbnormal202609", "CreditAging202609", "CreditGrades202609", "CreditHistory"]);
      const historySheet = Object.keys(p).filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k)).map((k) => partText(p, k)).find((x) => x.includes(">长期逾期金额<"))!;
      expect(elements(historySheet, "sheetProtection")).toHaveLength(1);
      const charts = Object.keys(p).filter((k) => /^xl\/charts\/chart\d+\.xml$/.test(k)).sort().map((k) => partText(p, k));
      expect(charts).toHaveLength(2);
      for (const c of charts) expect(elements(c, "barDir")[0].val).toBe("col");
      // No earlier month: the grade chart has this month only.
      expect(elements(charts[0], "ser")).toHaveLength(1);
      expect(charts[0]).toContain("<a:t>等级分布：2026-09</a:t>");
      expect(charts[1]).toContain("<a:t>未收金额账龄分布 2026-09</a:t>");
    });

    it("a month already recorded is replaced, not added again, and the output says so; recording it again gives the same 信用月报", async () => {
      const file = workbook("o2.xlsx", ["2026-08", "2026-09"]);
      const out = path.join(scratch, "o2-out.xlsx");
      const o = io();
      expect(await main(["monitor", file, "--month", "2026-09", "--as-of", TODAY, "--out", out], o)).toBe(1);
      expect(o.stdout).toContain("2026-09 原已在信用月报中（3 行），已由本次记录替换。");
      expect(o.stdout).toContain(`2026-09 recorded in 信用月报 (table CreditHistory), 3 row(s); the 3 row(s) recorded for 2026-09 before were replaced; sheet 信用异常 2026-09 added`);
      expect(monthsOf(out)).toEqual([KEEP, LATE, OVER].map((id) => `2026-08 ${id}`).concat([KEEP, LATE, OVER].map((id) => `2026-09 ${id}`)));
      // The report compares with 2026-08: two series in the grade chart (上月, 本月).
      const p = parts(out);
      const grades = Object.keys(p).filter((k) => /^xl\/charts\//.test(k)).map((k) => partText(p, k)).find((x) => /等级分布/.test(x))!;
      expect(elements(grades, "ser")).toHaveLength(2);
      expect(elements(grades, "grouping")[0].val).toBe("clustered");
      // The series are the 上月 and 本月 columns of the 等级分布 table, its 等级 column the categories.
      const report = readWorkbook(out).sheets.find((b) => b.sheet === "信用异常 2026-09")!.values;
      const h = report.findIndex((r) => r[0] === "等级" && r[1] === "上月" && r[2] === "本月") + 1;
      expect(report.slice(h, h + 4).map((r) => r.slice(0, 3))).toEqual([["A类", 2, 2], ["B类", 1, 1], ["C类", 0, 0], ["N", 0, 0]]);
      const at = (ref: string) => `'信用异常 2026-09'!${ref}`;
      expect(elements(grades, "f").map((f) => textOf(f))).toEqual([
        at(`$B$${h}`), at(`$A$${h + 1}:$A$${h + 4}`), at(`$B$${h + 1}:$B$${h + 4}`),
        at(`$C$${h}`), at(`$A$${h + 1}:$A$${h + 4}`), at(`$C$${h + 1}:$C$${h + 4}`),
      ]);

      const again = path.join(scratch, "o2-again.xlsx");
      const t = io();
      expect(await main(["monitor", out, "--month", "2026-09", "--as-of", TODAY, "--out", again], t)).toBe(1);
      expect(t.stdout).toContain("the 3 row(s) recorded for 2026-09 before were replaced; sheet 信用异常 2026-09 replaced");
      expect(historyOf(again)).toEqual(historyOf(out));
      expect(readWorkbook(again).sheets.map((b) => b.sheet)).toEqual(readWorkbook(out).sheets.map((b) => b.sheet));
      // Only 信用月报 and the report sheet change (and nothing is left over of the old report).
      const d = diffParts(parts(out), parts(again));
      expect(d.missing).toEqual([]);
      expect(d.added).toEqual([]);
    });

    it("the next month is compared with the month recorded in the copy; --json tells on stderr what was written", async () => {
      const first = path.join(scratch, "o3-1.xlsx");
      const second = path.join(scratch, "o3-2.xlsx");
      expect(await main(["monitor", workbook("o3.xlsx", ["2026-08"]), "--month", "2026-09", "--as-of", TODAY, "--out", first], io())).toBe(1);
      const o = io();
      await main(["monitor", first, "--month", "2026-10", "--as-of", TODAY, "--json", "--out", second], o);
      expect(JSON.parse(o.stdout)).toMatchObject({ month: "2026-10", previous: "2026-09", summary: { alreadyRecorded: 0 } });
      expect(o.stderr).toMatch(/^wrote .*o3-2\.xlsx: 2026-10 recorded in 信用月报 \(table CreditHistory\), 3 row\(s\); sheet 信用异常 2026-10 added/);
      expect(monthsOf(second).map((m) => m.slice(0, 7))).toEqual(["2026-08", "2026-08", "2026-08", "2026-09", "2026-09", "2026-09", "2026-10", "2026-10", "2026-10"]);
    });

    it("an existing --out file needs --force (checked before any work); the month not begun writes nothing", async () => {
      const file = workbook("o4.xlsx");
      const out = path.join(scratch, "o4-out.xlsx");
      fs.writeFileSync(out, "keep me");
      const o = io();
      expect(await main(["monitor", file, "--month", "2026-09", "--as-of", TODAY, "--out", out], o)).toBe(2);
      expect(o.stderr).toMatch(/exists/);
      expect(fs.readFileSync(out, "utf8")).toBe("keep me");
      const fresh = path.join(scratch, "o4-none.xlsx");
      expect(await main(["monitor", file, "--month", "2026-11", "--as-of", TODAY, "--out", fresh], io())).toBe(2);
      expect(fs.existsSync(fresh)).toBe(false);
      expect(await main(["monitor", file, "--month", "2026-09", "--as-of", TODAY, "--out", out, "--force"], io())).toBe(1);
      expect(readWorkbook(out).sheets.map((b) => b.sheet)).toContain("信用异常 2026-09");
    });
  });
});
