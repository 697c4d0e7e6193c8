/** Fixes: applied as new blocks (pure) and as cell edits for hosts. */
import { applyFixes, fixEdits, hasCellFix, validateWorkbook } from "../../../src/core/validate";
import { check, customer, customersSheet, AS_OF } from "./fixtures";

describe("applyFixes", () => {
  it("writes every fix into a copy and leaves the input unchanged", () => {
    const blocks = [customersSheet([customer({ 开户日期: "2024/1/15", 客户等级: "A", 联系方式: "139 5678 1234" })])];
    const before = JSON.stringify(blocks);
    const report = check(...blocks);
    const fixed = applyFixes(blocks, report.findings);
    expect(JSON.stringify(blocks)).toBe(before);
    expect(validateWorkbook(fixed, { asOf: AS_OF }).findings).toEqual([]);
    expect(fixed[0].values[1]).toEqual(expect.arrayContaining(["2024-01-15", "A类", "13956781234"]));
  });
});

describe("fixEdits", () => {
  it("gives one edit per cell with the value before and after, for ChangeLog", () => {
    const report = check(customersSheet([customer({ 客户名称: "华信\u0001科技", 客户等级: "a" })]));
    const edits = fixEdits(report);
    expect(edits.map((e) => [e.sheet, e.row, e.columnNumber, e.before, e.after])).toEqual([
      ["客户信息", 2, 2, "华信\u0001科技", "华信科技"],
      ["客户信息", 2, 8, "a", "A类"],
    ]);
    expect(edits[1].finding.code).toBe("enum");
  });
  it("skips findings without a fix", () => {
    expect(fixEdits(check(customersSheet([customer({ 联系方式: "1395678" })])))).toEqual([]);
  });
});

describe("hasCellFix", () => {
  it("is true only for a finding with a fix and a cell to write it to", () => {
    expect(hasCellFix({ fix: "x", row: 2, columnNumber: 3 })).toBe(true);
    expect(hasCellFix({ fix: null, row: 2, columnNumber: 3 })).toBe(true);
    expect(hasCellFix({ fix: undefined, row: 2, columnNumber: 3 })).toBe(false);
    expect(hasCellFix({ fix: "x", row: 0, columnNumber: 3 })).toBe(false);
    expect(hasCellFix({ fix: "x", row: 2, columnNumber: 0 })).toBe(false);
  });
});
