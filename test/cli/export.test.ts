/**
 * `custfile export FILE --mask --out COPY.xlsx` (SPEC §10.5a) on real .xlsx files. The proof is a
 * scan of EVERY part of the copy's zip — each XML part decompressed and searched, binary parts
 * too — for each phone, e-mail, USCC, bank account and full contact name of the input: none may be
 * left, wherever the input kept it (cells, shared strings, comments, pivot and chart caches,
 * drawings, hyperlinks, filters, formulas, document properties, linked workbooks …). The scan
 * here is independent of custfile's own final check. Every other value and the sheet structure
 * stay; the notice sheet comes first.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { readWorkbook } from "../../src/cli/xlsx";
import { cellText, type Cell } from "../../src/core/table";
import { leakyWorkbook, type PersonalData } from "../support/leaky-workbook";
import { diffParts, elements, malformedParts, partText, parts, sheetNames, sheetPart, textOf } from "../support/xlsx-parts";

const FIXTURE = path.resolve(__dirname, "../fixtures/rich.xlsx");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-export-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}
const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** XML entities undone, so a value written &amp;-escaped is still found. */
const decode = (xml: string) => xml.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => (e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e]));

/**
 * Where each value appears in a package: every part, XML decompressed and decoded, binary parts
 * as Latin-1 text. Numbers and ids are also looked for without their spaces and dashes (a phone
 * written 138 1234 5678 is the same phone), and percent-encoded (inside a link).
 */
function occurrences(file: string, values: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, bytes] of Object.entries(parts(file))) {
    const text = /\.(xml|rels|vml)$/.test(name) ? decode(Buffer.from(bytes).toString("utf8")) : Buffer.from(bytes).toString("latin1");
    const squeezed = text.replace(/[\s-]/g, "");
    for (const v of values) {
      const plain = v.replace(/[\s-]/g, "");
      if (text.includes(v) || (/\d/.test(v) && squeezed.includes(plain)) || text.includes(encodeURIComponent(v))) found.push(`${name}: ${v}`);
    }
  }
  return found;
}

const allOf = (p: PersonalData) => [...p.phones, ...p.emails, ...p.usccs, ...p.accounts, ...p.names];

/** Every value of every sheet of a workbook, by sheet. */
function cellsOf(file: string): Map<string, Cell[][]> {
  return new Map(readWorkbook(file).sheets.map((s) => [s.sheet, s.values]));
}

