/**
 * Every command that writes a copy keeps the user's workbook: on test/fixtures/rich.xlsx (a
 * table, data validation, conditional formats, a chart, a pivot table and its cache, an image,
 * a comment, defined names, frozen panes, a protected sheet, a formula and its calcChain), the
 * copy holds every part of the input, byte-identical except the few parts the command means to
 * change; what it adds is well-formed and reads back.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import * as XLSX from "xlsx";
import { writeWorkbookCopy } from "../../src/cli/workbook";
import { readWorkbook } from "../../src/cli/xlsx";
import { AUDITS, TABLES } from "../../src/core/template/tables";
import { AUDIT_SHEET_HEADERS, CHECK_RESULT_COLUMN } from "../../src/core/audit";
import { CREDIT_SHEET_HEADERS } from "../../src/core/credit";
import { diffParts, elements, malformedParts, partText, parts, textOf } from "../support/xlsx-parts";

const FIXTURE = path.resolve(__dirname, "../fixtures/rich.xlsx");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-roundtrip-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const SEED = "0123456789abcdef0123456789abcdef";

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** A fresh copy of the fixture to run a command on. */
function input(name: string): string {
  const file = path.join(scratch, name);
  fs.copyFileSync(FIXTURE, file);
  return file;
}

/** Parts that adding a sheet of custfile's changes: the package's lists of parts, the workbook's sheet list and relationships, and the styles (new cell formats). */
const ADD_SHEET = ["[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml"];

describe("the fixture holds what a user's workbook holds", () => {
  const p = parts(FIXTURE);
  it.each([
    ["an Excel table", "xl/tables/table1.xml"],
    ["a chart", "xl/charts/chart1.xml"],
    ["a pivot table", "xl/pivotTables/pivotTable1.xml"],
    ["a pivot cache", "xl/pivotCache/pivotCacheDefinition1.xml"],
    ["pivot cache records", "xl/pivotCache/pivotCacheRecords1.xml"],
    ["an image", "xl/media/image1.png"],
    ["a comment", "xl/comments1.xml"],
    ["the comment's shape", "xl/drawings/vmlDrawing1.vml"],
    ["a calculation chain", "xl/calcChain.xml"],
  ])("%s (%s)", (_what, part) => {
    expect(p[part]).toBeDefined();
  });

  it("data validation, conditional formats and a frozen header on 客户信息; a protected 备注; defined names", () => {
    const sheet1 = partText(p, "xl/worksheets/sheet1.xml");
    expect(elements(sheet1, "dataValidation")).toHaveLength(2);
    expect(elements(sheet1, "conditionalFormatting")).toHaveLength(2);
    expect(elements(sheet1, "pane")[0]).toMatchObject({ state: "frozen", ySplit: "1" });
    expect(elements(partText(p, "xl/worksheets/sheet5.xml"), "sheetProtection")).toHaveLength(1);
    expect(elements(partText(p, "xl/workbook.xml"), "definedName").map((d) => d.name)).toEqual(["_xlnm.Print_Area", "税率"]);
    expect(malformedParts(p)).toEqual([]);
  });
});

/** How a command's copy may differ from its input. */
interface RoundTrip {
  command: string;
  args: string[];
  exits: number[];
  /** Parts it changes besides those of adding a sheet (ADD_SHEET). */
  alsoChanged: string[];
  added: string[];
  /** The user's sheets whose values it changes (the others read back as they were). */
  userSheetsChanged: string[];
  /** The <sheet> elements it adds to the workbook part, in order; `first` ones go before the user's sheets. */
  newSheets: Array<{ sheetId: string; id: string; first?: boolean }>;
  /** Its new sheet part with its table: the table's name, a frozen header or not, a text column (1-based). */
  sheet: { part: string; table: RegExp; frozen: boolean; textColumn: number };
}

