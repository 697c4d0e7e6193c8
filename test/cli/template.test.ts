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
import { templatePlan } from "../../src/core/template/plan";
import { elements, malformedParts, partText, parts, textOf } from "../support/xlsx-parts";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-template-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

describe("custfile template", () => {
  const file = path.join(scratch, "template.xlsx");

  let message = "";
  beforeAll(async () => {
    const o = io();
    expect(await main(["template", file], o)).toBe(0);
    message = o.stdout;
  });

  /** The worksheet part of a sheet, by name. */
  function sheetPart(p: Record<string, Uint8Array>, name: string): string {
    const wb = partText(p, "xl/workbook.xml");
    const rels = elements(partText(p, "xl/_rels/workbook.xml.rels"), "Relationship");
    const id = elements(wb, "sheet").find((s) => s.name === name)!.id;
    return "xl/" + String(rels.find((r) => r.Id === id)!.Target);
  }

  it("says how many tables and dropdown rules it wrote", () => {
    expect(message).toMatch(/12 sheets, 12 tables \(Customers, Interactions, Archive, Payments, Lists, ChangeLog, Audits, CreditPolicy, CreditHistory, Staff, Loans, Handovers\), 10 dropdown rules/);
  });

  it("makes each sheet one Excel table, named as the pane names it, with a frozen header", () => {
    const p = parts(file);
    expect(malformedParts(p)).toEqual([]);
    for (const plan of templatePlan()) {
      const sheet = partText(p, sheetPart(p, plan.sheet));
      expect(elements(sheet, "pane")[0]).toMatchObject({ state: "frozen", ySplit: "1", topLeftCell: "A2" });
      const rel = elements(partText(p, sheetPart(p, plan.sheet).replace(/([^/]+)$/, "_rels/$1.rels")), "Relationship")[0];
      const table = elements(partText(p, "xl/" + String(rel.Target).replace("../", "")), "table")[0];
      expect(table.name).toBe(plan.tableName);
      expect(table.ref).toBe(`A1:${String.fromCharCode(64 + plan.headers.length)}${1 + Math.max(1, plan.rows.length)}`);
    }
  });

  it("points every dropdown at its 下拉选项 column, as the pane's set-up does", () => {
    const p = parts(file);
    for (const plan of templatePlan()) {
      const rules = elements(partText(p, sheetPart(p, plan.sheet)), "dataValidation").map((d) => ({ sqref: d.sqref, type: d.type, source: textOf(d.formula1) }));
      expect(rules).toEqual(plan.dropdowns.map((d) => ({ sqref: `${String.fromCharCode(65 + d.column)}2`, type: "list", source: d.source.slice(1) })));
    }
  });

  it("formats date columns yyyy-mm-dd and text columns as text", () => {
    const p = parts(file);
    const styles = partText(p, "xl/styles.xml");
    const xf = elements(styles, "cellXfs")[0].xf as Array<Record<string, string>>;
    const codes = Object.fromEntries(elements(styles, "numFmt").map((f) => [f.numFmtId, f.formatCode]));
    const formatOf = (style: unknown) => {
      const id = xf[Number(style ?? 0)].numFmtId;
      return id === "49" ? "@" : id === "4" ? "#,##0.00" : codes[id] ?? id; // 49 and 4 are built-in formats
    };
    const customers = templatePlan()[0];
    const cols = elements(partText(p, sheetPart(p, customers.sheet)), "col");
    const byHeader = Object.fromEntries(customers.headers.map((h, i) => [h, formatOf(cols.find((c) => c.min === String(i + 1))!.style)]));
    expect(byHeader).toMatchObject({ 客户编号: "@", 联系方式: "@", 开户日期: "yyyy-mm-dd", 最近核实日期: "yyyy-mm-dd", 信用额度: "#,##0.00" });
  });

  it("protects custfile's record sheets (变更记录, 抽查记录, 信用月报, 交接记录) without a password, sorting and filtering allowed; the others stay open", () => {
    const p = parts(file);
    const protectedSheets = templatePlan().filter((plan) => elements(partText(p, sheetPart(p, plan.sheet)), "sheetProtection").length > 0).map((plan) => plan.sheet);
    expect(protectedSheets).toEqual(["变更记录", "抽查记录", "信用月报", "交接记录"]);
    const prot = elements(partText(p, sheetPart(p, "变更记录")), "sheetProtection")[0];
    expect(prot).toEqual({ sheet: "1", objects: "1", scenarios: "1", sort: "0", autoFilter: "0" });
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
