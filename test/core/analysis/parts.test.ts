/** The parts of composition analysis one by one: bounds, shares, ABC, concentration, the readers it shares with the validator, the sheet. */
import {
  ABC_KEYS, AnalysisInputError, DEFAULT_ABC_BOUNDS, abcClasses, compositionJson, compositionSheet, compositionSheetName, concentration, largestRemainder, readAbcBounds,
} from "../../../src/core/analysis";
import { CreditPolicyError, PaymentsTableError } from "../../../src/core/credit";
import { layoutSheet, tableCells } from "../../../src/core/sheets";
import { DEFAULT_LISTS, listResolver, mergeLists } from "../../../src/core/template";
import { addressProblem, addressProvince } from "../../../src/core/validate";
import { CUSTOMER_HEADERS, CUSTOMER_ROWS, PAYMENT_HEADERS, PAYMENT_ROWS, analyze, book, breakdown, figures, id, sheet } from "./fixtures";

describe("ABC bounds from 信用政策", () => {
  it("default 70% / 90%; 80% or 0.8 written either way; other settings skipped", () => {
    expect(readAbcBounds(null)).toEqual(DEFAULT_ABC_BOUNDS);
    expect(readAbcBounds([["参数", "值"], ["宽限天数", 3], [ABC_KEYS.a.key, "80%"], ["abcB", 0.95]])).toEqual({ a: 0.8, b: 0.95 });
    expect(readAbcBounds([["A类销售累计占比", " "]])).toEqual(DEFAULT_ABC_BOUNDS);
  });

  it.each([
    [[["ABC-A累计占比", "70"]], /ABC-A累计占比.*'70' is not valid: expected a share of sales above 0/],
    [[["ABC-A累计占比", "七成"]], /ABC-A累计占比」的值「七成」无效/],
    [[["ABC-B累计占比", "60%"]], /ABC-B累计占比 = '60%' is not valid: expected a share of sales from the A bound/],
    [[["ABC-A累计占比", "95%"]], /ABC-A累计占比 = '95%' is not valid: .*not above the B bound/],
    [[["ABC-A累计占比", 0]], /ABC-A累计占比 = '0'/],
  ])("a bad bound is a CreditPolicyError naming the key and value: %j", (rows, message) => {
    expect(() => readAbcBounds(rows)).toThrow(CreditPolicyError);
    expect(() => readAbcBounds(rows)).toThrow(message);
  });

  it("the workbook's bounds classify: with A ≤ 40% only the 40,000 customer is A", () => {
    const report = analyze(book([sheet("信用政策", ["参数", "值"], [["ABC-A累计占比", "40%"], ["ABC-B累计占比", "80%"]])]));
    // 1 (40%) A · 2 (70%) B · 3 (80%) B · 4 … 8 C
    expect(figures(report, "abc").map((r) => [r[0], r[1], r[2]])).toEqual([["A", 1, 40_000], ["B", 2, 40_000], ["C", 5, 20_000], ["无交易", 4, 0]]);
    expect(report.bounds).toEqual({ a: 0.4, b: 0.8 });
  });
});