const ROUND_TRIPS: RoundTrip[] = [
  { command: "validate", args: ["--as-of", "2026-09-30"], exits: [0, 1], alsoChanged: [], added: ["xl/tables/table4.xml", "xl/worksheets/_rels/sheet8.xml.rels", "xl/worksheets/sheet8.xml"], userSheetsChanged: [], newSheets: [{ sheetId: "8", id: "rId12" }], sheet: { part: "xl/worksheets/sheet8.xml", table: /^ValidationResults$/, frozen: true, textColumn: 1 } },
  { command: "credit", args: ["--as-of", "2026-09-30"], exits: [0, 1], alsoChanged: [], added: ["xl/tables/table4.xml", "xl/worksheets/_rels/sheet8.xml.rels", "xl/worksheets/sheet8.xml"], userSheetsChanged: [], newSheets: [{ sheetId: "8", id: "rId12" }], sheet: { part: "xl/worksheets/sheet8.xml", table: /^CreditGrades$/, frozen: true, textColumn: 1 } },
  // audit also writes the draw into the Audits table: its sheet changes (the table part too when it has to grow, see below).
  { command: "audit", args: ["--quarter", "2026Q3", "--seed", SEED], exits: [0], alsoChanged: ["xl/worksheets/sheet6.xml"], added: ["xl/tables/table4.xml", "xl/worksheets/_rels/sheet8.xml.rels", "xl/worksheets/sheet8.xml"], userSheetsChanged: [AUDITS.sheet], newSheets: [{ sheetId: "8", id: "rId12" }], sheet: { part: "xl/worksheets/sheet8.xml", table: /^Audit_2026Q3$/, frozen: true, textColumn: 2 } },
  // handover writes 负责人 into 客户信息 (sheet1), its ChangeLog rows with a new 校验 column into 变更记录 (sheet7, table3),
  // the Handovers row on a new protected 交接记录 (sheet8, table4) and the 交接清单 (sheet9, table5).
  { command: "handover", args: ["--from", "张三", "--to", "王五", "--date", "2026-06-30"], exits: [0], alsoChanged: ["xl/tables/table3.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet7.xml"], added: ["xl/tables/table4.xml", "xl/tables/table5.xml", "xl/worksheets/_rels/sheet8.xml.rels", "xl/worksheets/_rels/sheet9.xml.rels", "xl/worksheets/sheet8.xml", "xl/worksheets/sheet9.xml"], userSheetsChanged: ["客户信息", "变更记录"], newSheets: [{ sheetId: "8", id: "rId12" }, { sheetId: "9", id: "rId13" }], sheet: { part: "xl/worksheets/sheet8.xml", table: /^Handovers$/, frozen: true, textColumn: 2 } },
  // export --mask: the rule is relaxed exactly for what masking must change — the phones in 客户信息 (sheet1) and in
  // the ChangeLog (sheet7), the shared strings (the masked cells' old values emptied) and docProps/core.xml (the
  // author removed). The notice goes first: the workbook part's print area (localSheetId) and active tab follow their sheet.
  { command: "export", args: ["--mask"], exits: [0], alsoChanged: ["docProps/core.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet7.xml"], added: ["xl/tables/table4.xml", "xl/worksheets/_rels/sheet8.xml.rels", "xl/worksheets/sheet8.xml"], userSheetsChanged: ["客户信息", "变更记录"], newSheets: [{ sheetId: "8", id: "rId12", first: true }], sheet: { part: "xl/worksheets/sheet8.xml", table: /^MaskedCells$/, frozen: false, textColumn: 1 } },
  // review adds the 信用评级调整 2026 sheet: title lines, then its table (frozen down to the header row).
  { command: "review", args: ["--year", "2026", "--as-of", "2026-09-30", "--preparer", "赵编制"], exits: [0], alsoChanged: [], added: ["xl/tables/table4.xml", "xl/worksheets/_rels/sheet8.xml.rels", "xl/worksheets/sheet8.xml"], userSheetsChanged: [], newSheets: [{ sheetId: "8", id: "rId12" }], sheet: { part: "xl/worksheets/sheet8.xml", table: /^CreditReview2026$/, frozen: true, textColumn: 1 } },
];

