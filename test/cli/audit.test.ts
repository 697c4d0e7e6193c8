/** `custfile audit` on real .xlsx files written here with SheetJS. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { readWorkbook } from "../../src/cli/xlsx";
import { AUDITS } from "../../src/core/template/tables";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-audit-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const SEED = "00112233445566778899aabbccddeeff";

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

const HEAD = ["客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "客户等级", "地址(省市区)", "开户日期", "合作状态", "最近核实日期"];
function customerRow(i: number, grade = "A类", status = "合作中"): (string | number)[] {
  const id = `C20240315${String(i).padStart(3, "0")}`;
  return [id, `北京测试${i}科技有限公司`, "王经理", "13956781234", "wang@example.cn", grade, "北京市海淀区中关村大街1号", "2024-03-15", status, "2026-06-01"];
}

function writeXlsx(name: string, sheets: Record<string, (string | number | null)[][]>): string {
  const book = XLSX.utils.book_new();
  for (const [sheet, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), sheet);
  const file = path.join(scratch, name);
  fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
  return file;
}

function workbook(name: string, count = 40): string {
  const rows = [HEAD, ...Array.from({ length: count }, (_, k) => customerRow(k + 1, k % 5 === 0 ? "C类" : k % 3 === 0 ? "B类" : "A类", k === 7 ? "休眠" : "合作中"))];
  const log = [["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人"], ["2026-10-08 10:00:00", "Customers", "C20240315002", "联系方式", "139", "138", "编辑", "张三"]];
  return writeXlsx(name, { 客户信息: rows, 变更记录: log });
}

describe("custfile audit", () => {
  it("--json prints the sample: quarter, seed, algorithm, population, fingerprint, rate, sizes, strata, reasons", async () => {
    const file = workbook("a.xlsx");
    const o = io();
    expect(await main(["audit", file, "--quarter", "2026Q4", "--seed", SEED, "--json"], o)).toBe(0);
    const json = JSON.parse(o.stdout);
    expect(Object.keys(json)).toEqual(["quarter", "seed", "algorithm", "population", "fingerprint", "rate", "sampleSize", "keyItems", "strata", "sample"]);
    expect(json).toMatchObject({ quarter: "2026Q4", seed: SEED, algorithm: "hmac-sha256-strata-v1", population: 39, rate: 0.15, sampleSize: 6, keyItems: 1 });
    expect(json.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(json.strata.high.size + json.strata.medium.size + json.strata.low.size).toBe(39);
    expect(json.sample).toHaveLength(6);
    expect(json.sample[0]).toEqual({ id: "C20240315002", stratum: "medium", reason: "key item: 联系方式 changed 2026-10-08 in ChangeLog, no later 最近核实日期" });
    expect(json.sample.map((s: { id: string }) => s.id)).not.toContain("C20240315008");
  });

  it("the same file, quarter and seed give byte-identical JSON", async () => {
    const file = workbook("b.xlsx");
    const a = io();
    const b = io();
    await main(["audit", file, "--quarter", "2026Q4", "--seed", SEED, "--json", "--rate", "15%"], a);
    await main(["audit", file, "--quarter", "2026Q4", "--seed", SEED, "--json", "--rate", "0.15"], b);
    expect(b.stdout).toBe(a.stdout);
  });

  it.each(["0.25", "9%", "0.05"])("a rate outside 0.10–0.20 (%s) exits 2 quoting the policy", async (rate) => {
    const o = io();
    expect(await main(["audit", workbook("c.xlsx"), "--rate", rate, "--json"], o)).toBe(2);
    expect(o.stderr).toContain("抽查10%-20%的客户档案");
    expect(o.stdout).toBe("");
  });

  it("bad --quarter, --seed and a file without customers exit 2 with a message", async () => {
    const file = workbook("d.xlsx");
    let o = io();
    expect(await main(["audit", file, "--quarter", "Q4-2026"], o)).toBe(2);
    expect(o.stderr).toMatch(/--quarter must be a year and a quarter 1–4, written like 2026Q4/);
    o = io();
    expect(await main(["audit", file, "--seed", "xyz"], o)).toBe(2);
    expect(o.stderr).toMatch(/--seed must be/);
    o = io();
    expect(await main(["audit", writeXlsx("none.xlsx", { Sheet1: [["a", "b"], [1, 2]] })], o)).toBe(2);
    expect(o.stderr).toMatch(/no customer table/);
  });

  it("a 客户信息 with no customer to sample (only 休眠 ones) is exit 2 and records no empty draw, as the ribbon button refuses it", async () => {
    const file = writeXlsx("dormant.xlsx", { 客户信息: [HEAD, customerRow(1, "A类", "休眠"), customerRow(2, "B类", "休眠")] });
    const out = path.join(scratch, "dormant-out.xlsx");
    const o = io();
    expect(await main(["audit", file, "--quarter", "2026Q4", "--seed", SEED, "--out", out], o)).toBe(2);
    expect(o.stderr).toMatch(/客户信息.*休眠/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("a 客户信息 sheet without a header row, or without a 客户编号 column, is exit 2 naming the sheet (not an empty sample)", async () => {
    let o = io();
    expect(await main(["audit", writeXlsx("nohead.xlsx", { 客户信息: [[1, 2, 3], [4, 5, 6]] }), "--quarter", "2026Q4", "--seed", SEED], o)).toBe(2);
    expect(o.stderr).toMatch(/客户信息.*no header row/);
    expect(o.stdout).toBe("");
    o = io();
    const noId = [HEAD.slice(1), ...Array.from({ length: 5 }, (_, k) => customerRow(k + 1).slice(1))];
    expect(await main(["audit", writeXlsx("noid.xlsx", { 客户信息: noId }), "--quarter", "2026Q4", "--seed", SEED], o)).toBe(2);
    expect(o.stderr).toMatch(/客户信息.*客户编号/);
    expect(o.stdout).toBe("");
  });

  it("--out writes 抽查 2026Q4 and the Audits rows; running again re-uses the seed and verifies", async () => {
    const file = workbook("e.xlsx");
    const out = path.join(scratch, "e-out.xlsx");
    const first = io();
    expect(await main(["audit", file, "--quarter", "2026Q4", "--json", "--out", out], first)).toBe(0);
    const drawn = JSON.parse(first.stdout);
    expect(drawn.seed).toMatch(/^[0-9a-f]{32}$/);
    const written = readWorkbook(out);
    const sheet = written.sheets.find((s) => s.sheet === "抽查 2026Q4")!;
    expect(sheet.values[0].slice(0, 5)).toEqual(["序号", "客户编号", "客户名称", "层", "抽取原因"]);
    expect(sheet.values.slice(1).map((r) => r[1])).toEqual(drawn.sample.map((s: { id: string }) => s.id));
    const audits = written.sheets.find((s) => s.sheet === AUDITS.sheet)!;
    expect(audits.values).toHaveLength(1 + drawn.sampleSize);
    expect(audits.values[1][AUDITS.columns.findIndex((c) => c.key === "seed")]).toBe(drawn.seed);

    const again = io();
    expect(await main(["audit", out, "--quarter", "2026Q4", "--json"], again)).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toMatch(/already drawn .*verified, identical/);
  });

  it("a customer added after the draw: re-running reports the mismatch and exits 1", async () => {
    const file = workbook("f.xlsx", 40);
    const out = path.join(scratch, "f-out.xlsx");
    await main(["audit", file, "--quarter", "2026Q4", "--out", out], io());
    const book = XLSX.read(fs.readFileSync(out), { type: "buffer" });
    XLSX.utils.sheet_add_aoa(book.Sheets["客户信息"], [customerRow(41)], { origin: -1 });
    const grown = path.join(scratch, "f-grown.xlsx");
    fs.writeFileSync(grown, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    const o = io();
    expect(await main(["audit", grown, "--quarter", "2026Q4"], o)).toBe(1);
    expect(o.stdout).toMatch(/does NOT match: population is 40 now, 39 when drawn/);
  });
});

describe("custfile audit never loses what people typed (issue 17)", () => {
  const CHECKS = ["核对结果", "核对人", "核对日期", "备注"];
  /** Type check results into the 抽查 sheet of `file` as a person would (SheetJS stands in for Excel). */
  function typeChecks(file: string, quarter: string, rows: Record<number, (string | number)[]>): string {
    const book = XLSX.read(fs.readFileSync(file), { type: "buffer" });
    const ws = book.Sheets[`抽查 ${quarter}`];
    const head = XLSX.utils.sheet_to_json<(string | number)[]>(ws, { header: 1 })[0];
    const at = head.indexOf("核对结果");
    for (const [r, values] of Object.entries(rows)) XLSX.utils.sheet_add_aoa(ws, [values], { origin: { r: Number(r), c: at } });
    const typed = file.replace(/\.xlsx$/, "-typed.xlsx");
    fs.writeFileSync(typed, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    return typed;
  }
  function checksById(file: string, quarter: string): Map<string, unknown[]> {
    const sheet = readWorkbook(file).sheets.find((s) => s.sheet === `抽查 ${quarter}`)!;
    const head = sheet.values[0].map(String);
    const cols = CHECKS.map((h) => head.indexOf(h));
    return new Map(sheet.values.slice(1).map((r) => [String(r[head.indexOf("客户编号")]), cols.map((c) => r[c] ?? null)]));
  }

  it("re-running --out on a quarter whose sheet holds 核对结果/核对人/核对日期/备注 keeps every one, by 客户编号", async () => {
    const file = workbook("keep.xlsx");
    const out = path.join(scratch, "keep-out.xlsx");
    expect(await main(["audit", file, "--quarter", "2026Q4", "--seed", SEED, "--out", out], io())).toBe(0);
    const before = [...checksById(out, "2026Q4").keys()];
    const typed = typeChecks(out, "2026Q4", { 1: ["一致", "李四", 46350, ""], 3: ["已更正", "王五", 46351, "电话已更新"] });
    const again = path.join(scratch, "keep-again.xlsx");
    const o = io();
    expect(await main(["audit", typed, "--quarter", "2026Q4", "--out", again], o)).toBe(0);
    expect(o.stdout).toMatch(/verified, identical/);
    expect(o.stdout).toMatch(/check results of 2 customer\(s\) already on the sheet are kept/);
    const after = checksById(again, "2026Q4");
    expect([...after.keys()]).toEqual(before);
    expect(after.get(before[0])).toEqual(["一致", "李四", 46350, null]);
    expect(after.get(before[2])).toEqual(["已更正", "王五", 46351, "电话已更新"]);
    expect(after.get(before[1])).toEqual([null, null, null, null]);
    // The same with --again (a new draw): the checked customers keep their rows and results.
    const redrawn = path.join(scratch, "keep-redrawn.xlsx");
    const r = io();
    expect(await main(["audit", typed, "--quarter", "2026Q4", "--again", "--seed", "ffeeddccbbaa99887766554433221100", "--out", redrawn], r)).toBe(0);
    expect(r.stdout).toMatch(/--again: this is draw 2/);
    const kept = checksById(redrawn, "2026Q4");
    expect(kept.get(before[0])).toEqual(["一致", "李四", 46350, null]);
    expect(kept.get(before[2])).toEqual(["已更正", "王五", 46351, "电话已更新"]);
    const audits = readWorkbook(redrawn).sheets.find((s) => s.sheet === AUDITS.sheet)!;
    const drawCol = AUDITS.columns.findIndex((c) => c.key === "draw");
    expect(new Set(audits.values.slice(1).map((row) => row[drawCol]))).toEqual(new Set([1, 2]));
  });

  it("a different --rate (or --seed) for a quarter already drawn is refused naming the recorded rate; --again draws anew", async () => {
    const file = workbook("rate.xlsx");
    const out = path.join(scratch, "rate-out.xlsx");
    expect(await main(["audit", file, "--quarter", "2026Q4", "--seed", SEED, "--rate", "0.15", "--out", out], io())).toBe(0);
    let o = io();
    expect(await main(["audit", out, "--quarter", "2026Q4", "--rate", "0.2"], o)).toBe(2);
    expect(o.stderr).toMatch(/2026Q4 was already drawn at rate 0\.15 \(draw 1, 6 customers, in 抽查记录\); --rate 0\.2 differs.*--again/);
    expect(o.stdout).toBe("");
    o = io();
    expect(await main(["audit", out, "--quarter", "2026Q4", "--seed", "ffeeddccbbaa99887766554433221100"], o)).toBe(2);
    expect(o.stderr).toMatch(/already drawn with seed 0011/);
    o = io();
    expect(await main(["audit", out, "--quarter", "2026Q4", "--rate", "15%", "--json"], o)).toBe(0);
    o = io();
    expect(await main(["audit", out, "--quarter", "2026Q4", "--rate", "0.2", "--again", "--json"], o)).toBe(0);
    expect(JSON.parse(o.stdout)).toMatchObject({ rate: 0.2, sampleSize: 8 });
  });

  it("抽查记录 with its columns in another order: read by its headers (the quarter is verified, not drawn afresh) and appended under them", async () => {
    const file = workbook("order.xlsx");
    const out = path.join(scratch, "order-out.xlsx");
    expect(await main(["audit", file, "--quarter", "2026Q3", "--seed", SEED, "--out", out], io())).toBe(0);
    const audits = readWorkbook(out).sheets.find((s) => s.sheet === AUDITS.sheet)!.values;
    const reversed = audits.map((r) => [...r].reverse());
    const book = XLSX.read(fs.readFileSync(file), { type: "buffer" });
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(reversed), AUDITS.sheet);
    const moved = path.join(scratch, "order-moved.xlsx");
    fs.writeFileSync(moved, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    let o = io();
    expect(await main(["audit", moved, "--quarter", "2026Q3"], o)).toBe(0);
    expect(o.stdout).toMatch(/2026Q3 was already drawn \(draw 1.*verified, identical/);
    const next = path.join(scratch, "order-next.xlsx");
    o = io();
    expect(await main(["audit", moved, "--quarter", "2026Q4", "--seed", SEED, "--out", next], o)).toBe(0);
    const after = readWorkbook(next).sheets.find((s) => s.sheet === AUDITS.sheet)!.values;
    expect(after[0]).toEqual(reversed[0]);
    const quarterCol = reversed[0].indexOf("季度");
    expect(after.slice(1, reversed.length)).toEqual(reversed.slice(1));
    expect(after.slice(reversed.length).every((r) => r[quarterCol] === "2026Q4")).toBe(true);
    o = io();
    expect(await main(["audit", next, "--quarter", "2026Q3"], o)).toBe(0);
    expect(o.stdout).toMatch(/verified, identical/);
  });

  it("--rate -1, --rate=-1 and --quarter 1899Q4 say what is wrong", async () => {
    const file = workbook("msgs.xlsx");
    for (const args of [["--rate", "-1"], ["--rate=-1"]]) {
      const o = io();
      expect(await main(["audit", file, ...args], o)).toBe(2);
      expect(o.stderr).toMatch(/--rate -1 is outside 10%–20%/);
      expect(o.stderr).not.toMatch(/ambiguous/);
    }
    const o = io();
    expect(await main(["audit", file, "--quarter", "1899Q4"], o)).toBe(2);
    expect(o.stderr).toMatch(/year must be from 1900 to 9999/);
  });
});
