/** `custfile validate` on real .xlsx files written here with SheetJS. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import * as XLSX from "xlsx";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { readWorkbook } from "../../src/cli/xlsx";
import { dayToExcelSerial, parseIsoDate } from "../../src/core/dates";

const root = path.resolve(__dirname, "../..");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-validate-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

/** A cell for the test workbook: a plain value, or a real Excel date cell. */
type TestCell = string | number | null | { date: string };

/** Write an .xlsx with the given sheets; `{date}` cells become numbers with a yyyy-mm-dd format (real Excel dates). */
function writeXlsx(name: string, sheets: Record<string, TestCell[][]>): string {
  const book = XLSX.utils.book_new();
  for (const [sheet, rows] of Object.entries(sheets)) {
    const plain = rows.map((r) => r.map((c) => (c !== null && typeof c === "object" ? dayToExcelSerial(parseIsoDate(c.date)!) : c)));
    const ws = XLSX.utils.aoa_to_sheet(plain);
    rows.forEach((r, ri) => r.forEach((c, ci) => {
      if (c !== null && typeof c === "object") (ws[XLSX.utils.encode_cell({ r: ri, c: ci })] as XLSX.CellObject).z = "yyyy-mm-dd";
    }));
    XLSX.utils.book_append_sheet(book, ws, sheet);
  }
  const file = path.join(scratch, name);
  fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  return file;
}

const GOOD = ["C20240115001", "北京华信科技有限公司", "企业", "王经理", "13956781234", "北京市海淀区中关村大街1号", { date: "2024-01-15" }] as TestCell[];

/** A workbook with a title row above the header, English headers in shuffled order, date cells and text dates. */
function mixedWorkbook(): string {
  return writeXlsx("mixed.xlsx", {
    Customers: [
      ["Customer list exported 2026-09-30"],
      [],
      ["Opened", "Phone", "Customer ID", "Address", "Customer Name", "Contact", "Grade"],
      [{ date: "2024-01-15" }, "13956781234", "C20240115001", "北京市海淀区中关村大街1号", "北京华信科技有限公司", "王经理、李经理", "A类"],
      ["2024/2/20", "1395678", "C20240220001", "上海市浦东新区", "上海恒通贸易有限公司", "李先生", "B"],
      ["2022-22-22", "010-62345678", "C20240301001", "北京市幸福区8号", "深圳远景电子有限公司", "张女士", "C类"],
    ],
    客户动态: [
      ["客户编号", "记录日期", "交互类型", "参与人员", "内容概述"],
      ["C20240115001", { date: "2026-03-10" }, "拜访", "王芳", "咨询新产品合作方案"],
      ["C20240115999", "2026-03-12", "沟通", "李娜", "报价跟进"],
    ],
  });
}