describe.each(ROUND_TRIPS)("custfile $command --out keeps every part of the workbook", ({ command, args, exits, alsoChanged, added, userSheetsChanged, newSheets, sheet: newSheet }) => {
  const file = input(`${command}-in.xlsx`);
  const out = path.join(scratch, `${command}-out.xlsx`);
  const before = sha256(file);
  let code = -1;
  const o = io();
  beforeAll(async () => {
    code = await main([command, file, ...args, "--out", out], o);
  });

  it("succeeds and leaves the input byte-identical", () => {
    expect(exits).toContain(code);
    expect(sha256(file)).toBe(before);
  });

  it("has every part of the input, unchanged except the ones it means to change", () => {
    const d = diffParts(parts(file), parts(out));
    expect(d.missing).toEqual([]);
    expect(d.changed).toEqual([...ADD_SHEET, ...alsoChanged].sort());
    // Its new sheets, their tables and the tables' relationships; nothing else.
    expect(d.added).toEqual(added);
  });

  it("writes well-formed XML that SheetJS reads, with the user's sheets as they were", () => {
    expect(malformedParts(parts(out))).toEqual([]);
    const a = readWorkbook(file);
    const b = readWorkbook(out);
    for (const s of a.sheets) {
      if (userSheetsChanged.includes(s.sheet)) continue;
      expect(b.sheets.find((x) => x.sheet === s.sheet)?.values).toEqual(s.values);
    }
  });

  it("changes the workbook part only by its <sheet> elements, keeping names, views and the pivot cache", () => {
    const was = partText(parts(file), "xl/workbook.xml");
    let now = partText(parts(out), "xl/workbook.xml");
    const sheets = elements(now, "sheet");
    for (const n of newSheets) {
      const at = sheets.findIndex((x) => x.sheetId === n.sheetId);
      expect(sheets[at]).toMatchObject({ sheetId: n.sheetId, id: n.id });
      expect(at).toBe(n.first ? 0 : sheets.length - newSheets.length + newSheets.indexOf(n));
      now = now.replace(new RegExp(`<sheet name="[^"]*" sheetId="${n.sheetId}" r:id="${n.id}"/>`), "");
    }
    // A sheet put first moves the user's sheets one place on: the print area of 客户信息 and the active tab follow it.
    if (newSheets.some((n) => n.first)) now = now.replace('activeTab="1"', 'activeTab="0"').replace('localSheetId="1"', 'localSheetId="0"');
    expect(now).toBe(was);
  });

  it("adds its sheet as a real Excel table: named, styled, filtered, text columns as text", () => {
    const p = parts(out);
    const table = elements(partText(p, "xl/tables/table4.xml"), "table")[0];
    expect(table.name).toMatch(newSheet.table);
    expect(table.id).toBe("4");
    expect(elements(partText(p, "xl/tables/table4.xml"), "autoFilter")[0].ref).toBe(table.ref);
    expect(elements(partText(p, "xl/tables/table4.xml"), "tableStyleInfo")[0].name).toBe("TableStyleMedium2");
    const sheet = partText(p, newSheet.part);
    // Frozen down to the table's header row (the review sheet has its title lines above it).
    const headerRow = /\d+/.exec(String(table.ref))![0];
    if (newSheet.frozen) expect(elements(sheet, "pane")[0]).toMatchObject({ state: "frozen", ySplit: headerRow });
    else expect(elements(sheet, "pane")).toEqual([]);
    expect(elements(sheet, "tablePart")).toHaveLength(1);
    // A text column (table names, customer ids) is formatted as text: its column style's number format is 49 ("@").
    const col = elements(sheet, "col").find((c) => c.min === String(newSheet.textColumn))!;
    const xf = elements(partText(p, "xl/styles.xml"), "cellXfs")[0].xf as Array<Record<string, string>>;
    expect(xf[Number(col.style)].numFmtId).toBe("49");
  });
});