describe("largest-remainder shares", () => {
  it("whole units adding up to exactly 1000; ties go to the earlier row", () => {
    expect(largestRemainder([1, 1, 1])).toEqual([334, 333, 333]);
    expect(largestRemainder([2, 1])).toEqual([667, 333]);
    expect(largestRemainder([0, 0])).toEqual([0, 0]);
    expect(largestRemainder([])).toEqual([]);
    expect(largestRemainder([1, 2, 3, 4], 100)).toEqual([10, 20, 30, 40]);
  });

  it("negative values (net credit) still add up; a total ≤ 0 gives zeros", () => {
    const s = largestRemainder([1200, -200, 1]);
    expect(s.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(s).toEqual([1199, -200, 1]);
    expect(largestRemainder([-5, 3])).toEqual([0, 0]);
  });

  it("amounts beyond 2^53 / 1000 fen are divided exactly (BigInt)", () => {
    const big = 4_000_000_000_000_000; // 40 trillion yuan in fen: × 1000 is beyond 2^53
    expect(largestRemainder([big, big, big])).toEqual([334, 333, 333]);
    expect(largestRemainder([big * 2, big])).toEqual([667, 333]);
  });
});

describe("ABC classes and concentration", () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => id(i + 1));

  it("a single customer above the A bound is B under SPEC §9's rule (the cumulative share including it is > 70%)", () => {
    const r = abcClasses(ids(3), [80_00, 15_00, 5_00], DEFAULT_ABC_BOUNDS);
    expect(Array.from(r.classes)).toEqual([1, 2, 2]);
    expect(r.ranked).toEqual([0, 1, 2]);
  });

  it("ties are ranked by 客户编号 whatever the input order; no sales (0 or net negative) is 无交易", () => {
    const r = abcClasses([id(3), id(1), id(2), id(4)], [500, 500, 500, -100], { a: 0.34, b: 0.67 });
    // ranked 1, 2, 3 by id: cum 1/3 ≤ 34% A, 2/3 ≤ 67% B, 3/3 C; id 4 (net −1.00) 无交易.
    expect(r.ranked).toEqual([1, 2, 0]);
    expect(Array.from(r.classes)).toEqual([2, 0, 1, 3]);
    expect(r.positiveTotal).toBe(1500);
  });

  it("totals beyond 2^53 / 10,000 fen compare in BigInt, still exactly at the bound", () => {
    const big = 1e15; // fen; × 10,000 is far beyond 2^53
    const r = abcClasses(ids(3), [4 * big, 3 * big, 3 * big], DEFAULT_ABC_BOUNDS);
    expect(Array.from(r.classes)).toEqual([0, 0, 2]);
  });

  it("top-10 share and Herfindahl index over 12 customers with sales", () => {
    // 12 customers: 10 of 1,000 and 2 of 500: top 10 = 10,000 of 11,000; HHI = 10 × (100/11)² + 2 × (50/11)²
    const sales = [...Array(10).fill(1000_00), 500_00, 500_00];
    const r = abcClasses(ids(12), sales, DEFAULT_ABC_BOUNDS);
    const c = concentration(sales, r);
    expect(c.top10Share).toBeCloseTo(10 / 11, 12);
    expect(c.hhi).toBeCloseTo(10 * (100 / 11) ** 2 + 2 * (50 / 11) ** 2, 9);
    expect(concentration([0, 0], abcClasses(ids(2), [0, 0], DEFAULT_ABC_BOUNDS))).toEqual({ top10Share: 0, hhi: 0 });
    expect(concentration([5], abcClasses(ids(1), [5], DEFAULT_ABC_BOUNDS)).hhi).toBe(10_000);
  });
});

describe("the readers shared with the validator", () => {
  it("addressProvince: the province an accepted address starts with, full name; null where the validator says province", () => {
    expect(addressProvince("北京市海淀区中关村大街1号")).toBe("北京市");
    expect(addressProvince("广东深圳市南山区")).toBe("广东省");
    expect(addressProvince("新疆乌鲁木齐市天山区")).toBe("新疆维吾尔自治区");
    expect(addressProvince("内蒙古自治区呼和浩特市")).toBe("内蒙古自治区");
    expect(addressProvince("广东省 深圳市")).toBe("广东省");
    expect(addressProvince("澳门氹仔")).toBe("澳门特别行政区");
    expect(addressProvince("广东省火星市")).toBe("广东省"); // a wrong city does not hide the province
    for (const bad of ["火星市奥林帕斯区", "中关村大街1号", ""]) {
      expect(addressProvince(bad)).toBeNull();
      expect(addressProblem(bad)).toEqual({ kind: "province" });
    }
  });

  it("listResolver gives the value the enum check accepts or fixes to", () => {
    const industry = listResolver("所属行业", DEFAULT_LISTS);
    expect(industry("信息技术")).toBe("信息传输、软件和信息技术服务业");
    expect(industry("Ｉ")).toBe("信息传输、软件和信息技术服务业");
    expect(industry("制造业")).toBe("制造业");
    expect(industry("宇宙旅行")).toBeNull();
    const grade = listResolver("客户等级", DEFAULT_LISTS);
    expect([grade("A"), grade("b"), grade("C级"), grade("A类"), grade("D类")]).toEqual(["A类", "B类", "C类", "A类", null]);
    // A company list without the section: a short name no longer resolves to it.
    expect(listResolver("所属行业", mergeLists({ 所属行业: ["汽车零部件"] }))("信息技术")).toBeNull();
  });

  it("the workbook's 下拉选项 are used: a company grade D类 is a grade, its own industries are industries", () => {
    const lists = sheet("下拉选项", ["客户等级", "所属行业"], [["A类", "软件"], ["B类", "制造业"], ["C类", null], ["D类", null]]);
    const report = analyze(book([lists]));
    expect(figures(report, "grade").map((r) => r[0])).toEqual(["A类", "B类", "C类", "D类", "未填"]);
    // 信息技术/IT/信息传输… are no longer list values (the section is not in the company's list): 未识别.
    const industries = figures(report, "industry");
    expect(industries.map((r) => r[0])).toEqual(["制造业", "未填", "未识别"]);
  });
});

