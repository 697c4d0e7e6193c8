/** The demo generator: its mistakes are the planted ones, its sections independent, its sheets within Excel's rows. */
import { demoTooLarge, EXCEL_MAX_ROWS, generateDemo } from "../../src/demo/generate";
import { validateWorkbook } from "../../src/core/validate";
import { readAuditInput } from "../../src/core/audit";
import { NUMBER_FORMATS } from "../../src/core/sheets";

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
    for (const i of [0, 2, 3, 4]) expect(b.sheets[i].values).toEqual(a.sheets[i].values);
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
    expect([...new Set(seen.map((s) => s.split(" ")[0]))]).toEqual(["客户信息", "客户动态", "归档记录", "回款记录", "变更记录"]);
  });
});