describe("what custfile's sheets hold", () => {
  /** Number format id of the column style of a 1-based column of a sheet part. */
  function columnFormat(p: Record<string, Uint8Array>, sheetPart: string, column: number): string {
    const col = elements(partText(p, sheetPart), "col").find((c) => c.min === String(column))!;
    const xf = elements(partText(p, "xl/styles.xml"), "cellXfs")[0].xf as Array<Record<string, string>>;
    return xf[Number(col.style)].numFmtId;
  }

  it("the audit sheet has the 核对结果 dropdown and 核对日期 as a date column", () => {
    const p = parts(path.join(scratch, "audit-out.xlsx"));
    const rules = elements(partText(p, "xl/worksheets/sheet8.xml"), "dataValidation");
    const letter = String.fromCharCode(65 + CHECK_RESULT_COLUMN);
    expect(rules.map((r) => [r.sqref, textOf(r.formula1)])).toEqual([[`${letter}2`, '"一致,已更正,无法联系"']]);
    const dateColumn = AUDIT_SHEET_HEADERS.indexOf("核对日期") + 1;
    const id = columnFormat(p, "xl/worksheets/sheet8.xml", dateColumn);
    expect(elements(partText(p, "xl/styles.xml"), "numFmt").find((f) => f.numFmtId === id)!.formatCode).toMatch(/^yyyy\\?-mm\\?-dd$/);
  });

  it("the credit sheet formats money as money and counts as whole numbers", () => {
    const p = parts(path.join(scratch, "credit-out.xlsx"));
    expect(columnFormat(p, "xl/worksheets/sheet8.xml", CREDIT_SHEET_HEADERS.indexOf("建议额度") + 1)).toBe("4");
    expect(columnFormat(p, "xl/worksheets/sheet8.xml", CREDIT_SHEET_HEADERS.indexOf("发票数") + 1)).toBe("1");
  });
});

describe("custfile monitor --out keeps every part of the workbook", () => {
  const file = input("monitor-in.xlsx");
  const out = path.join(scratch, "monitor-out.xlsx");
  const again = path.join(scratch, "monitor-again.xlsx");
  const before = sha256(file);
  const args = ["--month", "2026-09", "--as-of", "2026-10-08"];
  let codes: number[] = [];
  beforeAll(async () => {
    codes = [await main(["monitor", file, ...args, "--out", out], io()), await main(["monitor", out, ...args, "--out", again], io())];
  });

  it("succeeds and leaves the input byte-identical", () => {
    expect(codes).toEqual([0, 0]);
    expect(sha256(file)).toBe(before);
  });

  it("adds 信用月报 (from the template) and the report sheet with its tables, drawing and two charts; nothing else changes", () => {
    const d = diffParts(parts(file), parts(out));
    expect(d.missing).toEqual([]);
    expect(d.changed).toEqual(ADD_SHEET);
    expect(d.added).toEqual([
      "xl/charts/chart2.xml", "xl/charts/chart3.xml", "xl/drawings/_rels/drawing3.xml.rels", "xl/drawings/drawing3.xml",
      "xl/tables/table4.xml", "xl/tables/table5.xml", "xl/tables/table6.xml", "xl/tables/table7.xml",
      "xl/worksheets/_rels/sheet8.xml.rels", "xl/worksheets/_rels/sheet9.xml.rels", "xl/worksheets/sheet8.xml", "xl/worksheets/sheet9.xml",
    ]);
    expect(malformedParts(parts(out))).toEqual([]);
    const a = readWorkbook(file);
    const b = readWorkbook(out);
    for (const s of a.sheets) expect(b.sheets.find((x) => x.sheet === s.sheet)?.values).toEqual(s.values);
    expect(b.sheets.map((s) => s.sheet)).toEqual([...a.sheets.map((s) => s.sheet), "信用月报", "信用异常 2026-09"]);
    // The user's chart is still there, untouched, beside the two new ones.
    expect(partText(parts(out), "xl/charts/chart1.xml")).toBe(partText(parts(file), "xl/charts/chart1.xml"));
  });

  it("recording the month again touches only the report sheet's own parts: 信用月报's rows are replaced by the same rows, the user's parts stay", () => {
    const d = diffParts(parts(out), parts(again));
    expect(d.missing).toEqual([]);
    expect(d.added).toEqual([]);
    const own = /^(\[Content_Types\]\.xml|xl\/charts\/chart[23]\.xml|xl\/drawings\/drawing3\.xml|xl\/tables\/table[567]\.xml|xl\/worksheets\/sheet9\.xml)$/;
    expect(d.changed.filter((k) => !own.test(k))).toEqual([]);
    expect(readWorkbook(again).sheets.find((s) => s.sheet === "信用月报")!.values).toEqual(readWorkbook(out).sheets.find((s) => s.sheet === "信用月报")!.values);
  });
});

