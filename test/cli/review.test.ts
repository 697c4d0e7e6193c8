/**
 * `custfile review` on real .xlsx files (SPEC §8.2): the review sheet written into a copy and
 * refused over an existing one unless --again; filled in (cells written into the real file, as
 * a person would), applied with the ChangeLog rows first in the same copy; applying twice
 * changes nothing the second time.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { nodeSha256 } from "../../src/cli/crypto";
import { writeWorkbookCopy } from "../../src/cli/workbook";
import { readWorkbook } from "../../src/cli/xlsx";
import { verifyChangeLog } from "../../src/core/records/chain";
import type { Cell } from "../../src/core/table";
import { CHANGELOG } from "../../src/core/template/tables";
import { AS_OF, HEAD, paid } from "../core/credit/fixtures";
import { diffParts, elements, malformedParts, partText, parts, textOf } from "../support/xlsx-parts";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-review-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

const UP = "C20240101001"; // recorded C类 320,000; pays on time: A类, suggested 12,000
const DOWN = "C20240101002"; // recorded A类 10,000; one payment 4 days late: B类, suggested 7,000
const THIN = "C20240101003"; // recorded B类 5,000; two invoices: N, keeps B类 / 5,000
const SLEEP = "C20240101004"; // 休眠: not reviewed
const SAME = "C20240101005"; // recorded A类 12,000 and computed A类 12,000: nothing to change

const three = (id: string, late: [number, number, number]): Cell[][] => late.map((l, k) => paid(id, `${id}-${k}`, -200 + 30 * k, 12_345, l));

function workbook(name: string): string {
  const book = XLSX.utils.book_new();
  const sheets: Record<string, Cell[][]> = {
    客户信息: [
      ["客户编号", "客户名称", "负责人", "客户等级", "信用额度", "合作状态"],
      [UP, "甲公司", "王芳", "C类", 320_000, "合作中"],
      [DOWN, "乙公司", "李娜", "A类", 10_000, "合作中"],
      [THIN, "丙公司", "张伟", "B类", 5_000, "合作中"],
      [SLEEP, "丁公司", "刘敏", "B类", 1_000, "休眠"],
      [SAME, "戊公司", "陈杰", "A类", 12_000, "合作中"],
    ],
    回款记录: [HEAD, ...three(UP, [0, 0, 0]), ...three(DOWN, [-20, -20, 4]), ...three(THIN, [0, 0, 0]).slice(0, 2), ...three(SAME, [0, 0, 0])],
  };
  for (const [sheet, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), sheet);
  const file = path.join(scratch, name);
  fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  return file;
}

const SHEET = "信用评级调整 2026";

function valuesOf(file: string, sheet: string): Cell[][] {
  return readWorkbook(file).sheets.find((b) => b.sheet === sheet)!.values;
}

/** Fill cells of the review sheet in a real file, by customer id and header, as a person would in Excel; returns the filled copy. */
function fill(file: string, name: string, cells: Record<string, Record<string, Cell>>): string {
  const values = valuesOf(file, SHEET);
  const head = values.findIndex((r) => r[0] === "客户编号");
  const out = path.join(scratch, name);
  writeWorkbookCopy(readWorkbook(file), out, {
    cells: Object.entries(cells).flatMap(([id, byHeader]) => Object.entries(byHeader).map(([header, value]) => ({
      sheet: SHEET, row: values.findIndex((r) => r[0] === id) + 1, column: values[head].indexOf(header) + 1, value,
      format: header === "审批日期" ? "date" as const : typeof value === "number" ? "money" as const : undefined,
    }))),
  });
  return out;
}

/** A review written by the command (编制人 赵编制, as of the fixtures' day). */
async function reviewed(name: string): Promise<string> {
  const out = path.join(scratch, `${name}-review.xlsx`);
  expect(await main(["review", workbook(`${name}.xlsx`), "--year", "2026", "--as-of", AS_OF, "--preparer", "赵编制", "--out", out], io())).toBe(0);
  return out;
}

const approved = (extra: Record<string, Cell> = {}) => ({ 审批人: "钱总监", 审批结果: "同意", 审批日期: "2026-09-20", ...extra });

