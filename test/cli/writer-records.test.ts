/**
 * What the records commands (handover, export --mask) need from the file writer, on real
 * packages: a sheet placed before the user's sheets with every position-bound reference
 * following its sheet; a last pass over the package; and custfile's record sheets (变更记录,
 * 抽查记录, 信用月报, 交接记录) protected like the template protects them when the writer creates
 * them, and still protected — the very same protection — after rows are appended.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import { strToU8 } from "fflate";
import * as XLSX from "xlsx";
import { patchWorkbook } from "../../src/cli/workbook";
import { readWorkbookData } from "../../src/cli/xlsx";
import { AUDITS, CHANGELOG, CREDIT_HISTORY, HANDOVERS, LOANS, STAFF, type TableDef } from "../../src/core/template/tables";
import { diffParts, elements, malformedParts, partText, parts, sheetNames, sheetPart } from "../support/xlsx-parts";

const rich = new Uint8Array(fs.readFileSync(path.resolve(__dirname, "../fixtures/rich.xlsx")));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-writer-records-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const quiet = { out() {}, err() {} };
/** The record sheets custfile writes and the template protects (SPEC §10.5b). */
const RECORDS = [CHANGELOG, AUDITS, CREDIT_HISTORY, HANDOVERS].map((d) => [d.sheet, d] as [string, TableDef]);

const notice = (name: string) => ({ name, first: true, lines: [`${name}: this copy is masked`], tables: [{ name: "Notice", columns: [{ header: "说明", format: "text" as const }], rows: [["x"]] }] });

describe("a sheet placed first", () => {
  const { bytes } = patchWorkbook(rich, { sheets: [notice("脱敏说明"), notice("第二"), { ...notice("末尾"), first: false }] });
  const p = parts(bytes);
  const wb = partText(p, "xl/workbook.xml");

  it("goes before the user's sheets, in the order of the edits; a sheet without `first` goes last", () => {
    expect(sheetNames(p)).toEqual(["脱敏说明", "第二", "客户信息", "回款记录", "图表", "透视", "备注", "抽查记录", "变更记录", "末尾"]);
    expect(readWorkbookData(bytes).sheets.map((s) => s.sheet).slice(0, 3)).toEqual(["脱敏说明", "第二", "客户信息"]);
    expect(malformedParts(p)).toEqual([]);
  });

  it("names bound to a sheet by position (the print area of 客户信息) and the active tab follow their sheet", () => {
    expect(elements(wb, "definedName").map((d) => [d.name, d.localSheetId])).toEqual([["_xlnm.Print_Area", "2"], ["税率", undefined]]);
    expect(elements(wb, "workbookView")[0].activeTab).toBe("2");
    // 客户信息 keeps its tabSelected view and is still the sheet that opens; only the sheet list and names changed in the workbook part.
    expect(partText(p, sheetPart(p, "客户信息"))).toBe(partText(parts(rich), "xl/worksheets/sheet1.xml"));
  });

  it("a workbook without names or an active tab gets the sheet first all the same", () => {
    const plain = patchWorkbook(patchWorkbook(rich, {}).bytes, { finish: (pkg) => pkg.setText("xl/workbook.xml", pkg.text("xl/workbook.xml").replace(/<definedNames>.*<\/definedNames>/, "").replace(/ activeTab="0"/, "")) }).bytes;
    const q = parts(patchWorkbook(plain, { sheets: [notice("脱敏说明")] }).bytes);
    expect(sheetNames(q)[0]).toBe("脱敏说明");
    expect(elements(partText(q, "xl/workbook.xml"), "workbookView")[0].activeTab).toBe("1");
  });
});

describe("the last pass (finish)", () => {
  it("sees the package with every edit in, and what it changes is written", () => {
    let sawSheet = false;
    const { bytes } = patchWorkbook(rich, {
      sheets: [notice("脱敏说明")],
      finish: (pkg) => {
        sawSheet = pkg.text("xl/workbook.xml").includes("脱敏说明");
        pkg.setText("docProps/core.xml", pkg.text("docProps/core.xml").replace("<dc:creator>张三</dc:creator>", ""));
      },
    });
    expect(sawSheet).toBe(true);
    expect(partText(parts(bytes), "docProps/core.xml")).not.toContain("张三");
    expect(diffParts(parts(rich), parts(bytes)).changed).toContain("docProps/core.xml");
  });
});

