/** Audit records: the 抽查 sheet, Audits rows read back, verify(); quarters; Web Crypto primitives. */
import {
  AUDIT_SHEET_HEADERS, CHECK_RESULT_COLUMN, auditSheetName, auditSheetRows, auditsTableRows, drawSample, latestRecord, normalizeSeed,
  parseQuarter, quarterEnd, quarterOfDay, quarterStart, quarterText, randomSeed, readAuditInput, readAuditRecords, sha256Hex, verify,
} from "../../../src/core/audit";
import { hmacSha256HexAll } from "../../../src/core/audit/crypto";
import { cellDay, formatDay, parseIsoDate } from "../../../src/core/dates";
import { AUDITS } from "../../../src/core/template/tables";
import { isoToExcelSerial } from "../../../src/core/sheets";
import type { Cell, SheetBlock } from "../../../src/core/table";
import { changeLogBlock, customerId, customersBlock, plainCustomers } from "./fixtures";

const SEED = "00112233445566778899aabbccddeeff";

function auditsBlock(rows: Cell[][]): SheetBlock {
  return { sheet: "抽查记录", tableName: "Audits", firstRow: 1, firstColumn: 1, values: [AUDITS.columns.map((c) => c.header), ...rows] };
}

async function recorded(blocks: SheetBlock[]) {
  const sample = await drawSample(readAuditInput(blocks), { quarter: parseQuarter("2026Q4")!, rate: 0.15, seed: SEED });
  const { records } = readAuditRecords([auditsBlock(auditsTableRows(sample, "2026-12-20 10:00:00", 1))]);
  return { sample, record: latestRecord(records, "2026Q4")! };
}