describe("custfile review (generating)", () => {
  it("--out adds the sheet 信用评级调整 2026: every customer but 休眠, proposals prefilled, 编制人 filled, dropdowns on 调整后等级 and 审批结果; the input is unchanged", async () => {
    const file = workbook("g1.xlsx");
    const before = sha256(file);
    const out = path.join(scratch, "g1-out.xlsx");
    const o = io();
    expect(await main(["review", file, "--year", "2026", "--as-of", AS_OF, "--preparer", "赵编制", "--out", out], o)).toBe(0);
    expect(sha256(file)).toBe(before);
    expect(o.stdout).toContain(`wrote ${out}: sheet ${SHEET} added, 4 customer(s) to review.`);
    expect(o.stdout).toMatch(new RegExp(`${UP}\\s+甲公司\\s+现 C类 / 320,000 → 调整后 A类 / 12,000\\s+评分 80`));
    const values = valuesOf(out, SHEET);
    const head = values.findIndex((r) => r[0] === "客户编号");
    const col = (h: string) => values[head].indexOf(h);
    const rows = values.slice(head + 1);
    expect(rows.map((r) => [r[0], r[col("现等级")], r[col("现额度")], r[col("调整后等级")], r[col("调整后额度")], r[col("编制人")], r[col("审批人")]])).toEqual([
      [UP, "C类", 320_000, "A类", 12_000, "赵编制", null],
      [DOWN, "A类", 10_000, "B类", 7_000, "赵编制", null],
      [THIN, "B类", 5_000, "B类", 5_000, "赵编制", null],
      [SAME, "A类", 12_000, "A类", 12_000, "赵编制", null],
    ]);
    const p = parts(out);
    expect(malformedParts(p)).toEqual([]);
    const sheetPart = Object.keys(p).filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k)).sort().pop()!;
    const letter = (h: string) => String.fromCharCode(65 + col(h));
    expect(elements(partText(p, sheetPart), "dataValidation").map((d) => [d.sqref, textOf(d.formula1)])).toEqual([
      [`${letter("调整后等级")}${head + 2}:${letter("调整后等级")}${head + 5}`, '"A类,B类,C类"'],
      [`${letter("审批结果")}${head + 2}:${letter("审批结果")}${head + 5}`, '"同意,不同意,修改后同意"'],
    ]);
  });

  it("--json: {year, asOf, sheet, customers, dormant, proposals}; without --out nothing is written", async () => {
    const o = io();
    expect(await main(["review", workbook("g2.xlsx"), "--year", "2026", "--as-of", AS_OF, "--json"], o)).toBe(0);
    const json = JSON.parse(o.stdout);
    expect(Object.keys(json)).toEqual(["year", "asOf", "sheet", "customers", "dormant", "proposals"]);
    expect(json).toMatchObject({ year: 2026, asOf: AS_OF, sheet: SHEET, customers: 4, dormant: 1 });
    expect(json.proposals[2]).toMatchObject({ id: THIN, current: { grade: "B类", limit: 5000 }, computed: { grade: "N" }, proposed: { grade: "B类", limit: 5000 } });
    expect(o.stderr).toBe("");
    expect(fs.readdirSync(scratch).filter((f) => f.startsWith("g2-"))).toEqual([]);
  });

  it("a workbook that already has the year's review is refused (exit 2, nothing written); --again replaces the sheet in the copy and says what the old one held", async () => {
    const filled = fill(await reviewed("g3"), "g3-filled.xlsx", { [UP]: approved() });
    const out = path.join(scratch, "g3-out.xlsx");
    const o = io();
    expect(await main(["review", filled, "--year", "2026", "--as-of", AS_OF, "--out", out], o)).toBe(2);
    expect(o.stderr).toContain(`already has the sheet ${SHEET} (1 row(s) with 审批结果 filled in); a new review would write over it.`);
    expect(o.stderr).toContain("--apply --year 2026");
    expect(fs.existsSync(out)).toBe(false);
    const a = io();
    expect(await main(["review", filled, "--year", "2026", "--as-of", AS_OF, "--again", "--out", out], a)).toBe(0);
    expect(a.stdout).toContain(`sheet ${SHEET} replaced by a new review of 4 customer(s) (--again); the 1 row(s) with 审批结果 filled in on the old one are not in the copy (${filled} still has them)`);
    expect(readWorkbook(out).sheets.map((b) => b.sheet)).toEqual(readWorkbook(filled).sheets.map((b) => b.sheet));
    const values = valuesOf(out, SHEET);
    const head = values.findIndex((r) => r[0] === "客户编号");
    expect(values.slice(head + 1).map((r) => r[values[head].indexOf("审批人")])).toEqual([null, null, null, null]);
    // The old sheet's table is gone with it: one review table in the copy.
    const p = parts(out);
    expect(Object.keys(p).filter((k) => /^xl\/tables\//.test(k)).map((k) => elements(partText(p, k), "table")[0].name)).toEqual(["CreditReview2026"]);
  });
});