describe("custfile's record sheets are protected", () => {
  const oneEntry: Record<string, Record<string, string | number>> = {
    ChangeLog: { time: "2026-12-04 10:30:00", table: "Customers", customerId: "C20240115001", field: "负责人", before: "张三", after: "李四", reason: "交接", user: "王芳" },
    Audits: { quarter: "2026Q4", drawnAt: "2026-12-04 10:30:00", customerId: "C20240115001" },
    CreditHistory: { month: "2026-11", customerId: "C20240115001" },
    Handovers: { date: "2026-12-04", from: "张三", to: "李四", count: 1, customerIds: "C20240115001" },
  };
  /** A workbook holding none of the record sheets: one customer sheet, as SheetJS writes it. */
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["客户编号", "客户名称"], ["C20240115001", "北京华信科技有限公司"]]), "客户信息");
  const bare = new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  const template = path.join(scratch, "template.xlsx");
  let templateParts: Record<string, Uint8Array> = {};
  beforeAll(async () => {
    expect(await main(["template", template], quiet)).toBe(0);
    templateParts = parts(template);
  });

  const protectionOf = (p: Record<string, Uint8Array>, sheet: string) => elements(partText(p, sheetPart(p, sheet)), "sheetProtection");

  it.each(RECORDS)("%s: created on a new sheet, protected exactly as the template protects it", (_name, def) => {
    const entries = [oneEntry[def.key]].map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => def.columns.some((c) => c.key === k))));
    const { bytes, report } = patchWorkbook(bare, { append: [{ table: def, entries }] });
    expect(report.appended[0]).toMatchObject({ how: "new-sheet", sheet: def.sheet });
    const p = parts(bytes);
    expect(protectionOf(p, def.sheet)).toEqual(protectionOf(templateParts, def.sheet));
    expect(protectionOf(p, def.sheet)).toEqual([{ sheet: "1", objects: "1", scenarios: "1", sort: "0", autoFilter: "0" }]);
  });

  it.each([STAFF, LOANS].map((d) => [d.sheet, d] as [string, TableDef]))("%s is the users' register, not custfile's record: not protected", (_name, def) => {
    expect(protectionOf(templateParts, def.sheet)).toEqual([]);
  });

  it.each(RECORDS)("%s: rows appended to the template's protected sheet keep its protection", (_name, def) => {
    const before = new Uint8Array(fs.readFileSync(template));
    const entries = [oneEntry[def.key]].map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => def.columns.some((c) => c.key === k))));
    const { bytes, report } = patchWorkbook(before, { append: [{ table: def, entries }, { table: def, entries }] });
    expect(report.appended.map((a) => a.how)).toEqual(["table", "table"]);
    const p = parts(bytes);
    const was = partText(templateParts, sheetPart(templateParts, def.sheet));
    const now = partText(p, sheetPart(p, def.sheet));
    expect(now).not.toBe(was);
    const element = (xml: string) => xml.match(/<sheetProtection[^>]*\/>/g);
    expect(element(now)).toEqual(element(was));
    expect(readWorkbookData(bytes).sheets.find((s) => s.sheet === def.sheet)!.values.length).toBe(3);
  });

  it("a password-protected sheet keeps its protection, hash and salt included, when rows are appended to it", () => {
    // The fixture's 变更记录 made protected with a password, the way Excel writes it.
    const lock = `<sheetProtection algorithmName="SHA-512" hashValue="kCAdZ2LSNZ0a0ZuG2T+TQ1pzzvm1M+bRsN9BnRHdQyq4KmSXJtm93ZBX0qgmpUHTO2ZrP/uZPdH20RUEW3l3pg==" saltValue="3Sz9vE5Zc5qCmvc1fAQFyw==" spinCount="100000" sheet="1" objects="1" scenarios="1"/>`;
    const locked = patchWorkbook(rich, { finish: (pkg) => pkg.setBytes("xl/worksheets/sheet7.xml", strToU8(pkg.text("xl/worksheets/sheet7.xml").replace("<pageMargins", `${lock}<pageMargins`))) }).bytes;
    const { bytes } = patchWorkbook(locked, { append: [{ table: CHANGELOG, entries: [oneEntry.ChangeLog] }] });
    const now = partText(parts(bytes), "xl/worksheets/sheet7.xml");
    expect(now.match(/<sheetProtection[^>]*\/>/g)).toEqual([lock]);
    expect(malformedParts(parts(bytes))).toEqual([]);
  });
});