describe("custfile export --mask on the rich fixture", () => {
  // What the fixture holds that is personal: phones in 客户信息 (a mobile, another mobile, a
  // landline) and in the ChangeLog's 变更前/变更后 (one written with spaces). Its contacts are
  // forms of address (王经理, 李先生, 张女士) that name nobody and are kept by design; it has no
  // e-mail, USCC or bank account; its comment, chart, pivot cache and image hold no personal data;
  // its author (张三) is a member of staff, removed from the document properties all the same.
  const personal = ["13956781234", "13812345678", "0755-86123456", "138 1234 5678"];
  const file = path.join(scratch, "rich.xlsx");
  fs.copyFileSync(FIXTURE, file);
  const before = sha256(file);
  const out = path.join(scratch, "rich-masked.xlsx");
  const o = io();
  let code = -1;
  beforeAll(async () => {
    code = await main(["export", file, "--mask", "--out", out], o);
  });

  it("writes the copy and leaves the input byte-identical", () => {
    expect(code).toBe(0);
    expect(o.stdout).toMatch(/5 cells masked; the first sheet 脱敏说明 says so/);
    expect(sha256(file)).toBe(before);
  });

  it("the input holds each personal value, and no part of the copy does", () => {
    expect(occurrences(file, personal).map((x) => x.split(":")[0]).sort()).toEqual(["xl/sharedStrings.xml", "xl/sharedStrings.xml", "xl/sharedStrings.xml", "xl/sharedStrings.xml"]);
    expect(occurrences(out, personal)).toEqual([]);
  });

  it("the notice sheet comes first and says the copy is masked, from which file and when", () => {
    expect(sheetNames(parts(out))).toEqual(["脱敏说明", "客户信息", "回款记录", "图表", "透视", "备注", "抽查记录", "变更记录"]);
    const notice = cellsOf(out).get("脱敏说明")!;
    expect(notice[0][0]).toMatch(/脱敏副本/);
    expect(notice[1][0]).toMatch(/^原文件：rich\.xlsx　生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it("keeps every other value and the sheet structure: masked cells show their mask, the forms of address stay", () => {
    const a = cellsOf(file);
    const b = cellsOf(out);
    const changed: string[] = [];
    for (const [sheet, rows] of a) {
      const now = b.get(sheet)!;
      expect(now.length).toBe(rows.length);
      rows.forEach((row, r) => {
        expect(now[r].length).toBe(row.length);
        row.forEach((v, c) => {
          if (now[r][c] !== v) changed.push(`${sheet}!${r + 1},${c + 1}: ${cellText(v)} → ${cellText(now[r][c])}`);
        });
      });
    }
    expect(changed).toEqual([
      "客户信息!2,5: 13956781234 → 139****1234",
      "客户信息!3,5: 13812345678 → 138****5678",
      "客户信息!4,5: 0755-86123456 → 0755-********",
      "变更记录!2,5: 138 1234 5678 → 138 **** 5678",
      "变更记录!2,6: 13812345678 → 138****5678",
    ]);
    expect(b.get("客户信息")!.map((r) => r[3])).toEqual(["联系人", "王经理", "李先生", "张女士"]);
  });

  it("changes only the parts masking must change: the masked sheets, shared strings, the author in the properties", () => {
    const d = diffParts(parts(file), parts(out));
    expect(d.missing).toEqual([]);
    expect(d.changed).toEqual(["[Content_Types].xml", "docProps/core.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet7.xml"]);
    expect(partText(parts(out), "docProps/core.xml")).not.toMatch(/creator|张三/);
    // The shared strings keep their places (no sheet had to change for it); the unused ones are empty.
    const si = (f: string) => elements(partText(parts(f), "xl/sharedStrings.xml"), "si");
    expect(si(out)).toHaveLength(si(file).length);
    expect(malformedParts(parts(out))).toEqual([]);
    expect(o.stdout).toMatch(/xl\/media\/image1\.png/);
  });

  it("--json says what was masked where, and what it could not read", async () => {
    const j = io();
    expect(await main(["export", file, "--mask", "--json", "--out", path.join(scratch, "rich-masked-2.xlsx")], j)).toBe(0);
    const r = JSON.parse(j.stdout);
    expect(r).toMatchObject({ ok: true, notice: "脱敏说明", cells: 5, unread: ["xl/media/image1.png"] });
    expect(r.counts).toContainEqual({ sheet: "客户信息", column: "联系方式", kind: "phone", rule: expect.stringContaining("138****8000"), cells: 3 });
    expect(r.parts.map((p: { part: string }) => p.part).sort()).toEqual(["docProps/core.xml", "xl/sharedStrings.xml"]);
  });
});

describe("custfile export --mask on a generated workbook that keeps personal data in every kind of part", () => {
  const leaky = leakyWorkbook(12);
  const file = path.join(scratch, "leaky.xlsx");
  fs.writeFileSync(file, leaky.bytes);
  const before = sha256(file);
  const out = path.join(scratch, "leaky-masked.xlsx");
  const o = io();
  let code = -1;
  beforeAll(async () => {
    code = await main(["export", file, "--mask", "--out", out], o);
  });

  it("the input is a readable workbook that holds its personal data in every kind of part", () => {
    expect(malformedParts(parts(file))).toEqual([]);
    expect(readWorkbook(file).sheets.map((s) => s.sheet)).toEqual(["客户信息", "变更记录", "透视", "图表"]);
    const where = new Set(occurrences(file, allOf(leaky.personal)).map((x) => x.split(": ")[0]));
    expect([...where].sort()).toEqual([
      "customXml/item1.xml", "docProps/app.xml", "docProps/core.xml", "docProps/custom.xml",
      "xl/charts/chart1.xml", "xl/comments1.xml", "xl/drawings/drawing1.xml", "xl/drawings/vmlDrawing1.vml",
      "xl/externalLinks/externalLink1.xml", "xl/persons/person.xml", "xl/pivotCache/pivotCacheDefinition1.xml",
      "xl/pivotCache/pivotCacheRecords1.xml", "xl/pivotTables/pivotTable1.xml", "xl/sharedStrings.xml", "xl/tables/table1.xml",
      "xl/threadedComments/threadedComment1.xml", "xl/workbook.xml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/sheet1.xml",
    ]);
  });

  it("writes the copy, input byte-identical", () => {
    expect(o.stderr).toBe("");
    expect(code).toBe(0);
    expect(sha256(file)).toBe(before);
  });

  it("no part of the copy holds any phone, e-mail, USCC, bank account or contact name of the input", () => {
    expect(occurrences(out, allOf(leaky.personal))).toEqual([]);
  });

  it("ids, company names and the staff names stay", () => {
    const text = Object.values(cellsOf(out).get("客户信息")!).flat().map(cellText).join("\n");
    for (const v of [...leaky.kept, ...leaky.staff]) expect(text).toContain(v);
  });

  it("keeps the sheet structure and every value that is not personal", () => {
    const a = cellsOf(file);
    const b = cellsOf(out);
    expect([...b.keys()]).toEqual(["脱敏说明", ...a.keys()]);
    for (const [sheet, rows] of a) {
      const now = b.get(sheet)!;
      expect(now.map((r) => r.length)).toEqual(rows.map((r) => r.length));
      rows.forEach((row, r) => row.forEach((v, c) => {
        // A cell either kept its value or shows a mask in its place.
        if (now[r][c] !== v) expect(cellText(now[r][c])).toContain("*");
      }));
    }
    const customers = b.get("客户信息")!;
    expect(customers[0]).toEqual(a.get("客户信息")![0]);
    expect(customers.slice(1).map((r) => r[9])).toEqual(a.get("客户信息")!.slice(1).map((r) => r[9]));
  });

  it("the copy is well-formed and keeps its parts: pivot cache rebuilt when opened, chart, comments, drawing, link, properties", () => {
    const p = parts(out);
    expect(malformedParts(p)).toEqual([]);
    const d = diffParts(parts(file), p);
    expect(d.missing).toEqual([]);
    expect(elements(partText(p, "xl/pivotCache/pivotCacheDefinition1.xml"), "pivotCacheDefinition")[0]).toMatchObject({ refreshOnLoad: "1", refreshedBy: "张三" });
    // The phone typed as a number became text in the cache; the field no longer claims numbers.
    const phoneField = elements(partText(p, "xl/pivotCache/pivotCacheDefinition1.xml"), "cacheField").find((f) => f.name === "联系方式")!;
    expect(phoneField.sharedItems).toEqual([""]);
    expect(partText(p, "xl/comments1.xml")).toContain("<author>张三</author>");
    expect(partText(p, "docProps/core.xml")).not.toMatch(/creator|lastModifiedBy/);
    expect(partText(p, "docProps/app.xml")).not.toMatch(/Manager/);
    expect(partText(p, "docProps/app.xml")).toContain("某某贸易有限公司");
    expect(partText(p, "xl/workbook.xml")).not.toMatch(/absPath|userName/);
    expect(partText(p, "xl/worksheets/_rels/sheet1.xml.rels")).toMatch(/Target="mailto:o\*\*\*@huaxin\.com\.cn"/);
    // Table column names are the header cells (left alone); the filter value is masked exactly as the cell it selects.
    const table = (f: Record<string, Uint8Array>) => partText(f, "xl/tables/table1.xml");
    expect(elements(table(p), "tableColumn")).toEqual(elements(table(parts(file)), "tableColumn"));
    expect(elements(table(p), "filter")[0].val).toBe(cellsOf(out).get("客户信息")![3][4]);
    expect(elements(table(p), "filter")[0].val).toBe("135 **** 7900");
    // The formula keeps working: only its literal is masked.
    expect(elements(partText(p, sheetPart(p, "客户信息")), "f").map((f) => textOf(f))).toEqual(['IF(E2="137****1111","旧号码","新号码")']);
    expect(o.stdout).toMatch(/copied as they are.*xl\/media\/image1\.png/);
  });
});

describe("refusals", () => {
  const file = path.join(scratch, "refuse.xlsx");
  fs.copyFileSync(FIXTURE, file);

  it.each([
    ["without --mask", ["--out", path.join(scratch, "r1.xlsx")], /writes masked copies only: add --mask/],
    ["without --out", ["--mask"], /needs --out COPY\.xlsx/],
    ["an --out that is not .xlsx", ["--mask", "--out", path.join(scratch, "r2.csv")], /--out must name an \.xlsx file/],
  ])("%s: exit 2", async (_what, args, message) => {
    const o = io();
    expect(await main(["export", file, ...args], o)).toBe(2);
    expect(o.stderr).toMatch(message);
  });

  it("an existing output needs --force", async () => {
    const out = path.join(scratch, "exists.xlsx");
    fs.writeFileSync(out, "keep me");
    const o = io();
    expect(await main(["export", file, "--mask", "--out", out], o)).toBe(2);
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    expect(await main(["export", file, "--mask", "--out", out, "--force"], io())).toBe(0);
  });

  it("a personal value that would stay in the copy stops the write, naming where it is", async () => {
    // An invoice number (单据号 is an id column the mask keeps) that is also a customer's phone.
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["客户编号", "客户名称", "联系人", "联系方式"], ["C20240315001", "北京华信科技有限公司", "张伟", "13812348000"]]), "客户信息");
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["客户编号", "单据号", "金额"], ["C20240315001", "13812348000", 100]]), "回款记录");
    const input = path.join(scratch, "id-is-phone.xlsx");
    fs.writeFileSync(input, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    const out = path.join(scratch, "id-is-phone-masked.xlsx");
    const o = io();
    expect(await main(["export", input, "--mask", "--out", out], o)).toBe(2);
    expect(o.stderr).toMatch(/was not written: the masked copy would still hold 1 personal value of the input:\n {2}xl\/worksheets\/sheet2\.xml \(回款记录!B2\): a phone number of the input/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(scratch).filter((f) => f.includes(".custfile-"))).toEqual([]);
  });
});