describe("custfile review --apply keeps every part of the workbook", () => {
  const file = input("review-apply-in.xlsx");
  const reviewed = path.join(scratch, "review-apply-reviewed.xlsx");
  const filled = path.join(scratch, "review-apply-filled.xlsx");
  const out = path.join(scratch, "review-apply-out.xlsx");
  let code = -1;
  let before = "";
  beforeAll(async () => {
    expect(await main(["review", file, "--year", "2026", "--as-of", "2026-09-30", "--preparer", "赵编制", "--out", reviewed], io())).toBe(0);
    // 钱总监 approves the proposal for C20240220001 (B类 50,000 → C类 0), as a person would type it in Excel.
    const values = readWorkbook(reviewed).sheets.find((s) => s.sheet === "信用评级调整 2026")!.values;
    const head = values.findIndex((r) => r[0] === "客户编号");
    const row = values.findIndex((r) => r[0] === "C20240220001") + 1;
    const at = (h: string) => values[head].indexOf(h) + 1;
    writeWorkbookCopy(readWorkbook(reviewed), filled, { cells: [
      { sheet: "信用评级调整 2026", row, column: at("审批人"), value: "钱总监" },
      { sheet: "信用评级调整 2026", row, column: at("审批结果"), value: "同意" },
      { sheet: "信用评级调整 2026", row, column: at("审批日期"), value: "2026-09-25", format: "date" },
    ] });
    before = sha256(filled);
    code = await main(["review", filled, "--apply", "--year", "2026", "--as-of", "2026-09-30", "--out", out], io());
  });

  it("succeeds and leaves the input byte-identical", () => {
    expect(code).toBe(0);
    expect(sha256(filled)).toBe(before);
  });

  it("changes only 客户信息 (two cells) and 变更记录 with its table (two rows, the 校验 column); every other part is the same bytes", () => {
    const d = diffParts(parts(filled), parts(out));
    // Styles gain one cell format: ChangeLog 时间 is an Excel date-time (yyyy-mm-dd hh:mm:ss), which the workbook had not used yet.
    expect(d).toEqual({ missing: [], changed: ["xl/styles.xml", "xl/tables/table3.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet7.xml"], added: [] });
    expect(malformedParts(parts(out))).toEqual([]);
    const a = readWorkbook(filled);
    const b = readWorkbook(out);
    for (const s of a.sheets) {
      if (s.sheet === "客户信息" || s.sheet === "变更记录") continue;
      expect(b.sheets.find((x) => x.sheet === s.sheet)?.values).toEqual(s.values);
    }
    const customersBefore = a.sheets.find((s) => s.sheet === "客户信息")!.values;
    const customersAfter = b.sheets.find((s) => s.sheet === "客户信息")!.values;
    const changed: string[] = [];
    customersBefore.forEach((r, i) => r.forEach((v, j) => { if (customersAfter[i][j] !== v) changed.push(`${i + 1}:${String(customersBefore[0][j])} ${String(v)}→${String(customersAfter[i][j])}`); }));
    expect(changed).toEqual(["3:客户等级 B类→C类", "3:信用额度 50000→0"]);
    expect(b.sheets.find((s) => s.sheet === "变更记录")!.values.slice(2).map((r) => r.slice(2, 8))).toEqual([
      ["C20240220001", "客户等级", "B类", "C类", "信用评级调整 2026", "钱总监"],
      ["C20240220001", "信用额度", "50000", "0", "信用评级调整 2026", "钱总监"],
    ]);
  });

  it("客户信息 keeps its table, dropdowns, conditional formats, comment, image and frozen header", () => {
    const p = parts(out);
    const sheet1 = partText(p, "xl/worksheets/sheet1.xml");
    expect(elements(sheet1, "dataValidation")).toHaveLength(2);
    expect(elements(sheet1, "conditionalFormatting")).toHaveLength(2);
    expect(elements(sheet1, "pane")[0]).toMatchObject({ state: "frozen", ySplit: "1" });
    expect(elements(sheet1, "tablePart")).toHaveLength(1);
    expect(partText(p, "xl/worksheets/_rels/sheet1.xml.rels")).toBe(partText(parts(filled), "xl/worksheets/_rels/sheet1.xml.rels"));
  });
});

