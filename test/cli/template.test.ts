/** `custfile template`: a new workbook in the template, readable by `custfile validate`. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { readWorkbook } from "../../src/cli/xlsx";
import { TABLES } from "../../src/core/template/tables";
import { DEFAULT_LISTS } from "../../src/core/template/lists";
import { detectTables } from "../../src/core/validate";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-template-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

describe("custfile template", () => {
  const file = path.join(scratch, "template.xlsx");

  beforeAll(async () => {
    expect(await main(["template", file], io())).toBe(0);
  });

  it("writes every template sheet with its headers", () => {
    const wb = readWorkbook(file);
    expect(wb.sheets.map((s) => s.sheet)).toEqual(TABLES.map((t) => t.sheet));
    const customers = wb.sheets.find((s) => s.sheet === "客户信息")!;
    expect(customers.values[0]).toEqual(TABLES[0].columns.filter((c) => c.inTemplate).map((c) => c.header));
    expect(detectTables(wb.sheets).filter((t) => t.missing.length === 0).map((t) => t.table)).toEqual(TABLES.map((t) => t.key));
  });

  it("writes the Lists sheet with every default list", () => {
    const lists = readWorkbook(file).sheets.find((s) => s.sheet === "下拉选项")!;
    expect(lists.values[0]).toEqual(Object.keys(DEFAULT_LISTS));
    const industry = lists.values.slice(1).map((r) => r[2]).filter((v) => v !== null);
    expect(industry).toEqual([...DEFAULT_LISTS.所属行业]);
  });

  it("sets column widths that fit the headers", () => {
    const book = XLSX.read(fs.readFileSync(file), { type: "buffer", cellStyles: true });
    const cols = book.Sheets["客户信息"]["!cols"]!;
    expect(cols[0].wch).toBeGreaterThanOrEqual(15);
    expect(cols[1].wch).toBeGreaterThanOrEqual(28);
    expect(book.Sheets["下拉选项"]["!cols"]![2].wch).toBeGreaterThanOrEqual(30);
  });

  it("a new template validates with no errors other than an empty Customers table", async () => {
    const o = io();
    expect(await main(["validate", file, "--json", "--as-of", "2026-09-30"], o)).toBe(0);
    expect(JSON.parse(o.stdout).stats).toMatchObject({ rows: 0, errors: 0 });
  });

  it("refuses to overwrite without --force, and needs an .xlsx name", async () => {
    const o = io();
    expect(await main(["template", file], o)).toBe(2);
    expect(o.stderr).toMatch(/already exists.*--force/);
    expect(await main(["template", file, "--force"], io())).toBe(0);
    expect(await main(["template", path.join(scratch, "t.csv")], io())).toBe(2);
  });
});
