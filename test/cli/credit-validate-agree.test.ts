/**
 * Issue 17 through the built CLI (bin/custfile.js → lib/): one customer typed five ways in 回款记录
 * is one customer to credit and one fixable id to validate; the zero-width-space row is left out by
 * credit and explained by validate; amounts with misplaced commas are no numbers to either.
 * Runs the built CLI: `npm run build:cli` first (`npm test` builds before jest).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { AS_OF, HEAD, day, row } from "../core/credit/fixtures";
import { writeXlsxIn } from "../support/xlsx-file";

const root = path.resolve(__dirname, "../..");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-agree-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

type Rows = (string | number | boolean | null)[][];

const writeXlsx = (name: string, sheets: Record<string, Rows>): string => writeXlsxIn(scratch, name, sheets);

function custfile(...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, "bin/custfile.js"), ...args], { encoding: "utf8" });
}

const ID = "C20240315001";
const FIVE_WAYS = [`${ID} `, ` ${ID}`, ID.toLowerCase(), "C2024031500１", "Ｃ２０２４０３１５００１"];
const CUSTOMERS: Rows = [["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期"], [ID, "北京甲科技有限公司", "王经理、李经理", "13956781234", "北京市海淀区中关村大街1号", "2024-03-15"]];
// Rows 2–7: the id as written and its five spellings, one invoice each, paid on time. Row 8: a zero-width space inside the id.
// Row 9: 金额 "1,5" (no number). Row 10: 金额 "12,345.67" (a number stored as text).
const PAYMENTS: Rows = [
  HEAD,
  ...[ID, ...FIVE_WAYS].map((id, i) => row(id, `INV${i + 1}`, day(-200 + i * 20), day(-170 + i * 20), 30, 1000, day(-170 + i * 20), 1000)),
  row("C2024031\u200B5001", "INV9", day(-60), day(-30), 30, 500, null, null),
  row(ID, "INV10", day(-50), day(-20), 30, "1,5", null, null),
  row(ID, "INV11", day(-10), day(20), 30, "12,345.67", null, null),
] as Rows;

describe("validate and credit agree (issue 17)", () => {
  const file = () => writeXlsx("five-ways.xlsx", { 客户信息: CUSTOMERS, 回款记录: PAYMENTS });

  it("credit: one customer from the five spellings; the zero-width-space row and the 1,5 row are left out, each saying why", () => {
    const r = custfile("credit", file(), "--as-of", AS_OF, "--json");
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.customers.map((c: { id: string }) => c.id)).toEqual([ID]);
    const c = json.customers[0];
    expect(c.invoices).toBe(6);
    expect(c.openAmount).toBe(12345.67);
    expect(r.stderr).toContain("回款记录 row 8: 客户编号 'C2024031\u200B5001' contains an invisible character U+200B (zero-width space); delete it and retype the id; row left out");
    expect(r.stderr).toContain("回款记录 row 9: 金额 '1,5' is not a number (thousands separators only as 1,000 or 12,345.67); row left out");
  });

  it("validate: the five spellings are warnings whose fix is the id credit used; row 8 is an error that names U+200B; 1,5 has no fix, 12,345.67 does", () => {
    const r = custfile("validate", file(), "--as-of", AS_OF, "--json", "--lang", "en-US");
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { sheet: string; row: number; column: string; code: string; severity: string; fix?: unknown; message: string }[];
    const ids = findings.filter((f) => f.sheet === "回款记录" && f.column === "客户编号");
    expect(ids.filter((f) => f.severity === "warning").map((f) => [f.row, f.fix])).toEqual(FIVE_WAYS.map((_, i) => [i + 3, ID]));
    const zw = ids.filter((f) => f.severity === "error");
    expect(zw.map((f) => [f.row, f.code, f.fix])).toEqual([[8, "pattern", undefined]]);
    expect(zw[0].message).toContain("contains an invisible character U+200B (zero-width space)");
    const amounts = findings.filter((f) => f.sheet === "回款记录" && f.column === "金额");
    expect(amounts.map((f) => [f.row, f.code, f.severity, f.fix])).toEqual([[9, "type", "error", undefined], [10, "type", "warning", 12345.67]]);
    expect(findings.filter((f) => f.code === "foreign-key")).toEqual([]);
  });

  it("TRUE/FALSE in 客户编号 is not a customer to credit (left out, named) and errors to validate", () => {
    const customers: Rows = [...CUSTOMERS, [true, "乙公司", "李经理", "13956781235", "北京市海淀区中关村大街2号", "2024-03-15"]];
    const payments: Rows = [HEAD, row(ID, "INV1", day(-60), day(-30), 30, 100, day(-30), 100) as Rows[number], [false, "INV2", day(-60), day(-30), 30, 100, null, null]];
    const f = writeXlsx("bools.xlsx", { 客户信息: customers, 回款记录: payments });
    const credit = custfile("credit", f, "--as-of", AS_OF, "--json");
    expect(JSON.parse(credit.stdout).customers.map((c: { id: string }) => c.id)).toEqual([ID]);
    expect(credit.stderr).toContain("回款记录 row 3: 客户编号 FALSE is a TRUE/FALSE value, not a customer id; row left out");
    expect(credit.stderr).toContain("客户信息 row 3, 客户编号: TRUE is a TRUE/FALSE value, not a customer id; the row is not a customer and is left out.");
    const validate = JSON.parse(custfile("validate", f, "--as-of", AS_OF, "--json").stdout);
    const idErrors = validate.findings.filter((x: { column: string; severity: string }) => x.column === "客户编号" && x.severity === "error");
    expect(idErrors.map((x: { sheet: string; row: number; code: string }) => [x.sheet, x.row, x.code])).toEqual([["客户信息", 3, "type"], ["回款记录", 3, "type"]]);
  });
});