describe("verify re-derives a recorded draw", () => {
  const blocks = [customersBlock(plainCustomers(80, (i) => (i % 5 === 0 ? { grade: "C类" } : {}))), changeLogBlock([["2026-10-09", customerId(4), "联系人"]])];

  it("passes on the workbook it was drawn from (Audits rows round-trip)", async () => {
    const { sample, record } = await recorded(blocks);
    expect(record.ids).toEqual(sample.sample.map((s) => s.id));
    expect(record.population).toBe(80);
    expect(record.rate).toBe(0.15);
    const result = await verify(record, { blocks });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("fails when a customer is added to the population after the draw", async () => {
    const { record } = await recorded(blocks);
    const grown = [customersBlock(plainCustomers(81, (i) => (i % 5 === 0 ? { grade: "C类" } : {}))), blocks[1]];
    const result = await verify(record, { blocks: grown });
    expect(result.ok).toBe(false);
    expect(result.problems.join("\n")).toMatch(/population is 81 now, 80 when drawn/);
    expect(result.problems.join("\n")).toMatch(/fingerprint differs/);
    // The same as data, for a host to word in its language.
    expect(result.reasons.slice(0, 2)).toEqual([{ code: "population", now: 81, then: 80 }, { code: "fingerprint" }]);
    expect(result.reasons).toHaveLength(result.problems.length);
  });

  it("fails when the recorded seed was altered", async () => {
    const { record } = await recorded(blocks);
    const result = await verify({ ...record, seed: "ff" + record.seed.slice(2) }, { blocks });
    expect(result.ok).toBe(false);
    expect(result.missing.length).toBeGreaterThan(0);
    expect(result.reasons).toEqual([{ code: "sample", missing: result.missing, extra: result.extra }]);
  });

  it("refuses an unknown algorithm rather than guessing", async () => {
    const { record } = await recorded(blocks);
    const result = await verify({ ...record, algorithm: "rand-v0" }, { blocks });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/rand-v0/);
    expect(result.reasons).toEqual([{ code: "algorithm", algorithm: "rand-v0" }]);
  });
});

describe("Audits table records", () => {
  it("one row per sampled customer, carrying quarter, seed, N, fingerprint, rate, strata sizes and draw number", async () => {
    const blocks = [customersBlock(plainCustomers(20))];
    const sample = await drawSample(readAuditInput(blocks), { quarter: parseQuarter("2026Q4")!, rate: 0.1, seed: SEED });
    const rows = auditsTableRows(sample, "2026-12-20 10:00:00", 2);
    expect(rows).toHaveLength(2);
    const h = AUDITS.columns.map((c) => c.header);
    expect(rows[0][h.indexOf("季度")]).toBe("2026Q4");
    expect(rows[0][h.indexOf("种子")]).toBe(SEED);
    expect(rows[0][h.indexOf("总体数")]).toBe(20);
    expect(rows[0][h.indexOf("抽查比例")]).toBe("0.1");
    expect(rows[0][h.indexOf("分层规模")]).toBe("high=0;medium=0;low=20");
    expect(rows[0][h.indexOf("抽取序号")]).toBe(2);
  });

  it("latestRecord takes the highest draw number of the quarter; unreadable rows are noted, not fatal", () => {
    const row = (q: string, id: string, draw: number): Cell[] => AUDITS.columns.map((c) => ({ quarter: q, customerId: id, draw, seed: SEED, rate: "0.15", population: 10 } as Record<string, Cell>)[c.key] ?? null);
    const { records, notes } = readAuditRecords([auditsBlock([row("2026Q4", "C20240315001", 1), row("2026Q4", "C20240315002", 2), row("2026Q3", "C20240315003", 1), row("秋季", "C20240315004", 1)])]);
    expect(latestRecord(records, "2026Q4")!.ids).toEqual(["C20240315002"]);
    expect(latestRecord(records, "2026Q3")!.ids).toEqual(["C20240315003"]);
    expect(latestRecord(records, "2026Q1")).toBeUndefined();
    expect(notes[0]).toMatch(/抽查记录 row 5/);
  });
});

describe("the 抽查 YYYYQn sheet", () => {
  it("is named 抽查 2026Q4 and lists the fields to check, the reason and empty result columns", async () => {
    const blocks = [customersBlock(plainCustomers(10))];
    const input = readAuditInput(blocks);
    const sample = await drawSample(input, { quarter: parseQuarter("2026Q4")!, rate: 0.2, seed: SEED });
    const rows = auditSheetRows(sample, input);
    expect(auditSheetName("2026Q4")).toBe("抽查 2026Q4");
    expect(rows[0]).toEqual(["序号", "客户编号", "客户名称", "层", "抽取原因", "联系人", "联系方式", "电子邮箱", "地址(省市区)", "客户等级", "最近核实日期", "核对结果", "核对人", "核对日期", "备注"]);
    expect(AUDIT_SHEET_HEADERS[CHECK_RESULT_COLUMN]).toBe("核对结果");
    expect(rows).toHaveLength(3);
    expect(rows[1][1]).toBe(sample.sample[0].id);
    expect(rows[1][5]).toBe("王经理");
    expect(rows[1][10]).toBe("2026-06-01");
    expect(rows[1].slice(11)).toEqual([null, null, null, null]);
  });
});

describe("reading inputs never crashes on bad rows", () => {
  it("blank and repeated ids, unreadable dates are noted with sheet, row and column", () => {
    const block = customersBlock([{ id: "C20240315001" }, { id: "" }, { id: "C20240315001" }, { id: "C20240315002", verifiedOn: "去年" }]);
    const input = readAuditInput([block, changeLogBlock([["昨天", "C20240315001", "联系人"]])]);
    expect(input.customers.map((c) => c.id)).toEqual(["C20240315001", "C20240315002"]);
    expect(input.notes).toEqual([
      "客户信息 row 3, 客户编号: blank; the row is left out of the population.",
      "客户信息 row 4, 客户编号: C20240315001 repeats row 2; the population counts it once (the first row).",
      "客户信息 row 5, 最近核实日期: '去年' is not a date; treated as not verified.",
      "变更记录 row 2, 时间: '昨天' is not a date; the change is not counted.",
    ]);
  });
  it("no Customers table: hasCustomers is false and the population is empty", () => {
    const input = readAuditInput([{ sheet: "Sheet1", firstRow: 1, firstColumn: 1, values: [["a", "b"]] }]);
    expect(input.hasCustomers).toBe(false);
    expect(input.customers).toEqual([]);
  });
  it("ChangeLog 时间 as text with a time, ISO with T, or an Excel serial", () => {
    expect(formatDay(cellDay("2026-10-05 09:30:00")!)).toBe("2026-10-05");
    expect(formatDay(cellDay("2026-10-05T09:30:00Z")!)).toBe("2026-10-05");
    expect(formatDay(cellDay(46300.5)!)).toBe("2026-10-05");
    expect(cellDay("n/a")).toBeNull();
  });
});

describe("timestamps as Excel date-times (issue 10) or as the text older workbooks hold", () => {
  const serial = (text: string) => isoToExcelSerial(text)!;

  it("a ChangeLog whose 时间 are date-time serials gives the same volatile changes, hence the same sample, as its text form", async () => {
    const changes: [string, string, string][] = [["2026-10-09 09:30:00", customerId(4), "联系人"], ["2026-11-02 18:05:00", customerId(9), "联系方式"]];
    const asText = changeLogBlock(changes);
    const asSerial = { ...asText, values: asText.values.map((r, i) => (i === 0 ? r : [serial(String(r[0])), ...r.slice(1)])) };
    const customers = customersBlock(plainCustomers(60));
    expect(readAuditInput([customers, asSerial]).changes).toEqual(readAuditInput([customers, asText]).changes);
    const a = await drawSample(readAuditInput([customers, asText]), { quarter: parseQuarter("2026Q4")!, rate: 0.15, seed: SEED });
    const b = await drawSample(readAuditInput([customers, asSerial]), { quarter: parseQuarter("2026Q4")!, rate: 0.15, seed: SEED });
    expect(b.sample).toEqual(a.sample);
  });

  it("Audits 抽取时间 reads back as YYYY-MM-DD HH:mm:ss from a serial and from text", async () => {
    const sample = await drawSample(readAuditInput([customersBlock(plainCustomers(20))]), { quarter: parseQuarter("2026Q4")!, rate: 0.15, seed: SEED });
    const rows = auditsTableRows(sample, "2026-12-20 10:00:00", 1);
    const col = AUDITS.columns.findIndex((c) => c.key === "drawnAt");
    const serialRows = rows.map((r) => r.map((v, j) => (j === col ? serial(String(v)) : v)));
    expect(latestRecord(readAuditRecords([auditsBlock(rows)]).records, "2026Q4")!.drawnAt).toBe("2026-12-20 10:00:00");
    expect(latestRecord(readAuditRecords([auditsBlock(serialRows)]).records, "2026Q4")!.drawnAt).toBe("2026-12-20 10:00:00");
  });
});

describe("quarters", () => {
  it("parse, print, start, end and the quarter of a day", () => {
    expect(parseQuarter("2026Q4")).toEqual({ year: 2026, q: 4 });
    expect(parseQuarter("2026-q1")).toEqual({ year: 2026, q: 1 });
    expect(parseQuarter("2026Q5")).toBeNull();
    expect(parseQuarter("26Q1")).toBeNull();
    expect(quarterText({ year: 2026, q: 4 })).toBe("2026Q4");
    expect(formatDay(quarterStart({ year: 2026, q: 4 }))).toBe("2026-10-01");
    expect(formatDay(quarterEnd({ year: 2026, q: 4 }))).toBe("2026-12-31");
    expect(formatDay(quarterEnd({ year: 2024, q: 1 }))).toBe("2024-03-31");
    expect(quarterOfDay(parseIsoDate("2026-09-30")!)).toEqual({ year: 2026, q: 3 });
    expect(quarterOfDay(parseIsoDate("2026-10-01")!)).toEqual({ year: 2026, q: 4 });
  });
});

describe("Web Crypto primitives", () => {
  it("SHA-256 and HMAC-SHA256 match the published test vectors (FIPS 180-2, RFC 4231 case 2)", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await hmacSha256HexAll("4a656665", ["what do ya want for nothing?"])).toEqual(["5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"]);
  });
  it("a fresh seed is 32 hex digits from getRandomValues; seeds are normalised or refused", () => {
    const a = randomSeed();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(randomSeed()).not.toBe(a);
    expect(normalizeSeed(" 00112233445566778899AABBCCDDEEFF ")).toBe(SEED);
    expect(normalizeSeed("abc")).toBeNull();
    expect(normalizeSeed("0011223344556677")).toBe("0011223344556677");
    expect(normalizeSeed("zz112233445566778899aabbccddeeff")).toBeNull();
  });
});

describe("audit progress from the 抽查 sheet", () => {
  it("counts sampled rows, checked rows and each 核对结果", async () => {
    const { auditProgress } = await import("../../../src/core/audit");
    const head = ["序号", "客户编号", "客户名称", "层", "抽取原因", "联系人", "联系方式", "电子邮箱", "地址(省市区)", "客户等级", "最近核实日期", "核对结果", "核对人", "核对日期", "备注"];
    const row = (id: string | null, result: string | null): Cell[] => head.map((h) => (h === "客户编号" ? id : h === "核对结果" ? result : null));
    expect(auditProgress([head, row("C1", "一致"), row("C2", null), row("C3", "无法联系"), row("C4", "一致"), row(null, null)])).toEqual({ sampled: 4, checked: 3, results: { 一致: 2, 无法联系: 1 } });
    expect(auditProgress([["a", "b"]])).toEqual({ sampled: 0, checked: 0, results: {} });
  });
});
