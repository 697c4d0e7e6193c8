/** The findings tree's rows (errors first, groups with counts, collapsing, filters) and list keys. */
import { findingRows, groupOf, moveIndex } from "../../src/taskpane/list-model";
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
    expect(rows.map((r) => (r.kind === "group" ? `${r.severity} ${r.count} ${r.posinset}/${r.setsize}` : `${r.finding.code} ${r.posinset}/${r.setsize}`))).toEqual([
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
