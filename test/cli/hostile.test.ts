/**
 * Odd and hostile workbooks (issue 17), each made here: a dimension tag or a stray cell at the
 * sheet's far corner, a sheet holding only one cell at its last row, blank rows, a package
 * missing a sheet part or with a sheet cut short, an encrypted workbook, a hidden table sheet
 * beside a visible one, escape sequences in cells, and huge finding counts in the text output.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { workbookFromBlocks } from "../../src/cli/xlsx";
import type { Cell, SheetBlock } from "../../src/core/table";
import { AS_OF, HEAD as PAY_HEAD, paid } from "../core/credit/fixtures";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-hostile-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

type Rows = (string | number | null)[][];
function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

const HEAD = ["客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "客户等级", "地址(省市区)", "开户日期", "合作状态", "最近核实日期"];
const customers = (n: number): Rows => [HEAD, ...Array.from({ length: n }, (_, k) => [`C20240315${String(k + 1).padStart(3, "0")}`, `北京测试${k + 1}科技有限公司`, "王经理", "13956781234", "wang@example.cn", "B类", "北京市海淀区中关村大街1号", "2024-03-15", "合作中", "2026-06-01"])];

function bytesOf(sheets: Record<string, Rows>, hidden: string[] = []): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const [sheet, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), sheet);
  if (hidden.length) book.Workbook = { Sheets: Object.keys(sheets).map((n) => ({ Hidden: hidden.includes(n) ? 1 : 0 })) };
  return XLSX.write(book, { type: "buffer", bookType: "xlsx" });
}
function save(name: string, bytes: Uint8Array): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, bytes);
  return file;
}
/** The package with the first sheet's XML changed by `edit` (or the part removed when it returns null). */
function patchSheet(bytes: Uint8Array, edit: (xml: string) => string | null): Uint8Array {
  const files = unzipSync(bytes);
  const part = "xl/worksheets/sheet1.xml";
  const xml = edit(strFromU8(files[part]));
  if (xml === null) delete files[part];
  else files[part] = strToU8(xml);
  return zipSync(files);
}
async function run(args: string[]) {
  const o = io();
  const code = await main(args, o);
  return { code, ...o };
}

