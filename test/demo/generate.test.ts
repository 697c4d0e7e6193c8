/** The demo workbook's mistakes are the planted ones: clean rows raise no phone or address finding. */
import { generateDemo } from "../../src/demo/generate";
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