describe("custfile review --apply", () => {
  let filled = "";
  const applied = path.join(scratch, "a-applied.xlsx");
  const o = io();
  let code = -1;
  let inputHash = "";
  beforeAll(async () => {
    filled = fill(await reviewed("a"), "a-filled.xlsx", {
      [UP]: approved(),
      [DOWN]: approved({ 审批结果: "修改后同意", 调整后额度: 8_000 }),
      [THIN]: approved({ 审批人: "赵编制" }),
      [SAME]: approved(),
    });
    inputHash = sha256(filled);
    code = await main(["review", filled, "--apply", "--year", "2026", "--as-of", AS_OF, "--out", applied], o);
  });

  it("writes the approved values into 客户信息 and lists applied / unchanged / skipped with the reason and cell; exit 1 for a row a person must fix", () => {
    expect(code).toBe(1);
    expect(o.stdout).toContain(`${SHEET} → 客户信息: 2 applied, 1 unchanged (already applied), 1 skipped; 4 cell(s) to write.`);
    expect(o.stdout).toContain(`${THIN} [same-person]  工作表「${SHEET}」`);
    expect(o.stdout).toContain("审批人与编制人是同一人（赵编制），未应用。");
    expect(o.stdout).toContain("客户等级 C类→A类，信用额度 320000→12000");
    expect(valuesOf(applied, "客户信息").slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      [UP, "A类", 12_000], [DOWN, "B类", 8_000], [THIN, "B类", 5_000], [SLEEP, "B类", 1_000], [SAME, "A类", 12_000],
    ]);
  });

  it("grades are written as text, limits as money", () => {
    const p = parts(applied);
    const xf = elements(partText(p, "xl/styles.xml"), "cellXfs")[0].xf as Array<Record<string, string>>;
    const cell = (ref: string) => elements(partText(p, "xl/worksheets/sheet1.xml"), "c").find((c) => c.r === ref)!;
    expect(xf[Number(cell("D2").s)].numFmtId).toBe("49");
    expect(cell("D2").t).toBe("inlineStr");
    expect(xf[Number(cell("E2").s)].numFmtId).toBe("4");
    expect(Number(textOf(cell("E2").v))).toBe(12_000);
  });

  it("each old value is in 变更记录 first, in the same copy (原因 信用评级调整 2026, 操作人 = 审批人), and the 校验 chain holds", async () => {
    const log = valuesOf(applied, CHANGELOG.sheet);
    expect(log[0]).toEqual(CHANGELOG.columns.map((c) => c.header));
    expect(log.slice(1).map((r) => r.slice(2, 8))).toEqual([
      [UP, "客户等级", "C类", "A类", "信用评级调整 2026", "钱总监"],
      [UP, "信用额度", "320000", "12000", "信用评级调整 2026", "钱总监"],
      [DOWN, "客户等级", "A类", "B类", "信用评级调整 2026", "钱总监"],
      [DOWN, "信用额度", "10000", "8000", "信用评级调整 2026", "钱总监"],
    ]);
    const chain = await verifyChangeLog(readWorkbook(applied).sheets, nodeSha256);
    expect([chain.ok, chain.chained, chain.problems]).toEqual([true, 4, []]);
  });

  it("applying the copy again changes nothing: no cell, no 变更记录 row (every approved row is unchanged now)", async () => {
    const again = path.join(scratch, "a-again.xlsx");
    const t = io();
    expect(await main(["review", applied, "--apply", "--year", "2026", "--as-of", AS_OF, "--out", again, "--json"], t)).toBe(1);
    const json = JSON.parse(t.stdout);
    expect(json.counts).toEqual({ applied: 0, unchanged: 3, skipped: 1 });
    expect(json.changeLogRows).toBe(0);
    expect(t.stderr).toContain("nothing to apply, the copy is the workbook unchanged.");
    expect(diffParts(parts(applied), parts(again))).toEqual({ missing: [], changed: [], added: [] });
  });

  it("the input is never changed", () => {
    expect(sha256(filled)).toBe(inputHash);
    expect(valuesOf(filled, "客户信息")[1][3]).toBe("C类");
    expect(readWorkbook(filled).sheets.map((b) => b.sheet)).not.toContain(CHANGELOG.sheet);
  });
});