describe("size and shape", () => {
  it("a dimension tag of A1:XFD1048576 costs nothing: the used range comes from the cells with values", async () => {
    const file = save("dim.xlsx", patchSheet(bytesOf({ 客户信息: customers(5) }), (x) => x.replace(/<dimension ref="[^"]*"/, '<dimension ref="A1:XFD1048576"')));
    const t = Date.now();
    const r = await run(["validate", file, "--json"]);
    expect(r.code).toBeLessThanOrEqual(1);
    expect(JSON.parse(r.stdout).stats.rows).toBe(5);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it("one stray cell at Z1048576: one blank-row finding naming the run, not a million; text output fine", async () => {
    const file = save("stray.xlsx", patchSheet(bytesOf({ 客户信息: customers(5) }), (x) => x.replace(/<dimension ref="[^"]*"/, '<dimension ref="A1:Z1048576"').replace("</sheetData>", '<row r="1048576"><c r="Z1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')));
    const json = await run(["validate", file, "--json"]);
    const stats = JSON.parse(json.stdout).stats;
    expect(stats.byCode["blank-row"]).toBe(1);
    expect(stats.warnings + stats.errors).toBeLessThan(40);
    const text = await run(["validate", file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/第 7–1048575 行（共 1048569 行）是空行，其下第 1048576 行又有内容/);
    const audit = await run(["audit", file, "--quarter", "2026Q4", "--seed", "00112233445566778899aabbccddeeff", "--json"]);
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout).population).toBe(5);
  });

  it("a sheet holding only 'x' at A1048576 is not a customer", async () => {
    const file = save("onlyx.xlsx", patchSheet(bytesOf({ 客户信息: [["y"]] }), (x) => x.replace(/<dimension ref="[^"]*"/, '<dimension ref="A1048576"').replace(/<sheetData>[\s\S]*<\/sheetData>/, '<sheetData><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')));
    const audit = await run(["audit", file, "--quarter", "2026Q4"]);
    expect(audit.code).toBe(2);
    expect(audit.stderr).toMatch(/no header row/);
    expect(audit.stdout).toBe("");
    const validate = await run(["validate", file, "--json"]);
    expect(JSON.parse(validate.stdout).stats.rows).toBe(0);
  });

  it("text output of 150,000 findings (past the old Math.min(...) stack overflow) prints", async () => {
    const n = 150_000;
    const values: Cell[][] = [["客户编号", "客户名称", "联系人", "联系方式"]];
    for (let i = 0; i < n; i++) values.push([`C2024${String(i).padStart(7, "0")}`, null, null, null]);
    const block: SheetBlock = { sheet: "客户信息", firstRow: 1, firstColumn: 1, values };
    const o = io();
    o.open = (p, options) => workbookFromBlocks(p, [block], options);
    const file = save("big.xlsx", new Uint8Array(8)); // the blocks are handed over; only the size is read
    const code = await main(["validate", file], o);
    expect(o.stderr).toBe("");
    expect(code).toBe(1);
    expect(o.stdout).toMatch(/\[required\] \d{6} 处/);
  }, 120_000);
});

describe("packages custfile cannot read: exit 2 with what is wrong", () => {
  it("a zip missing a sheet part", async () => {
    const file = save("nosheet.xlsx", patchSheet(bytesOf({ 客户信息: customers(3) }), () => null));
    for (const cmd of ["validate", "credit", "audit"]) {
      const r = await run([cmd, file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a workbook custfile can read: the sheet '客户信息' is listed in the workbook but its part xl\/worksheets\/sheet1.xml is missing/);
      expect(r.stderr).not.toMatch(/internal error|TypeError/);
    }
  });

  it("a sheet's XML cut in half", async () => {
    const file = save("half.xlsx", patchSheet(bytesOf({ 客户信息: customers(20) }), (x) => x.slice(0, Math.floor(x.length / 2))));
    const r = await run(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a workbook custfile can read: the sheet part xl\/worksheets\/sheet1.xml is cut short/);
  });

  it("an encrypted workbook (OLE file with an EncryptedPackage stream) is password-protected", async () => {
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    Buffer.from("EncryptedPackage", "utf16le").copy(ole, 1024);
    const r = await run(["audit", save("enc.xlsx", ole)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is password-protected.*remove the password.*save it as \.xlsx/);
  });
});

describe("--out on workbooks with empty rows", () => {
  it("credit --out and audit --out write (no TypeError) when sheets hold empty rows", async () => {
    const cust = customers(12);
    const custRows: Rows = [...cust.slice(0, 4), [], [null, null], ...cust.slice(4)];
    const pay = [PAY_HEAD, paid("C20240315001", "A1", -200, 1000, 0), [], paid("C20240315001", "A2", -170, 1000, 0), [null], paid("C20240315001", "A3", -140, 1000, 0)] as Rows;
    const file = save("blank.xlsx", bytesOf({ 客户信息: custRows, 回款记录: pay, 备用: [["a"], [], [], ["b"]] }));
    const credit = await run(["credit", file, "--as-of", AS_OF, "--out", path.join(scratch, "blank-credit.xlsx")]);
    expect(credit.stderr).not.toMatch(/internal error|TypeError/);
    expect(credit.code).toBeLessThanOrEqual(1);
    expect(fs.existsSync(path.join(scratch, "blank-credit.xlsx"))).toBe(true);
    const audit = await run(["audit", file, "--quarter", "2026Q4", "--out", path.join(scratch, "blank-audit.xlsx")]);
    expect(audit.stderr).not.toMatch(/internal error|TypeError/);
    expect(audit.code).toBe(0);
  });
});

describe("messages", () => {
  it("a hidden 客户信息 beside a visible Customers sheet: a warning naming both", async () => {
    const file = save("hidden.xlsx", bytesOf({ 客户信息: customers(5), Customers: customers(2) }, ["客户信息"]));
    const r = await run(["audit", file, "--quarter", "2026Q4"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/read from the hidden sheet '客户信息'; the visible sheet 'Customers' is not read/);
  });

  it("escape sequences and control characters in cells never reach the terminal (credit, audit, validate)", async () => {
    const cust = customers(5);
    cust[1][0] = "C20240315001\u001b[2J";
    cust[1][1] = "恶意\u001b[31m红\u001b]0;title\u0007公司\r覆盖\u009b1m\u202e";
    const pay = [PAY_HEAD, paid("C20240315001\u001b[2J", "A1", -200, 1000, 0), paid("C20240315002", "B1", -200, 1000, 0)] as Rows;
    const file = save("esc.xlsx", bytesOf({ 客户信息: cust, 回款记录: pay }));
    for (const args of [["credit", file, "--as-of", AS_OF], ["audit", file, "--quarter", "2026Q4", "--rate", "0.2"], ["validate", file], ["credit", file, "--as-of", AS_OF, "--json"]]) {
      const r = await run(args);
      expect(r.stderr).not.toMatch(/internal error/);
      // eslint-disable-next-line no-control-regex
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
    const json = await run(["credit", file, "--as-of", AS_OF, "--json"]);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });
});
