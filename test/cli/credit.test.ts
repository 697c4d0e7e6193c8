/** `custfile credit` on real .xlsx files written here with SheetJS. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { readWorkbook } from "../../src/cli/xlsx";
import { dayToExcelSerial, parseIsoDate } from "../../src/core/dates";
import { AS_OF, HEAD, day, paid, row } from "../core/credit/fixtures";
import { writeXlsxIn } from "../support/xlsx-file";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-credit-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

type Rows = (string | number | null)[][];

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

const writeXlsx = (name: string, sheets: Record<string, Rows>): string => writeXlsxIn(scratch, name, sheets);

const A = "C20240315001";
const B = "C20240315002";
const N = "C20240315003";
const ONLY = "C20240315099";
const CUSTOMERS: Rows = [["客户编号", "客户名称", "联系人"], [A, "北京甲科技有限公司", "王经理"], [B, "上海乙贸易有限公司", "李经理"], [N, "广州丙有限公司", "陈经理"]];
// A: three invoices of 12,345 paid on time (A类, limit 12,000), one open and not yet due (500 current).
// B: three of 1,000 paid 40 days late (score 47, C类). ONLY: an id that is not in 客户信息.
const PAYMENTS = [
  HEAD,
  paid(A, "A1", -200, 12_345, 0), paid(A, "A2", -170, 12_345, 0), paid(A, "A3", -140, 12_345, 0),
  row(A, "A4", day(-10), day(20), 30, 500, null, null),
  paid(B, "B1", -200, 1000, 40), paid(B, "B2", -170, 1000, 40), paid(B, "B3", -140, 1000, 40),
  paid(ONLY, "X1", -100, 800, 0),
] as Rows;

function workbook(name: string, extra: Record<string, Rows> = {}, payments: Rows = PAYMENTS): string {
  return writeXlsx(name, { 客户信息: CUSTOMERS, 回款记录: payments, ...extra });
}

describe("custfile credit", () => {
  it("--json prints {asOf, customers} for every customer of 客户信息, then ids only in 回款记录 with a warning", async () => {
    const o = io();
    expect(await main(["credit", workbook("a.xlsx"), "--as-of", AS_OF, "--json"], o)).toBe(0);
    const json = JSON.parse(o.stdout);
    expect(Object.keys(json)).toEqual(["asOf", "customers", "flagCounts"]);
    expect(json.asOf).toBe(AS_OF);
    expect(json.customers.map((c: { id: string }) => c.id)).toEqual([A, B, N, ONLY]);
    expect(json.customers[0]).toEqual({
      id: A, score: 80, dbt: 0, grade: "A类", tier: "优秀", limit: 12_000,
      aging: { current: 500, d1_30: 0, d31_60: 0, d61_90: 0, d91_120: 0, d120plus: 0 },
      invoices: 3, lateInvoices: 0, openAmount: 500, warnings: [],
      recorded: { grade: null, limit: null }, flags: [],
    });
    // B: 50 − 10 × 10 / 30 = 46.67 → 47 < 50
    expect(json.customers[1]).toMatchObject({ score: 47, dbt: 40, grade: "C类", tier: "风险", limit: 0, lateInvoices: 3 });
    expect(json.customers[2]).toMatchObject({ id: N, grade: "N", tier: "资料不足", score: null, invoices: 0, warnings: ["no payment rows for this customer"] });
    expect(json.customers[3]).toMatchObject({ id: ONLY, grade: "N" });
    expect(json.customers[3].warnings[0]).toMatch(/not in 客户信息/);
    expect(o.stderr).toBe("");
  });

  it("without --json prints the grade distribution and one line per customer", async () => {
    const o = io();
    expect(await main(["credit", workbook("b.xlsx"), "--as-of", AS_OF], o)).toBe(0);
    expect(o.stdout).toContain("credit as of 2026-09-30 — 4 customers");
    expect(o.stdout).toContain("grades: A类 优秀 1 (25%), B类 一般 0 (0%), C类 风险 1 (25%), N 资料不足 2 (50%)");
    expect(o.stdout).toMatch(new RegExp(`${A}\\s+A类\\s+优秀\\s+80\\s+0\\.0\\s+12,000\\s+500\\s+0/3`));
  });

  it("real Excel date cells (serial numbers) and English headers read the same", async () => {
    const serial = (text: string | number | null) => (typeof text === "string" && /^\d{4}-/.test(text) ? dayToExcelSerial(parseIsoDate(text)!) : text);
    const english = [["Customer ID", "Invoice No", "Invoice Date", "Due Date", "Terms", "Amount", "Paid On", "Paid Amount"], ...PAYMENTS.slice(1).map((r) => r.map(serial))];
    const a = io();
    const b = io();
    await main(["credit", workbook("c1.xlsx"), "--as-of", AS_OF, "--json"], a);
    await main(["credit", workbook("c2.xlsx", {}, english), "--as-of", AS_OF, "--json"], b);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
  });

  it("the 信用政策 table overrides the defaults", async () => {
    const o = io();
    const policy: Rows = [["参数", "值"], ["A类系数", "50%"], ["起始额度", 5000], ["抽查比例", "15%"]];
    await main(["credit", workbook("d.xlsx", { 信用政策: policy }), "--as-of", AS_OF, "--json"], o);
    expect(JSON.parse(o.stdout).customers.map((c: { limit: number }) => c.limit)).toEqual([6_000, 0, 5_000, 5_000]);
  });

  it("exit 1 when payment rows cannot be used: each listed on stderr with its row, the rest still graded", async () => {
    const bad = [...PAYMENTS, row(A, "A9", day(-50), day(-20), 30, 100, day(-20), 0), row(B, "B9", "2026-02-30", day(-20), 30, 100, null, null)] as Rows;
    const o = io();
    expect(await main(["credit", workbook("e.xlsx", {}, bad), "--as-of", AS_OF, "--json"], o)).toBe(1);
    expect(o.stderr).toContain("回款记录 row 10: 付款金额 is 0 on 付款日期 2026-09-10 (a payment is more than 0); row left out");
    expect(o.stderr).toContain("回款记录 row 11: unreadable date '2026-02-30' in 开票日期; row left out");
    const json = JSON.parse(o.stdout);
    expect(json.customers[0]).toMatchObject({ grade: "A类", score: 80 });
    expect(json.customers[0].warnings).toEqual([expect.stringMatching(/^row 10: /)]);
  });

  it("issue 18: C before N, an advance at 100, and a row with neither 到期日 nor 账期天数 after the as-of day reported (exit 1)", async () => {
    const D = "C20240315004";
    const rows = [
      HEAD,
      row(D, "D1", "2026-05-01", "2026-05-31", 30, 1000, null, null),
      row(N, "N1", "2026-06-10", "2026-06-10", 0, 1000, "2026-06-05", 1000),
    ] as Rows;
    const o = io();
    expect(await main(["credit", workbook("i18.xlsx", {}, rows), "--as-of", "2026-09-30", "--json"], o)).toBe(0);
    const byId = new Map(JSON.parse(o.stdout).customers.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(D)).toMatchObject({ grade: "C类", tier: "风险" });
    expect(byId.get(N)).toMatchObject({ score: 100, warnings: [expect.stringMatching(/advance/)] });
    const later = io();
    expect(await main(["credit", workbook("i18b.xlsx", {}, [...rows, row(D, "D2", "2026-10-05", null, null, 500, null, null)] as Rows), "--as-of", "2026-09-30", "--json"], later)).toBe(1);
    expect(later.stderr).toContain("回款记录 row 4: 到期日 is blank and there is no 账期天数 to count it from; row left out");
  });

  it("issue 17: the rows credit leaves out (付款金额 0 or negative, '1,5', due before invoice, absurd 账期天数, 1e308) are the rows validate reports as errors on 回款记录", async () => {
    const bad = [
      ...PAYMENTS,
      row(A, "Z1", day(-50), day(-20), 30, 100, day(-20), 0),
      row(A, "Z2", day(-50), day(-20), 30, 100, day(-20), -100),
      row(A, "Z3", day(-50), day(-20), 30, 100, day(-20), "1,5"),
      row(A, "Z4", day(-50), day(-60), 30, 100, null, null),
      row(A, "Z5", day(-50), null, -30, 100, null, null),
      row(A, "Z6", day(-50), null, 1e6, 100, null, null),
      row(A, "Z7", day(-50), null, 30.5, 100, null, null),
      row(A, "Z8", day(-50), null, "abc", 100, null, null),
      row(A, "Z9", day(-50), day(-20), 30, 1e308, null, null),
    ] as Rows;
    const file = workbook("i17.xlsx", {}, bad);
    const o = io();
    expect(await main(["credit", file, "--as-of", AS_OF, "--json"], o)).toBe(1);
    const left = [...o.stderr.matchAll(/回款记录 row (\d+): (.*); row left out/g)].map((m) => [Number(m[1]), m[2]]);
    expect(left).toEqual([
      [10, `付款金额 is 0 on 付款日期 ${day(-20)} (a payment is more than 0)`],
      [11, "negative 付款金额 -100 (a payment is more than 0)"],
      [12, "付款金额 '1,5' is not a number (thousands separators only as 1,000 or 12,345.67)"],
      [13, `到期日 ${day(-60)} is before 开票日期 ${day(-50)}`],
      [14, "账期天数 -30 is negative"],
      [15, "账期天数 1000000 is more than 3650 days (10 years)"],
      [16, "账期天数 30.5 is not a whole number of days"],
      [17, "账期天数 'abc' is not a number of days"],
      [18, "金额 1e+308 is beyond ±1,000,000,000,000 (no invoice is that large)"],
    ]);
    const graded = JSON.parse(o.stdout).customers;
    for (const c of graded) for (const v of [c.score, c.dbt, c.limit, c.openAmount]) expect(v === null || Number.isFinite(v)).toBe(true);
    const v = io();
    expect(await main(["validate", file, "--as-of", AS_OF, "--json"], v)).toBe(1);
    // (Row 9 is another customer's, not in 客户信息: a foreign-key error, which credit grades anyway.)
    const errors = JSON.parse(v.stdout).findings.filter((f: { sheet: string; severity: string; code: string }) => f.sheet === "回款记录" && f.severity === "error" && f.code !== "foreign-key");
    expect([...new Set(errors.map((f: { row: number }) => f.row))]).toEqual(left.map(([r]) => r));
    expect(errors.map((f: { row: number; column: string }) => [f.row, f.column])).toEqual([
      [10, "付款金额"], [11, "付款金额"], [12, "付款金额"], [13, "到期日"], [14, "账期天数"], [15, "账期天数"], [16, "账期天数"], [17, "账期天数"], [18, "金额"],
    ]);
  });

  it("--out writes a copy with a 信用评级 sheet; the input is unchanged", async () => {
    const file = workbook("f.xlsx");
    const before = fs.readFileSync(file);
    const out = path.join(scratch, "f-graded.xlsx");
    const o = io();
    expect(await main(["credit", file, "--as-of", AS_OF, "--out", out], o)).toBe(0);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const sheet = readWorkbook(out).sheets.find((s) => s.sheet === "信用评级")!;
    expect(sheet.values[0]).toEqual(["客户编号", "信用等级", "信用分类", "回款评分", "逾期天数(DBT)", "建议额度", "未收金额", "未到期", "1-30天", "31-60天", "61-90天", "91-120天", "120天以上", "发票数", "逾期发票数", "现等级", "现额度", "标记", "提示"]);
    // 客户信息 here records no grade or limit: 现等级, 现额度, 标记 and 提示 are blank.
    expect(sheet.values[1]).toEqual([A, "A类", "优秀", 80, 0, 12_000, 500, 500, 0, 0, 0, 0, 0, 3, 0, null, null, null, null]);
    expect(sheet.values).toHaveLength(5);
    expect(readWorkbook(out).sheets.map((s) => s.sheet)).toEqual(["客户信息", "回款记录", "信用评级"]);
  });

  describe("recorded vs computed (SPEC §8.1)", () => {
    // B is recorded A类 with 信用额度 2,000; the payments grade it C类 (drift) and it owes nothing.
    // A is recorded A类 with 信用额度 300 while 500 is open (over-limit). N is recorded B类 with no payments (N: not compared).
    const recorded: Rows = [
      ["客户编号", "客户名称", "联系人", "客户等级", "信用额度"],
      [A, "北京甲科技有限公司", "王经理", "A类", 300], [B, "上海乙贸易有限公司", "李经理", "A", "2,000"], [N, "广州丙有限公司", "陈经理", "B类", null],
    ];

    it("--json gives recorded {grade, limit} and flags per customer; exit 1 because A is over its limit", async () => {
      const o = io();
      expect(await main(["credit", writeXlsx("flags1.xlsx", { 客户信息: recorded, 回款记录: PAYMENTS }), "--as-of", AS_OF, "--json"], o)).toBe(1);
      const json = JSON.parse(o.stdout);
      expect(json.customers.map((c: { id: string; recorded: unknown; flags: string[] }) => [c.id, c.recorded, c.flags])).toEqual([
        [A, { grade: "A类", limit: 300 }, ["over-limit"]],
        [B, { grade: "A类", limit: 2000 }, ["grade-drift", "limit-above-suggested"]],
        [N, { grade: "B类", limit: null }, []],
        [ONLY, { grade: null, limit: null }, []],
      ]);
      expect(json.flagCounts).toEqual({ "over-limit": 1, "grade-drift": 1, "limit-above-suggested": 1 });
      expect(o.stderr).toBe("");
    });

    it("the text lists flagged customers first (over-limit before drift), with the recorded values and the flags", async () => {
      const o = io();
      expect(await main(["credit", writeXlsx("flags2.xlsx", { 客户信息: recorded, 回款记录: PAYMENTS }), "--as-of", AS_OF], o)).toBe(1);
      expect(o.stdout).toContain("flags (recorded vs computed): over-limit 超出信用额度 1, grade-drift 等级与计算不符 1, limit-above-suggested 额度高于建议 1 — 2 customer(s) flagged");
      const lines = o.stdout.split("\n").filter((l) => /^\s+C2024/.test(l));
      expect(lines.map((l) => l.trim().slice(0, 12))).toEqual([A, B, N, ONLY]);
      expect(lines[0]).toMatch(/A类\s+300\s+超额度$/);
      expect(lines[1]).toMatch(/A\s+2,000\s+等级不符 额度偏高$/);
    });

    it("--out: the 信用评级 sheet shows what the text shows — 现等级, 现额度 and 标记 per customer (money as money), each flag explained in 提示", async () => {
      const out = path.join(scratch, "flags-out.xlsx");
      expect(await main(["credit", writeXlsx("flags-in.xlsx", { 客户信息: recorded, 回款记录: PAYMENTS }), "--as-of", AS_OF, "--out", out], io())).toBe(1);
      const values = readWorkbook(out).sheets.find((s) => s.sheet === "信用评级")!.values;
      const col = (h: string) => values[0].indexOf(h);
      expect(values.slice(1).map((r) => [r[0], r[col("现等级")], r[col("现额度")], r[col("标记")]])).toEqual([
        [A, "A类", 300, "超出信用额度"],
        [B, "A类", 2000, "等级与计算不符、额度高于建议"],
        [N, "B类", null, null],
        [ONLY, null, null, null],
      ]);
      expect(values[1][col("提示")]).toMatch(/^超出信用额度：.*第 2 行「信用额度」列.*未收金额 500 超过信用额度 300，超出 200。$/);
      expect(values[4][col("提示")]).toMatch(/not in 客户信息/);
    });

    it("exit 0 when nobody is over the limit (drift alone is not a failure); an unreadable 信用额度 is named on stderr and exits 1", async () => {
      const fine = recorded.map((r, i) => (i === 1 ? [...r.slice(0, 4), 1000] : r));
      expect(await main(["credit", writeXlsx("flags3.xlsx", { 客户信息: fine, 回款记录: PAYMENTS }), "--as-of", AS_OF, "--json"], io())).toBe(0);
      const bad = recorded.map((r, i) => (i === 1 ? [...r.slice(0, 4), "很多"] : r));
      const o = io();
      expect(await main(["credit", writeXlsx("flags4.xlsx", { 客户信息: bad, 回款记录: PAYMENTS }), "--as-of", AS_OF, "--json"], o)).toBe(1);
      expect(o.stderr).toContain("客户信息 row 2, 信用额度: '很多' is not an amount ≥ 0; credit limit checks skipped for C20240315001.");
    });
  });

  it.each([
    ["no payment table", () => writeXlsx("g.xlsx", { 客户信息: CUSTOMERS }), [], /No payment table/],
    ["a missing column", () => workbook("h.xlsx", {}, PAYMENTS.map((r) => r.slice(0, 7))), [], /missing column 付款金额 \(Paid Amount\)/],
    ["a bad 信用政策 value", () => workbook("i.xlsx", { 信用政策: [["参数", "值"], ["宽限天数", "三天"]] }), [], /信用政策「宽限天数」的值「三天」无效/],
    ["a bad --as-of", () => workbook("j.xlsx"), ["--as-of", "2026-02-30"], /--as-of must be a real date/],
    ["a bad --out", () => workbook("k.xlsx"), ["--out", "x.csv"], /--out must name an .xlsx file/],
    ["a missing file", () => path.join(scratch, "none.xlsx"), [], /File not found/],
  ] as [string, () => string, string[], RegExp][])("exit 2 on %s, with a message", async (_what, make, args, message) => {
    const o = io();
    expect(await main(["credit", make(), ...args], o)).toBe(2);
    expect(o.stderr).toMatch(message);
    expect(o.stdout).toBe("");
  });

  it("is listed by custfile --help", async () => {
    const o = io();
    await main(["--help"], o);
    expect(o.stdout).toMatch(/credit\s+grade credit from the payment table/);
  });
});
