/** The default lists and a workbook's Lists table. */
import { DEFAULT_LISTS, INDUSTRY_SECTIONS, industrySection, listsSheetRows, mergeLists, readLists } from "../../../src/core/template/lists";

describe("default lists", () => {
  it("holds the 20 sections A–T of GB/T 4754-2017", () => {
    expect(INDUSTRY_SECTIONS.map((s) => s.code).join("")).toBe("ABCDEFGHIJKLMNOPQRST");
    expect(DEFAULT_LISTS.所属行业).toHaveLength(20);
    expect(DEFAULT_LISTS.所属行业[0]).toBe("农、林、牧、渔业");
    expect(DEFAULT_LISTS.所属行业[19]).toBe("国际组织");
  });
  it("maps common short names to their section", () => {
    expect(industrySection("信息技术")?.code).toBe("I");
    expect(industrySection("零售业")?.code).toBe("F");
    expect(industrySection("制造业")?.code).toBe("C");
    expect(industrySection("教育")?.code).toBe("P");
    expect(industrySection("C")?.name).toBe("制造业");
    expect(industrySection("宇宙探索")).toBeNull();
  });
  it("has the lists of SPEC §2 and §6", () => {
    expect(DEFAULT_LISTS.客户等级).toEqual(["A类", "B类", "C类"]);
    expect(DEFAULT_LISTS.存储位置).toEqual(["电子", "纸质", "电子+纸质"]);
    expect(DEFAULT_LISTS.合作状态).toEqual(["合作中", "停止合作", "休眠"]);
    expect(DEFAULT_LISTS.核对结果).toEqual(["一致", "已更正", "无法联系"]);
  });
});

describe("readLists", () => {
  it("reads one list per column under a title row, trimming, skipping blanks and repeats", () => {
    const read = readLists({ sheet: "下拉选项", firstRow: 1, firstColumn: 1, values: [[null, null], ["客户等级", "Industry"], [" VIP ", "制造业"], [null, "VIP"], ["VIP", null], ["#N/A", null]] });
    expect(read.lists).toEqual({ 客户等级: ["VIP"], 所属行业: ["制造业", "VIP"] });
    expect(read.problems).toEqual([{ row: 6, columnNumber: 1, value: "#N/A", reason: "error-value" }]);
  });
  it("reports an empty list and keeps the default for it", () => {
    const read = readLists({ sheet: "Lists", firstRow: 1, firstColumn: 1, values: [["客户类型"]] });
    expect(read.problems[0].reason).toBe("empty-list");
    expect(mergeLists(read.lists).客户类型).toEqual(["企业", "个人"]);
  });
  it("overrides only the lists the workbook defines", () => {
    const merged = mergeLists({ 客户等级: ["VIP", "普通"] });
    expect(merged.客户等级).toEqual(["VIP", "普通"]);
    expect(merged.交互类型).toEqual(["拜访", "沟通", "需求变更"]);
  });
});

describe("listsSheetRows", () => {
  it("writes list names in the first row and values below, padded with blanks", () => {
    const rows = listsSheetRows({ a: ["1", "2"], b: ["x"] });
    expect(rows).toEqual([["a", "b"], ["1", "x"], ["2", null]]);
    expect(listsSheetRows()[0]).toEqual(Object.keys(DEFAULT_LISTS));
  });
});
