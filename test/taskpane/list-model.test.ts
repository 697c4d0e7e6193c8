/** The findings tree's rows (errors first, groups with counts, collapsing, filters) and list keys. */
import { findingRows, groupOf, moveIndex } from "../../src/taskpane/list-model";
import type { LocatedCreditFlag } from "../../src/excel/check";
import { finding } from "./stub-adapter";

const findings = [
  finding("enum", "H5", { severity: "warning" }),
  finding("date", "J3"),
  finding("stale", "L9", { severity: "info" }),
  finding("missing-column", null, { column: "联系人" }),
  finding("phone", "E4"),
];

describe("findingRows", () => {
  it("groups by severity, errors first, each group in the check's order with its count and set positions", () => {
    const rows = findingRows(findings, null, new Set());
    expect(rows.map((r) => (r.kind === "group" ? `${r.severity} ${r.count} ${r.posinset}/${r.setsize}` : r.kind === "finding" ? `${r.finding.code} ${r.posinset}/${r.setsize}` : r.kind))).toEqual([
      "error 3 1/3", "date 1/3", "missing-column 2/3", "phone 3/3",
      "warning 1 2/3", "enum 1/1",
      "info 1 3/3", "stale 1/1",
    ]);
  });

  it("a finding about a whole table or column has no cell to select", () => {
    const rows = findingRows(findings, null, new Set());
    const byCode = Object.fromEntries(rows.flatMap((r) => (r.kind === "finding" ? [[r.finding.code, r.actionable]] : [])));
    expect(byCode).toEqual({ date: true, "missing-column": false, phone: true, enum: true, stale: true });
  });

  it("a collapsed group shows its header only; keys stay the same across filters and collapsing", () => {
    const all = findingRows(findings, null, new Set());
    const folded = findingRows(findings, null, new Set(["error"]));
    expect(folded.map((r) => r.key)).toEqual(["g:error", "g:warning", "f:0", "g:info", "f:2"]);
    expect(folded[0]).toMatchObject({ kind: "group", expanded: false, count: 3 });
    const phones = findingRows(findings, "phone", new Set());
    expect(phones.map((r) => r.key)).toEqual(["g:error", "f:4"]);
    expect(phones[0]).toMatchObject({ count: 1, setsize: 1 });
    expect(all.find((r) => r.key === "f:4")).toBeDefined();
  });

  it("groupOf finds a row's group header", () => {
    const rows = findingRows(findings, null, new Set());
    expect(groupOf(rows, 3)).toBe(0);
    expect(groupOf(rows, 5)).toBe(4);
    expect(groupOf(rows, 4)).toBe(4);
  });
});

describe("findingRows with the recorded vs computed flags (SPEC §8.1)", () => {
  const flag = (code: LocatedCreditFlag["code"], address: string | null): LocatedCreditFlag => ({
    ...finding("x", address), code, severity: code === "over-limit" ? "error" : code === "grade-drift" ? "warning" : "info", customerId: "C1",
  });
  const flags = [flag("grade-drift", "H3"), flag("over-limit", "N3"), flag("grade-drift", null), flag("limit-above-suggested", "N4")];

  it("lists the flags last, under their own heading with the count of each code (in CREDIT_FLAG_CODES order); a flag without a cell is not actionable", () => {
    const rows = findingRows(findings.slice(0, 2), null, new Set(), flags);
    expect(rows.map((r) => r.kind === "credit-group" ? `credit ${r.count} ${r.posinset}/${r.setsize} ${JSON.stringify(r.counts)}` : r.kind === "flag" ? `${r.flag.code} ${r.posinset}/${r.setsize} ${r.actionable}` : r.key)).toEqual([
      "g:error", "f:1", "g:warning", "f:0",
      `credit 4 3/3 ${JSON.stringify([["over-limit", 1], ["grade-drift", 2], ["limit-above-suggested", 1]])}`,
      "grade-drift 1/4 true", "over-limit 2/4 true", "grade-drift 3/4 false", "limit-above-suggested 4/4 true",
    ]);
    expect(groupOf(rows, 7)).toBe(4);
  });

  it("a flag code filters to those flags only, a finding code shows no flags; the flags' heading folds", () => {
    expect(findingRows(findings, "grade-drift", new Set(), flags).map((r) => r.key)).toEqual(["g:credit", "c:0", "c:2"]);
    expect(findingRows(findings, "phone", new Set(), flags).map((r) => r.key)).toEqual(["g:error", "f:4"]);
    const folded = findingRows([], null, new Set(["credit"]), flags);
    expect(folded).toEqual([expect.objectContaining({ kind: "credit-group", expanded: false, count: 4, posinset: 1, setsize: 1 })]);
    expect(findingRows(findings, null, new Set(), []).some((r) => r.kind === "credit-group")).toBe(false);
  });
});

describe("moveIndex", () => {
  it("moves by one, to the ends and by a page, never past them; other keys are not moves", () => {
    expect(moveIndex("ArrowDown", 0, 10, 4)).toBe(1);
    expect(moveIndex("ArrowDown", 9, 10, 4)).toBe(9);
    expect(moveIndex("ArrowUp", 0, 10, 4)).toBe(0);
    expect(moveIndex("Home", 7, 10, 4)).toBe(0);
    expect(moveIndex("End", 2, 10, 4)).toBe(9);
    expect(moveIndex("PageDown", 2, 10, 4)).toBe(6);
    expect(moveIndex("PageDown", 8, 10, 4)).toBe(9);
    expect(moveIndex("PageUp", 5, 10, 4)).toBe(1);
    expect(moveIndex("PageUp", 5, 10, 0)).toBe(4);
    expect(moveIndex("Enter", 5, 10, 4)).toBeNull();
    expect(moveIndex("ArrowDown", 0, 0, 4)).toBeNull();
  });
});
