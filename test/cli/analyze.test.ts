/** `custfile analyze` on real .xlsx files written here with SheetJS: the 12-customer book of test/core/analysis. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { dayToExcelSerial, parseIsoDate } from "../../src/core/dates";
import { readWorkbook } from "../../src/cli/xlsx";
import { AS_OF, CUSTOMER_HEADERS, CUSTOMER_ROWS, PAYMENT_HEADERS, PAYMENT_ROWS } from "../core/analysis/fixtures";
import { writeXlsxIn } from "../support/xlsx-file";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-analyze-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

type Rows = (string | number | boolean | null)[][];

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

const writeXlsx = (name: string, sheets: Record<string, Rows>): string => writeXlsxIn(scratch, name, sheets);

const CUSTOMERS: Rows = [CUSTOMER_HEADERS, ...CUSTOMER_ROWS];
const PAYMENTS: Rows = [PAYMENT_HEADERS, ...PAYMENT_ROWS];

function workbook(name: string, extra: Record<string, Rows> = {}, payments: Rows = PAYMENTS): string {
  return writeXlsx(name, { 客户信息: CUSTOMERS, 回款记录: payments, ...extra });
}

async function run(...args: string[]) {
  const o = io();
  const code = await main(["analyze", ...args], o);
  return { code, ...o };
}

describe("custfile analyze", () => {
  it("--json prints {asOf, customers, sales, breakdowns, concentration}; exit 1 because a payment row was left out (on stderr)", async () => {
    const r = await run(workbook("a.xlsx"), "--as-of", AS_OF, "--json");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["asOf", "customers", "sales", "breakdowns", "concentration"]);
    expect(json).toMatchObject({ asOf: AS_OF, customers: 12, sales: 100_000 });
    expect(Object.keys(json.breakdowns)).toEqual(["abc", "province", "industry", "grade", "type", "owner", "status", "product"]);
    // The same figures as the core tests work out by hand (test/core/analysis/book.test.ts).
    expect(json.breakdowns.abc.map((x: { key: string; count: number; sales: number; open: number; overdue: number }) => [x.key, x.count, x.sales, x.open, x.overdue])).toEqual([
      ["A", 2, 70_000, 35_000, 5_000], ["B", 3, 20_000, 7_000, 7_000], ["C", 3, 10_000, 3_000, 0], ["无交易", 4, 0, 8_000, 8_000],
    ]);
    expect(json.breakdowns.province[0]).toEqual({ key: "广东省", count: 3, countShare: 0.25, sales: 40_000, salesShare: 0.4, open: 38_000, overdue: 8_000 });
    expect(json.concentration.top10Share).toBe(1);
    expect(json.concentration.hhi).toBeCloseTo(2688, 9);
    expect(r.stderr).toBe("回款记录 row 12: 付款日期 2026-04-29 with no 付款金额; row left out\n");
  });

  it("prints each breakdown as an aligned table, largest sales first, shares adding up to 100.0%", async () => {
    const r = await run(workbook("b.xlsx"), "--as-of", AS_OF, "--by", "abc,province");
    expect(r.stdout).toContain("composition as of 2026-09-30 — 12 customers; sales 100,000.00 (invoiced 2025-10-01 … 2026-09-30); open 53,000.00, overdue 20,000.00.");
    expect(r.stdout).toContain("concentration: top 10 customers 100.0% of sales; Herfindahl index 2,688 (0–10,000)");
    const lines = r.stdout.split("\n");
    const at = lines.indexOf("按ABC分类（销售额） — ABC class (sales)");
    expect(lines.slice(at + 1, at + 6)).toEqual([
      "  ABC分类  客户数  客户占比     销售额  销售占比   未收金额  逾期金额",
      "  A             2     16.7%  70,000.00     70.0%  35,000.00  5,000.00",
      "  B             3     25.0%  20,000.00     20.0%   7,000.00  7,000.00",
      "  C             3     25.0%  10,000.00     10.0%   3,000.00      0.00",
      "  无交易        4     33.3%       0.00      0.0%   8,000.00  8,000.00",
    ]);
    const province = lines.slice(lines.indexOf("按地区（省份，GB/T 2260） — region (province)") + 2).filter((l) => l.startsWith("  ")).map((l) => l.trim().split(/\s+/));
    expect(province.map((p) => p[0])).toEqual(["广东省", "北京市", "浙江省", "上海市", "江苏省", "四川省", "香港特别行政区", "未填", "未识别"]);
    expect(province.reduce((s, p) => s + Number(p[2].replace("%", "")) * 10, 0)).toBe(1000);
    // Columns line up in display width (a CJK character takes two columns).
    const widths = lines.slice(at + 1, at + 6).map((l) => [...l].reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0));
    expect(new Set(widths).size).toBe(1);
    expect(r.stdout).not.toContain("按行业");
    expect(r.stdout).toContain("最大客户 — largest customers");
  });

  it("reads real Excel date cells and English headers the same way", async () => {
    const serial = (v: string | number | boolean | null) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? dayToExcelSerial(parseIsoDate(v)!) : v);
    const english = [["Customer ID", "Invoice No", "Invoice Date", "Due Date", "Terms", "Amount", "Paid On", "Paid Amount", "Product"], ...PAYMENTS.slice(1).map((r) => r.map(serial))];
    const customers = [["Customer ID", "Customer Name", "Type", "Industry", "Grade", "Address", "Owner", "Status"], ...CUSTOMER_ROWS];
    const a = await run(workbook("c1.xlsx"), "--as-of", AS_OF, "--json");
    const b = await run(writeXlsx("c2.xlsx", { Customers: customers, Payments: english }), "--as-of", AS_OF, "--json");
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
  });

  it("a workbook whose rows are all good exits 0; ABC bounds come from 信用政策", async () => {
    const good = PAYMENTS.filter((row) => row[1] !== "INV-06b");
    const policy: Rows = [["参数", "值"], ["ABC-A累计占比", "40%"], ["ABC-B累计占比", 0.8]];
    const r = await run(workbook("d.xlsx", { 信用政策: policy }, good), "--as-of", AS_OF, "--json", "--by", "abc");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).breakdowns.abc.map((x: { count: number }) => x.count)).toEqual([1, 2, 5, 4]);
    expect(r.stderr).toBe("");
  });

  it.each([
    ["an unknown breakdown", () => [workbook("e.xlsx"), "--by", "abc,region"], /--by: unknown breakdown 'region'; choose from abc, province, industry, grade, type, owner, status, product/],
    ["a product breakdown without a product column", () => [workbook("f.xlsx", {}, PAYMENTS.map((r) => r.slice(0, 8))), "--by", "product"], /no product column/],
    ["a bad 信用政策 bound", () => [workbook("g.xlsx", { 信用政策: [["参数", "值"], ["ABC-B累计占比", "120%"]] })], /信用政策「ABC-B累计占比」的值「120%」无效/],
    ["a payment table missing a column", () => [workbook("h.xlsx", {}, PAYMENTS.map((r) => [...r.slice(0, 5), ...r.slice(6)]))], /missing column 金额 \(Amount\)/],
    ["neither table", () => [writeXlsx("i.xlsx", { Sheet1: [["a", "b"], [1, 2]] })], /Neither a Customers table/],
    ["a bad --as-of", () => [workbook("j.xlsx"), "--as-of", "2026-02-30"], /--as-of must be a real date/],
    ["a missing file", () => [path.join(scratch, "nope.xlsx")], /File not found/],
  ])("exit 2 for %s, with a message", async (_what, args, message) => {
    const r = await run(...(args() as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("ids only in 回款记录 are 未登记, with a note on stderr", async () => {
    const payments = [...PAYMENTS.filter((row) => row[1] !== "INV-06b"), ["C20990101001", "X-1", "2026-09-01", "2026-10-01", 30, 1000, null, null, null]];
    const r = await run(workbook("k.xlsx", {}, payments), "--as-of", AS_OF, "--json", "--by", "owner");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).breakdowns.owner.at(-1)).toMatchObject({ key: "未登记", count: 1, sales: 1000 });
    expect(r.stderr).toBe("note: 1 customer id(s) in 回款记录 are not in 客户信息; they are listed as 未登记: C20990101001\n");
  });

  it("is listed by custfile --help and explains itself with --help", async () => {
    const o = io();
    await main(["--help"], o);
    expect(o.stdout).toMatch(/^ {2}analyze +composition of the customers/m);
    const h = await run("--help");
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Usage: custfile analyze FILE.xlsx \[--as-of YYYY-MM-DD\] \[--by abc,province,...\] \[--json\]/);
  });
});

describe("custfile analyze --out", () => {
  const { parts, diffParts, elements, partText, malformedParts } = jest.requireActual("../support/xlsx-parts") as typeof import("../support/xlsx-parts");
  const crypto = jest.requireActual("node:crypto") as typeof import("node:crypto");
  const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");

  it("adds 客户构成分析 YYYY-MM-DD with one table per breakdown and native charts, keeps every part of the input, never changes it", async () => {
    const file = workbook("out-in.xlsx");
    const before = sha(file);
    const out = path.join(scratch, "out.xlsx");
    const r = await run(file, "--as-of", AS_OF, "--out", out);
    expect(r.code).toBe(1); // the same payment row left out as above
    expect(sha(file)).toBe(before);
    const d = diffParts(parts(file), parts(out));
    expect(d.missing).toEqual([]);
    const p = parts(out);
    expect(malformedParts(p)).toEqual([]);
    const tables = d.added.filter((n) => /^xl\/tables\//.test(n)).map((n) => elements(partText(p, n), "table")[0].name as string);
    expect(tables.sort()).toEqual(["abc", "grade", "industry", "owner", "product", "province", "status", "type"].map((b) => `Composition_${b}_${AS_OF.replace(/-/g, "")}`).sort());
    const charts = d.added.filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n));
    expect(charts).toHaveLength(4);
    const kinds = charts.map((n) => partText(p, n).match(/<c:(pieChart|doughnutChart|barChart)\b/)?.[1]).sort();
    expect(kinds).toEqual(["barChart", "barChart", "doughnutChart", "pieChart"]);
    const sheet = readWorkbook(out).sheets.find((s) => s.sheet === `客户构成分析 ${AS_OF}`)!;
    const flat = sheet.values.flat();
    expect(flat).toContain("按ABC分类（销售额）");
    expect(r.stderr).toMatch(/wrote .*out\.xlsx \(sheet 客户构成分析 2026-\d\d-\d\d: 8 tables, 4 charts\)/);
  });

  it("run again on its own copy, the sheet of that day is replaced, not added twice; an existing --out needs --force", async () => {
    const out = path.join(scratch, "out.xlsx");
    const again = path.join(scratch, "again.xlsx");
    expect((await run(out, "--as-of", AS_OF, "--out", again)).code).toBe(1);
    expect(readWorkbook(again).sheets.filter((s) => s.sheet.startsWith("客户构成分析")).map((s) => s.sheet)).toEqual([`客户构成分析 ${AS_OF}`]);
    const refused = await run(out, "--as-of", AS_OF, "--out", again);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--force/);
  });
});

describe("custfile analyze --out on the rich fixture (a table, validation, conditional formats, a chart, a pivot table, an image, a comment, defined names, protection)", () => {
  const { parts, diffParts, malformedParts } = jest.requireActual("../support/xlsx-parts") as typeof import("../support/xlsx-parts");
  it("keeps every part byte-identical except the package lists, the workbook, its relationships and the styles", async () => {
    const file = path.join(scratch, "rich.xlsx");
    fs.copyFileSync(path.resolve(__dirname, "../fixtures/rich.xlsx"), file);
    const out = path.join(scratch, "rich-analysis.xlsx");
    expect((await run(file, "--as-of", "2026-09-30", "--out", out)).code).toBe(0);
    const d = diffParts(parts(file), parts(out));
    expect(d.missing).toEqual([]);
    expect(d.changed).toEqual(["[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml"]);
    expect(d.added.every((n) => /^xl\/(worksheets|tables|drawings|charts)\//.test(n))).toBe(true);
    expect(malformedParts(parts(out))).toEqual([]);
  });
});
