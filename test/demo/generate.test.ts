/** The demo generator: its mistakes are the planted ones, its sections independent, its sheets within Excel's rows. */
import { createHash } from "node:crypto";
import { demoTooLarge, EXCEL_MAX_ROWS, generateDemo, LEAVER } from "../../src/demo/generate";
import { validateWorkbook } from "../../src/core/validate";
import { readAuditInput } from "../../src/core/audit";
import { NUMBER_FORMATS } from "../../src/core/sheets";
import { creditReport, monthlyReport } from "../../src/core/credit";
import { analyzeWorkbook } from "../../src/core/analysis";
import { verifyChangeLog } from "../../src/core/records/chain";
import { parseIsoDate } from "../../src/core/dates";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("demo workbook", () => {
  it.each([20240315, 7, 99])("seed %i: phone and address findings are exactly the planted mistakes", (seed) => {
    const demo = generateDemo({ customers: 2000, seed });
    const findings = validateWorkbook(demo.sheets, { asOf: demo.asOf }).findings;
    const count = (code: string) => findings.filter((f) => f.code === code && f.table === "Customers").length;
    const planted = (kind: string) => demo.planted[kind] ?? 0;
    // Full-width digits are planted in the phone column; each of these is one phone finding.
    expect(count("phone")).toBe(planted("masked phone") + planted("phone with spaces") + planted("full-width digits"));
    expect(count("address")).toBe(planted("made-up district"));
    expect(planted("masked phone") + planted("made-up district")).toBeGreaterThan(0);
  });
});

describe("demo ChangeLog", () => {
  it("holds 时间 as Excel date-times, as custfile writes them (and the audit reads them as days)", () => {
    const demo = generateDemo({ customers: 200, seed: 7 });
    const log = demo.sheets.find((s) => s.tableName === "ChangeLog")!;
    expect(log.values[0][0]).toBe("时间");
    for (let r = 1; r < log.values.length; r++) {
      expect(typeof log.values[r][0]).toBe("number");
      expect(log.numberFormats![r][0]).toBe(NUMBER_FORMATS.datetime);
    }
    expect(readAuditInput(demo.sheets).changes.length).toBe(log.values.length - 1);
  });
});

describe("demo sections", () => {
  it("each section draws from its own seeded source: changing one sheet's size leaves the other sheets as they were", () => {
    const a = generateDemo({ customers: 120, seed: 5 });
    const b = generateDemo({ customers: 120, seed: 5, interactionsPerCustomer: 2 });
    expect(b.sheets[1].values.length).toBeLessThan(a.sheets[1].values.length);
    for (const i of [0, 2, 3, 4, 5, 6, 7]) expect(b.sheets[i].values).toEqual(a.sheets[i].values);
  });

  it("every sheet fits Excel: too many customers is refused with the largest size that fits", () => {
    expect(demoTooLarge({ customers: 174_762 })).toBeNull();
    expect(demoTooLarge({ customers: 174_763 })).toEqual({ sheet: "客户动态", rows: 1_048_579, maxCustomers: 174_762 });
    expect(demoTooLarge({ customers: 50_000, interactionsPerCustomer: 30 })).toMatchObject({ sheet: "客户动态", maxCustomers: 34_952 });
    expect(() => generateDemo({ customers: 200_000 })).toThrow(/at most 174762 customers fit/);
  });

  it("payments are trimmed to fit one sheet, and say so", () => {
    const demo = generateDemo({ customers: 300, paymentsPerCustomer: 4000, interactionsPerCustomer: 0, archivePerCustomer: 0, seed: 9 });
    const payments = demo.sheets.find((s) => s.sheet === "回款记录")!;
    expect(payments.values.length).toBeLessThanOrEqual(EXCEL_MAX_ROWS);
    expect(payments.values.length).toBeGreaterThan(EXCEL_MAX_ROWS * 0.8);
    expect(demo.notes).toEqual([expect.stringMatching(/^回款记录 trimmed to fit one Excel sheet: \d+\.\d invoices per customer on average instead of 4000$/)]);
    expect(generateDemo({ customers: 50, seed: 9 }).notes).toEqual([]);
  });

  it("reports its progress sheet by sheet", () => {
    const seen: string[] = [];
    generateDemo({ customers: 30, onProgress: (sheet, rows, expected) => seen.push(`${sheet} ${rows}/${expected}`) });
    expect(seen[0]).toBe("客户信息 0/30");
    expect(seen).toContain("客户动态 180/180");
    expect([...new Set(seen.map((s) => s.split(" ")[0]))]).toEqual(["客户信息", "客户动态", "归档记录", "回款记录", "变更记录", "信用月报", "人员", "借阅登记"]);
  });
});