describe("custfile review --apply: exit codes and --json", () => {
  it("exit 0 when the rows not applied are only not yet approved or 不同意; --json lists every row with its status, reason and writes", async () => {
    const filled = fill(await reviewed("b"), "b-filled.xlsx", { [UP]: approved(), [DOWN]: approved({ 审批结果: "不同意" }) });
    const o = io();
    expect(await main(["review", filled, "--apply", "--year", "2026", "--as-of", AS_OF, "--json", "--lang", "en-US"], o)).toBe(0);
    const json = JSON.parse(o.stdout);
    expect(Object.keys(json)).toEqual(["year", "reviewSheet", "customersSheet", "counts", "outcomes", "changeLogRows"]);
    expect(json.counts).toEqual({ applied: 1, unchanged: 0, skipped: 3 });
    expect(json.outcomes.map((x: { customerId: string; status: string; skip?: string }) => [x.customerId, x.status, x.skip ?? null])).toEqual([
      [UP, "applied", null], [DOWN, "skipped", "rejected"], [THIN, "skipped", "not-approved"], [SAME, "skipped", "not-approved"],
    ]);
    expect(json.outcomes[0].writes).toEqual([
      { sheet: "客户信息", row: 2, column: "客户等级", field: "grade", before: "C类", after: "A类" },
      { sheet: "客户信息", row: 2, column: "信用额度", field: "creditLimit", before: 320_000, after: 12_000 },
    ]);
    expect(json.outcomes[1].message).toMatch(/^Sheet "信用评级调整 2026".*row \d+, column "审批结果".*rejected/);
    // Without --out nothing is written, and stderr says how to write it.
    expect(o.stderr).toContain("nothing written: add --out FILE.xlsx to write these 2 change(s) into a copy.");
  });

  it("an approval dated after today (--as-of) is not applied", async () => {
    const filled = fill(await reviewed("c"), "c-filled.xlsx", { [UP]: approved({ 审批日期: "2026-10-05" }) });
    const o = io();
    expect(await main(["review", filled, "--apply", "--year", "2026", "--as-of", AS_OF], o)).toBe(1);
    expect(o.stdout).toContain("审批日期 2026-10-05 晚于今天，未应用。");
  });

  it.each([
    ["no review sheet of the year", async () => workbook("e1.xlsx"), ["--apply", "--year", "2026"], /No sheet 信用评级调整 2026 to apply: generate it first/],
    ["no --year", async () => workbook("e2.xlsx"), [], /needs --year/],
    ["a bad --year", async () => workbook("e3.xlsx"), ["--year", "26"], /--year must be a year written YYYY/],
    ["--again with --apply", async () => workbook("e4.xlsx"), ["--apply", "--again", "--year", "2026"], /--again is for generating a review/],
    ["--lang without --apply", async () => workbook("e5.xlsx"), ["--year", "2026", "--lang", "en-US"], /--lang is for --apply/],
    ["no payment table", async () => {
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["客户编号"], [UP]]), "客户信息");
      const file = path.join(scratch, "e6.xlsx");
      fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
      return file;
    }, ["--year", "2026"], /No payment table/],
  ] as [string, () => Promise<string>, string[], RegExp][])("exit 2 on %s, with a message", async (_what, make, args, message) => {
    const o = io();
    expect(await main(["review", await make(), ...args], o)).toBe(2);
    expect(o.stderr).toMatch(message);
    expect(o.stdout).toBe("");
  });

  it("is listed by custfile --help", async () => {
    const o = io();
    await main(["--help"], o);
    expect(o.stdout).toMatch(/review\s+annual credit review/);
  });
});