describe("what the workbook lacks", () => {
  it("an id only in 回款记录 is a customer with its sales, 未登记 in every attribute breakdown, and a warning", () => {
    const payments = [...PAYMENT_ROWS, ["C20990101001", "X-1", "2026-09-01", "2026-10-01", 30, 1000, null, null, "服务"]];
    const report = analyze(book([], payments));
    expect(report.customers).toBe(13);
    expect(report.sales).toBe(101_000);
    expect(figures(report, "province").at(-1)).toEqual(["未登记", 1, 1_000, 1_000, 0]);
    expect(figures(report, "owner").at(-1)).toEqual(["未登记", 1, 1_000, 1_000, 0]);
    expect(report.warnings).toEqual(["1 customer id(s) in 回款记录 are not in 客户信息; they are listed as 未登记: C20990101001"]);
  });

  it("an unapplied credit (a negative 金额 under its own 单据号) reduces sales by its date, not the open balance", () => {
    const payments = [...PAYMENT_ROWS, [id(3), "CN-03", "2026-06-01", null, null, -500, null, null, null]];
    const report = analyze(book([], payments));
    expect(report.sales).toBe(99_500);
    expect(report.open).toBe(53_000);
    expect(report.top.find((t) => t.id === id(3))?.sales).toBe(9_500);
  });

  it("no 回款记录: everyone 无交易, a warning; no 客户信息: everyone 未登记", () => {
    const noPayments = analyze([sheet("客户信息", CUSTOMER_HEADERS, CUSTOMER_ROWS)]);
    expect(figures(noPayments, "abc")).toEqual([["A", 0, 0, 0, 0], ["B", 0, 0, 0, 0], ["C", 0, 0, 0, 0], ["无交易", 12, 0, 0, 0]]);
    expect(noPayments.warnings).toContain("no Payments table (回款记录): sales, open balance and overdue amount are 0");
    expect(breakdown(noPayments, "abc").salesPermille).toEqual([0, 0, 0, 0]);
    const noCustomers = analyze([sheet("回款记录", PAYMENT_HEADERS, PAYMENT_ROWS)]);
    // The ids of usable rows: 9 has none, 12's only row is dated after the as-of day.
    expect(noCustomers.customers).toBe(10);
    expect(figures(noCustomers, "grade")).toEqual([["未登记", 10, 100_000, 53_000, 20_000]]);
    expect(() => analyze([sheet("Other", ["a"], [[1]])])).toThrow(AnalysisInputError);
  });

  it("another analysis in between (the invoice arrays are kept and reused) does not change the answer", () => {
    const before = compositionJson(analyze(book()));
    const other = Array.from({ length: 300 }, (_, k) => [id(1 + (k % 12)), `X-${k % 150}`, "2026-05-01", "2026-05-31", 30, 100 + k, k % 3 === 0 ? "2026-05-20" : null, k % 3 === 0 ? 50 : null, `P${k % 7}`]);
    analyze(book([], other));
    expect(compositionJson(analyze(book()))).toEqual(before);
  });

  it("a payment table without a needed column is credit's PaymentsTableError", () => {
    expect(() => analyze(book([], PAYMENT_ROWS.map((r) => r.slice(1)), PAYMENT_HEADERS.slice(1)))).toThrow(PaymentsTableError);
  });

  it("a repeated 客户编号 counts once, with its first row", () => {
    const customers = sheet("客户信息", CUSTOMER_HEADERS, [...CUSTOMER_ROWS, [id(1), "重复", "个人", "教育", "C类", "上海市黄浦区", "赵六", "休眠"]]);
    const report = analyze([customers, sheet("回款记录", PAYMENT_HEADERS, PAYMENT_ROWS)]);
    expect(report.customers).toBe(12);
    expect(report.warnings).toEqual(["1 row(s) of 客户信息 repeat a 客户编号 of an earlier row; each customer is counted once, with its first row"]);
  });
});