describe("custfile validate", () => {
  it("--json: title row, English shuffled headers, date cells and text dates; exit 1 with findings", async () => {
    const file = mixedWorkbook();
    const o = io();
    expect(await main(["validate", file, "--json", "--as-of", "2026-09-30"], o)).toBe(1);
    const out = JSON.parse(o.stdout);
    expect(out.valid).toBe(false);
    expect(out.stats).toMatchObject({ rows: 5, errors: 5, warnings: 1 });
    const brief = out.findings.map((f: Record<string, unknown>) => [f.sheet, f.row, f.column, f.code, f.severity, f.value, f.fix ?? null]);
    expect(brief).toEqual([
      ["Customers", 5, "Opened", "date", "error", "2024/2/20", "2024-02-20"],
      ["Customers", 5, "Phone", "phone", "error", "1395678", null],
      ["Customers", 5, "Grade", "enum", "warning", "B", "B类"],
      ["Customers", 6, "Opened", "date", "error", "2022-22-22", null],
      ["Customers", 6, "Address", "address", "error", "北京市幸福区8号", null],
      ["客户动态", 3, "客户编号", "foreign-key", "error", "C20240115999", null],
    ]);
    expect(out.findings[1]).toMatchObject({ table: "Customers", columnNumber: 2, cell: "B5", customerId: "C20240220001" });
    expect(out.findings[1].message).toContain("B5");
    expect(out.stats.byCode).toEqual({ date: 2, phone: 1, enum: 1, address: 1, "foreign-key": 1 });
  });

  it("prints a readable summary grouped by code, in English with --lang en-US", async () => {
    const o = io();
    expect(await main(["validate", mixedWorkbook(), "--lang", "en-US", "--as-of", "2026-09-30"], o)).toBe(1);
    expect(o.stdout).toMatch(/5 rows checked .* 5 errors, 1 warnings/);
    expect(o.stdout).toMatch(/\[date\] 2 \(1 fixable\)/);
    expect(o.stdout).toContain('Sheet "Customers" cell B5 (row 5, column "Phone"): "1395678" is not a valid phone number');
  });

  it("exit 0 for a clean workbook, warnings allowed", async () => {
    const file = writeXlsx("clean.xlsx", { 客户信息: [["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "地址(省市区)", "开户日期"], GOOD] });
    const o = io();
    expect(await main(["validate", file, "--as-of", "2026-09-30"], o)).toBe(0);
    expect(o.stdout).toContain("没有错误");
  });

  it("--out writes a copy with a 校验结果 sheet and leaves the input unchanged", async () => {
    const file = mixedWorkbook();
    const before = fs.readFileSync(file);
    const out = path.join(scratch, "checked.xlsx");
    const o = io();
    const code = await main(["validate", file, "--out", out, "--as-of", "2026-09-30"], o);
    expect(o.stderr).toBe("");
    expect(code).toBe(1);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const wb = readWorkbook(out);
    expect(wb.sheets.map((s) => s.sheet)).toEqual(["Customers", "客户动态", "校验结果"]);
    const results = wb.sheets.find((s) => s.sheet === "校验结果")!.values;
    expect(results[0]).toEqual(["表", "工作表", "行", "列", "单元格", "代码", "级别", "值", "说明", "修正", "建议"]);
    expect(results).toHaveLength(7);
    expect(results[2].slice(0, 7)).toEqual(["Customers", "Customers", 5, "Phone", "B5", "phone", "error"]);
  });

  it("finds tables by header on sheets with other names", async () => {
    const file = writeXlsx("renamed.xlsx", { Sheet1: [["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期"], ["C20240115001", "甲公司", "王", "1395678", "北京市海淀区", "2024-01-15"]] });
    const o = io();
    expect(await main(["validate", file, "--json", "--as-of", "2026-09-30"], o)).toBe(1);
    expect(JSON.parse(o.stdout).findings.map((f: { sheet: string; code: string }) => [f.sheet, f.code])).toEqual([["Sheet1", "phone"]]);
  });

  it("bad input: error values, control characters, long strings and numbers in text columns are findings, not crashes", async () => {
    const file = writeXlsx("messy.xlsx", { 客户信息: [["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期"], ["C20240115001", "华信\u0001科技", 12345, "#N/A", "x".repeat(2000), "=1+1"]] });
    const o = io();
    expect(await main(["validate", file, "--json", "--as-of", "2026-09-30"], o)).toBe(1);
    const codes = JSON.parse(o.stdout).findings.map((f: { code: string }) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["control-char", "error-value", "too-long", "formula-injection", "address", "date"]));
  });

  it.each([
    ["an empty workbook", { Sheet1: [] }],
    ["a workbook without template tables", { Notes: [["a", "b"], [1, 2]] }],
    ["a workbook with only the lists", { 下拉选项: [["客户类型"], ["企业"]] }],
  ] as [string, Record<string, TestCell[][]>][])("%s: exit 2, 'no template table found', nothing on stdout (as credit and audit)", async (_what, sheets) => {
    const file = writeXlsx("none.xlsx", sheets);
    for (const args of [[], ["--json"]]) {
      const o = io();
      expect(await main(["validate", file, ...args], o)).toBe(2);
      expect(o.stdout).toBe("");
      expect(o.stderr).toMatch(/^custfile validate: .*none\.xlsx: no template table found \(sheets: /);
    }
  });

  it("a workbook with some template tables but no 客户信息: exit 1 with missing-table", async () => {
    const file = writeXlsx("nocustomers.xlsx", { 客户动态: [["客户编号", "记录日期", "交互类型", "参与人员", "内容概述"]] });
    const o = io();
    expect(await main(["validate", file, "--json"], o)).toBe(1);
    expect(JSON.parse(o.stdout).findings.map((f: { code: string }) => f.code)).toEqual(["missing-table"]);
  });

  it("exit 2 for a file that is not an xlsx, a missing file and bad options", async () => {
    const text = path.join(scratch, "not.xlsx");
    fs.writeFileSync(text, "客户编号,客户名称\nC1,x\n");
    for (const args of [["validate", text], ["validate", path.join(scratch, "missing.xlsx")], ["validate"], ["validate", text, "--lang", "fr"], ["validate", text, "--as-of", "2024-02-30"]]) {
      const o = io();
      expect(await main(args, o)).toBe(2);
      expect(o.stderr).toMatch(/^custfile validate: /);
    }
  });

  it("runs as `node bin/custfile.js` after the CLI build", () => {
    // Build lib/ (tsc emits even if someone else's work in progress has type errors).
    spawnSync("npx", ["tsc", "-p", "tsconfig.cli.json"], { cwd: root, encoding: "utf8" });
    expect(fs.existsSync(path.join(root, "lib/cli/commands/validate.js"))).toBe(true);
    const r = spawnSync(process.execPath, [path.join(root, "bin/custfile.js"), "validate", mixedWorkbook(), "--json", "--as-of", "2026-09-30"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).stats.errors).toBe(5);
  });
});