describe("demo management data (SPEC §8–§10), default size and seed", () => {
  const demo = generateDemo({ customers: 500, sha256 });
  const asOf = parseIsoDate(demo.asOf)!;
  const credit = creditReport(demo.sheets, asOf);
  const flags = (code: string) => credit.flags.filter((f) => f.code === code).length;
  const findings = validateWorkbook(demo.sheets, { asOf: demo.asOf }).findings;
  const count = (code: string, table?: string) => findings.filter((f) => f.code === code && (table === undefined || f.table === table)).length;

  it("is the same workbook for the same seed", () => {
    expect(generateDemo({ customers: 500, sha256 }).sheets).toEqual(demo.sheets);
  });

  it("records grades and limits that mostly agree with the payments: a few % drift, a handful over their limit, one new C类", () => {
    const graded = credit.customers.filter((c) => c.grade !== "N").length;
    expect(flags("grade-drift")).toBeGreaterThan(0);
    expect(flags("grade-drift")).toBeLessThan(0.15 * 500);
    expect(flags("grade-drift")).toBeLessThan(0.1 * graded);
    expect(flags("over-limit")).toBeGreaterThanOrEqual(1);
    expect(flags("over-limit")).toBeLessThanOrEqual(10);
    expect(demo.planted["newly C类 (an invoice now > 90 days past due)"]).toBe(1);
  });

  it("has three earlier months in 信用月报, so monitor finds abnormalities against last month under several rules", () => {
    const history = demo.sheets.find((s) => s.tableName === "CreditHistory")!;
    expect(new Set(history.values.slice(1).map((r) => r[0]))).toEqual(new Set(["2026-06", "2026-07", "2026-08"]));
    const report = monthlyReport(demo.sheets, { month: "2026-09", today: asOf });
    expect(report.previous).toBe("2026-08");
    expect(report.byRule["new-c"]).toBeGreaterThanOrEqual(1);
    const rulesHit = Object.values(report.byRule).filter((n) => n > 0).length;
    expect(rulesHit).toBeGreaterThanOrEqual(4);
    // Abnormalities are a minority: a month's report a credit officer can read.
    expect(new Set(report.abnormalities.map((a) => a.customerId)).size).toBeLessThan(0.15 * 500);
  });

  it("has Pareto-like sales: the A class is a fifth or less of the customers for 60–70% of sales; several provinces, 5–8 owners, products, 无交易", () => {
    const report = analyzeWorkbook(demo.sheets, { asOf });
    const abc = report.breakdowns.find((b) => b.by === "abc")!;
    const row = (key: string) => abc.rows.find((r) => r.key === key)!;
    const withSales = abc.rows.filter((r) => r.key !== "无交易").reduce((n, r) => n + r.count, 0);
    expect(row("A").sales / report.sales).toBeGreaterThan(0.6);
    expect(row("A").sales / report.sales).toBeLessThanOrEqual(0.7);
    expect(row("A").count / withSales).toBeLessThan(0.3);
    expect(row("无交易").count).toBeGreaterThan(0);
    const keys = (by: string) => report.breakdowns.find((b) => b.by === by)!.rows.map((r) => r.key);
    expect(keys("province").length).toBeGreaterThanOrEqual(5);
    expect(keys("industry").length).toBeGreaterThanOrEqual(5);
    const owners = keys("owner");
    expect(owners.length).toBeGreaterThanOrEqual(5);
    expect(owners.length).toBeLessThanOrEqual(9);
    const products = report.breakdowns.find((b) => b.by === "product")!.rows;
    const noProduct = products.find((r) => r.key === "未填")!;
    expect(noProduct.sales / report.sales).toBeGreaterThan(0.15);
    expect(noProduct.sales / report.sales).toBeLessThan(0.45);
    const payments = demo.sheets.find((s) => s.tableName === "Payments")!;
    expect(payments.values.slice(1).some((r) => typeof r[5] === "number" && r[5] < 0)).toBe(true);
  });

  it("has the records slips of SPEC §10: a leaver still 负责人, a misspelt owner, single-contact A类, overdue loans, copies without proper approval, retention", () => {
    const ownerLeft = findings.filter((f) => f.code === "owner-left" && f.table === "Customers");
    expect(ownerLeft.filter((f) => f.value === LEAVER).length).toBeGreaterThanOrEqual(1);
    expect(ownerLeft.filter((f) => f.value === "王方").length).toBe(1);
    expect(count("owner-left", "Loans")).toBe(1);
    expect([1, 2]).toContain(count("single-contact"));
    expect(count("overdue-loan")).toBe(3);
    expect(count("same-person", "Loans")).toBe(1);
    expect(count("required", "Loans")).toBe(1);
    expect(count("retention")).toBe(1);
    const loans = demo.sheets.find((s) => s.tableName === "Loans")!;
    expect(loans.values.length - 1).toBe(20);
    // Archive handlers and reviewers are on the staff list: no owner-left there.
    expect(count("owner-left", "Archive")).toBe(0);
  });

  it("writes 变更记录 with a 校验 chain that holds", async () => {
    const v = await verifyChangeLog(demo.sheets, sha256);
    expect(v.ok).toBe(true);
    expect(v.chained).toBe(v.rows);
    expect(v.rows).toBeGreaterThan(0);
    expect(v.notes).toEqual([]);
  });
});