describe("the 客户构成分析 sheet (a SheetSpec for both writers)", () => {
  const report = analyze(book());
  const spec = compositionSheet(report);

  it("is named after the as-of day and has a table per breakdown under its caption", () => {
    expect(spec.name).toBe("客户构成分析 2026-09-30");
    expect(compositionSheetName("2026-12-31")).toBe("客户构成分析 2026-12-31");
    expect(spec.tables.map((t) => t.name)).toEqual(["abc", "province", "industry", "grade", "type", "owner", "status", "product"].map((b) => `Composition_${b}_20260930`));
    expect(spec.tables.map((t) => t.caption)).toEqual([
      "按ABC分类（销售额）", "按地区（省份，GB/T 2260）", "按行业（GB/T 4754 门类）", "按客户等级（客户信息中登记的等级）", "按客户类型", "按负责人", "按合作状态",
      "按商品（客户可购买多种商品，客户数不相加）",
    ]);
    expect(spec.tables[0].columns.map((c) => `${c.header}:${c.format}`)).toEqual(["ABC分类:text", "客户数:integer", "客户占比:percent", "销售额:money", "销售占比:percent", "未收金额:money", "逾期金额:money"]);
    expect(spec.tables[0].rows[0]).toEqual(["A", 2, 0.167, 70_000, 0.7, 35_000, 5_000]);
  });

  it("percent cells are the printed shares, so each 0.0% column adds up to 100.0%", () => {
    for (const t of spec.tables.filter((x) => !x.name.includes("product"))) {
      for (const col of [2, 4]) expect(Math.round(t.rows.reduce((s, r) => s + (r[col] as number), 0) * 1000)).toBe(1000);
    }
  });

  it("charts the sales of ABC (pie), province and industry (bar) and grade (doughnut) beside their tables", () => {
    expect(spec.charts).toEqual([
      { table: "Composition_abc_20260930", type: "pie", title: "销售额构成：ABC分类", categoryColumn: 0, seriesColumns: [3] },
      { table: "Composition_province_20260930", type: "bar", title: "销售额构成：省份", categoryColumn: 0, seriesColumns: [3] },
      { table: "Composition_industry_20260930", type: "bar", title: "销售额构成：所属行业", categoryColumn: 0, seriesColumns: [3] },
      { table: "Composition_grade_20260930", type: "doughnut", title: "销售额构成：客户等级", categoryColumn: 0, seriesColumns: [3] },
    ]);
    const layout = layoutSheet(spec);
    expect(layout.lines).toBe(6);
    expect(layout.charts.map((c) => c.column)).toEqual([8, 8, 8, 8]);
    expect(tableCells(spec.tables[0])[1][2]).toEqual({ value: 0.167, numberFormat: "0.0%" });
  });

  it("the lines say the window, totals, concentration and bounds", () => {
    expect(spec.lines).toEqual([
      "客户构成分析 截至 2026-09-30",
      "销售额 = 2025-10-01 至 2026-09-30 开票金额（每张发票计一次，红字发票冲减）；未收金额、逾期金额按 2026-09-30 计。",
      "客户 12 个；销售额 100,000.00 元；未收 53,000.00 元，其中逾期 20,000.00 元。",
      "集中度：前 10 名客户占销售额 100.0%；赫芬达尔指数 HHI 2688（0–10000）。",
      "ABC 分类：按销售额从大到小累计，累计占比 ≤ 70.0% 为 A 类，≤ 90.0% 为 B 类，其余为 C 类；无销售额为「无交易」（界限见「信用政策」）。",
      "回款记录中有 1 行无法使用，未计入（custfile analyze 列出行号）。",
    ]);
  });
});