describe("custfile audit --out grows the user's Audits table in place", () => {
  const file = input("audit-grow.xlsx");
  const first = path.join(scratch, "audit-grow-1.xlsx");
  const second = path.join(scratch, "audit-grow-2.xlsx");

  it("fills the table's empty row first, then adds rows below; the table's range and filter follow", async () => {
    expect(await main(["audit", file, "--quarter", "2026Q3", "--seed", SEED, "--out", first], io())).toBe(0);
    const drawn = readWorkbook(first).sheets.find((s) => s.sheet === AUDITS.sheet)!.values;
    expect(drawn.length).toBe(2); // header + the one customer of a 15% sample of 3
    const t1 = elements(partText(parts(first), "xl/tables/table2.xml"), "table")[0];
    expect(t1.ref).toBe("A1:L2");

    // A second draw (--again: issue 17 refuses another seed or rate for a drawn quarter without it) is recorded below the first: draw 2.
    expect(await main(["audit", first, "--quarter", "2026Q3", "--again", "--seed", "f".repeat(32), "--rate", "20%", "--out", second], io())).toBe(0);
    const rows = readWorkbook(second).sheets.find((s) => s.sheet === AUDITS.sheet)!.values;
    expect(rows.length).toBe(3);
    expect(rows[1]).toEqual(drawn[1]);
    expect(rows[2][AUDITS.columns.findIndex((c) => c.key === "draw")]).toBe(2);
    const t2 = elements(partText(parts(second), "xl/tables/table2.xml"), "table")[0];
    expect(t2.ref).toBe("A1:L3");
    expect(elements(partText(parts(second), "xl/tables/table2.xml"), "autoFilter")[0].ref).toBe("A1:L3");
  });

  it("re-running on the copy re-derives and verifies the recorded draw", async () => {
    const o = io();
    expect(await main(["audit", second, "--quarter", "2026Q3", "--json"], o)).toBe(0);
    expect(o.stderr).toMatch(/verified, identical/);
  });

  it("replaces its own 抽查 sheet in place on the next write (one table of that name, no leftover parts)", async () => {
    const third = path.join(scratch, "audit-grow-3.xlsx");
    expect(await main(["audit", second, "--quarter", "2026Q3", "--out", third], io())).toBe(0);
    const before = parts(second);
    const after = parts(third);
    const d = diffParts(before, after);
    expect(d.missing).toEqual([]);
    expect(d.added).toEqual([]);
    const names = Object.keys(after).filter((k) => k.startsWith("xl/tables/")).map((k) => elements(partText(after, k), "table")[0].name);
    expect(names.filter((n) => n === "Audit_2026Q3")).toHaveLength(1);
    expect(readWorkbook(third).sheets.map((s) => s.sheet)).toEqual(readWorkbook(second).sheets.map((s) => s.sheet));
  });
});

describe("the template opened with SheetJS", () => {
  // SheetJS reads the cells; with bookFiles it hands over the package's parts, where tables and validations live.
  it("shows every table and its dropdowns", async () => {
    type Files = Record<string, { content: Uint8Array }>;
    const file = path.join(scratch, "template.xlsx");
    expect(await main(["template", file], io())).toBe(0);
    const wb = XLSX.read(fs.readFileSync(file), { type: "buffer", bookFiles: true }) as XLSX.WorkBook & { files: Files };
    const files = Object.fromEntries(Object.entries(wb.files).map(([k, v]) => [k.replace(/^\//, ""), v.content]));
    const tables = Object.keys(files).filter((k) => /^xl\/tables\/table\d+\.xml$/.test(k)).map((k) => elements(partText(files, k), "table")[0].name);
    expect(tables.sort()).toEqual(["Archive", "Audits", "ChangeLog", "CreditHistory", "CreditPolicy", "Customers", "Handovers", "Interactions", "Lists", "Loans", "Payments", "Staff"]);
    const rules = Object.keys(files).filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k)).flatMap((k) => elements(partText(files, k), "dataValidation").map((d) => textOf(d.formula1)));
    expect(rules).toHaveLength(10);
    expect(rules).toContain('INDIRECT("Lists[客户等级]")');
    expect(wb.SheetNames).toEqual(TABLES.map((t) => t.sheet));
  });
});
