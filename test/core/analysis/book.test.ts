/**
 * SPEC §9 on the 12-customer book of fixtures.ts, every figure worked out by hand.
 *
 * Sales per customer (yuan), window 2025-10-01 … 2026-09-30:
 *   1: 50,000 − 10,000 credit note = 40,000 (two payment rows repeat the 50,000: counted once)
 *   2: 30,000   3: 10,000   4: 2,000 + 3,000 = 5,000   5: 5,000   6: 5,000 (the 999 row is left out)
 *   7: 3,000    8: 2,000 (dated 2025-10-01, the window's first day)
 *   9: no rows  10: 0 (dated 2025-09-30, a day before the window)  11: 4,000 − 4,000 = 0  12: 0 (after as-of)
 *   total 40 + 30 + 10 + 5 + 5 + 5 + 3 + 2 = 100,000
 * Open (overdue) at 2026-09-30: 1: 50,000 − 10,000 − 35,000 = 5,000 (5,000, due 03-31); 2: 30,000 (0, due 10-31);
 *   4: 3,000 − 1,000 = 2,000 (2,000, due 08-16 + 30 = 09-15; the 10-10 payment is after as-of);
 *   5: 5,000 (5,000); 7: 3,000 (0, due 10-20); 10: 8,000 (8,000)
 *   total open 5 + 30 + 2 + 5 + 3 + 8 = 53,000; overdue 5 + 2 + 5 + 8 = 20,000
 */
import { buildCreditIndex } from "../../../src/core/credit";
import { compositionJson, largestRemainder } from "../../../src/core/analysis";
import { AS_OF_DAY, PAYMENT_HEADERS, PAYMENT_ROWS, analyze, book, breakdown, figures, id } from "./fixtures";

const report = analyze(book());

describe("composition of the 12-customer book (SPEC §9)", () => {
  it("totals: 12 customers, sales 100,000, open 53,000, overdue 20,000; the 999 row is left out and reported", () => {
    expect(report.asOf).toBe("2026-09-30");
    expect(report.salesFrom).toBe("2025-10-01");
    expect(report.customers).toBe(12);
    expect(report.sales).toBe(100_000);
    expect(report.open).toBe(53_000);
    expect(report.overdue).toBe(20_000);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ row: 12, code: "invalid-row", column: "付款金额", customerId: id(6) });
    expect(report.warnings).toEqual([]);
  });

  it("open balance and overdue amount agree with credit grading's openAmount and aging", () => {
    const credit = buildCreditIndex({ values: [PAYMENT_HEADERS, ...PAYMENT_ROWS], firstRow: 1 }, { asOf: AS_OF_DAY });
    let open = 0;
    let overdue = 0;
    for (let n = 1; n <= 12; n++) {
      const c = credit.get(id(n));
      open += c.openAmount;
      overdue += c.openAmount - c.aging.current;
    }
    expect([open, overdue]).toEqual([report.open, report.overdue]);
  });

  it("ABC: 40% + 30% is exactly 70% (A); the 5,000 ties go by 客户编号 across the 90% bound", () => {
    // Ranked: 1 40,000 (cum 40%) A · 2 30,000 (70%, ≤ 70%: A — a float sum 0.4 + 0.3 = 0.7000000000000001 would say B)
    // · 3 10,000 (80%) B · 4 5,000 (85%) B · 5 5,000 (90%, ≤ 90%) B · 6 5,000 (95%) C · 7 3,000 (98%) C · 8 2,000 (100%) C
    // · 9, 10, 11, 12 无交易.
    // A: open 5,000 + 30,000 = 35,000, overdue 5,000; B (3, 4, 5): sales 20,000, open 2,000 + 5,000 = 7,000, overdue 7,000;
    // C (6, 7, 8): 10,000, open 3,000, overdue 0; 无交易: 10's 8,000 open and overdue.
    expect(figures(report, "abc")).toEqual([
      ["A", 2, 70_000, 35_000, 5_000],
      ["B", 3, 20_000, 7_000, 7_000],
      ["C", 3, 10_000, 3_000, 0],
      ["无交易", 4, 0, 8_000, 8_000],
    ]);
    // Counts 2, 3, 3, 4 of 12 in per-mille: 166.67, 250, 250, 333.33 → floors 999, the one left goes to the
    // largest remainder (A, .67): 16.7% + 25.0% + 25.0% + 33.3% = 100.0%.
    const abc = breakdown(report, "abc");
    expect(abc.countPermille).toEqual([167, 250, 250, 333]);
    expect(abc.salesPermille).toEqual([700, 200, 100, 0]);
    expect(abc.rows[0].countShare).toBeCloseTo(2 / 12, 12);
    expect(abc.rows[0].salesShare).toBe(0.7);
  });

  it("province from the address by GB/T 2260 (江苏 → 江苏省, 香港 → 香港特别行政区); 未识别 and 未填 last", () => {
    // 广东省 = 2 (30,000; open 30,000) + 3 (10,000) + 10 (0; open and overdue 8,000); ties on sales go to more customers,
    // then by key; 未识别 = 7 (火星市), 未填 = 8 (no address).
    expect(figures(report, "province")).toEqual([
      ["广东省", 3, 40_000, 38_000, 8_000],
      ["北京市", 1, 40_000, 5_000, 5_000],
      ["浙江省", 2, 5_000, 5_000, 5_000],
      ["上海市", 1, 5_000, 2_000, 2_000],
      ["江苏省", 1, 5_000, 0, 0],
      ["四川省", 1, 0, 0, 0],
      ["香港特别行政区", 1, 0, 0, 0],
      ["未填", 1, 2_000, 0, 0],
      ["未识别", 1, 3_000, 3_000, 0],
    ]);
    // 3/12, 1/12 ×7, 2/12 in per-mille: floors 250, 83 ×7, 166 = 997; remainders (×12 in fen units) 0, 4 ×7, 8:
    // 浙江 (8) first, then the first two 4s in row order (北京, 上海).
    expect(breakdown(report, "province").countPermille).toEqual([250, 84, 167, 84, 83, 83, 83, 83, 83]);
    expect(breakdown(report, "province").salesPermille).toEqual([400, 400, 50, 50, 50, 0, 0, 20, 30]);
  });

  it("industry by the validator's mapping: 信息技术, IT and the section name are one section; code C and 制造 are 制造业", () => {
    // I: 1 (40,000; 5,000 open/overdue) + 5 (5,000; 5,000) + 12 (0) · C: 2 (30,000; 30,000 open) + 3 + 9 ·
    // F: 4 (零售业, 5,000; 2,000) + 10 (0; 8,000) · P 教育: 6 · J 金融: 11 · 未填: 8 · 未识别: 7 (宇宙旅行)
    expect(figures(report, "industry")).toEqual([
      ["信息传输、软件和信息技术服务业", 3, 45_000, 10_000, 10_000],
      ["制造业", 3, 40_000, 30_000, 0],
      ["批发和零售业", 2, 5_000, 10_000, 10_000],
      ["教育", 1, 5_000, 0, 0],
      ["金融业", 1, 0, 0, 0],
      ["未填", 1, 2_000, 0, 0],
      ["未识别", 1, 3_000, 3_000, 0],
    ]);
  });

  it("grade is the recorded 客户等级 (A → A类, b → B类, C级 → C类; D类 is in no list)", () => {
    // A类: 1, 2, 10 → 70,000; open 5,000 + 30,000 + 8,000; overdue 5,000 + 8,000 · B类: 3, 4, 5, 11 → 20,000; 7,000; 7,000
    // · C类: 6, 7, 12 → 8,000; open 3,000 · 未填: 8 · 未识别: 9
    expect(figures(report, "grade")).toEqual([
      ["A类", 3, 70_000, 43_000, 13_000],
      ["B类", 4, 20_000, 7_000, 7_000],
      ["C类", 3, 8_000, 3_000, 0],
      ["未填", 1, 2_000, 0, 0],
      ["未识别", 1, 0, 0, 0],
    ]);
  });

  it("customer type with aliases (公司 → 企业, 自然人 → 个人)", () => {
    // 企业: 1, 2, 3, 5, 6, 7, 9, 10, 12 → 40 + 30 + 10 + 5 + 5 + 3 = 93,000; open 5 + 30 + 5 + 3 + 8 = 51,000; overdue 5 + 5 + 8
    expect(figures(report, "type")).toEqual([
      ["企业", 9, 93_000, 51_000, 18_000],
      ["个人", 2, 5_000, 2_000, 2_000],
      ["未填", 1, 2_000, 0, 0],
    ]);
  });

  it("owner grouped like names (王 芳 is 王芳); a blank owner is 未填", () => {
    // 王芳: 1, 3, 5, 7 → 40 + 10 + 5 + 3 = 58,000; open 5 + 5 + 3; overdue 5 + 5 · 李娜: 2, 4, 6, 11 → 40,000; 32,000; 2,000
    // · 张伟: 8, 9, 12 → 2,000 · 未填: 10 → open and overdue 8,000
    expect(figures(report, "owner")).toEqual([
      ["王芳", 4, 58_000, 13_000, 10_000],
      ["李娜", 4, 40_000, 32_000, 2_000],
      ["张伟", 3, 2_000, 0, 0],
      ["未填", 1, 0, 8_000, 8_000],
    ]);
  });

  it("status (正常合作 → 合作中)", () => {
    // 合作中: 1, 2, 3, 4, 5, 7, 8, 10 → 95,000; open 53,000; overdue 20,000 · 停止合作: 6, 11 · 休眠: 9 · 未填: 12
    expect(figures(report, "status")).toEqual([
      ["合作中", 8, 95_000, 53_000, 20_000],
      ["停止合作", 2, 5_000, 0, 0],
      ["休眠", 1, 0, 0, 0],
      ["未填", 1, 0, 0, 0],
    ]);
  });

  it("product from the 商品 column: an invoice counts under its product, credit notes net under it; counts overlap", () => {
    // 软件许可: 1 (40,000; 5,000/5,000), 3 (10,000), 7 (3,000 with a trailing space; 3,000 open) → 53,000; 8,000; 5,000
    // 硬件设备: 2 (30,000; 30,000 open), 5 (5,000; 5,000/5,000), 10 (outside the window: no sale, no count; 8,000/8,000)
    //   → 2 customers, 35,000; 43,000; 13,000
    // 服务: 4's INV-04a (2,000), 6 (5,000), 11 (cancelled: no purchase) → 2 customers, 7,000 · 未填: 4's INV-04b (3,000;
    //   2,000/2,000) and 8 (2,000) → 2 customers, 5,000. Customer 4 counts under 服务 and 未填.
    expect(figures(report, "product")).toEqual([
      ["软件许可", 3, 53_000, 8_000, 5_000],
      ["硬件设备", 2, 35_000, 43_000, 13_000],
      ["服务", 2, 7_000, 0, 0],
      ["未填", 2, 5_000, 2_000, 2_000],
    ]);
    const product = breakdown(report, "product");
    expect(product.overlapping).toBe(true);
    // Each count share on its own: 3/12 = 250, 2/12 = 166.67 → 167 (they add up to 751, not 1000).
    expect(product.countPermille).toEqual([250, 167, 167, 167]);
    expect(product.salesPermille).toEqual([530, 350, 70, 50]);
  });

  it("concentration: all 8 customers with sales are in the top 10; HHI = 40² + 30² + 10² + 3 × 5² + 3² + 2² = 2688", () => {
    expect(report.concentration.top10Share).toBe(1);
    expect(report.concentration.hhi).toBeCloseTo(1600 + 900 + 100 + 75 + 9 + 4, 9);
    expect(report.top.map((t) => [t.id, t.sales, t.abc])).toEqual([
      [id(1), 40_000, "A"], [id(2), 30_000, "A"], [id(3), 10_000, "B"], [id(4), 5_000, "B"], [id(5), 5_000, "B"],
      [id(6), 5_000, "C"], [id(7), 3_000, "C"], [id(8), 2_000, "C"],
    ]);
    expect(report.top[0]).toMatchObject({ name: "北京华信科技有限公司", share: 0.4 });
  });

  it("the JSON has the issue's shape: {asOf, customers, sales, breakdowns: {abc: [...]}, concentration}", () => {
    const json = compositionJson(report);
    expect(Object.keys(json)).toEqual(["asOf", "customers", "sales", "breakdowns", "concentration"]);
    expect(Object.keys(json.breakdowns)).toEqual(["abc", "province", "industry", "grade", "type", "owner", "status", "product"]);
    expect(json.breakdowns.abc![0]).toEqual({ key: "A", count: 2, countShare: 2 / 12, sales: 70_000, salesShare: 0.7, open: 35_000, overdue: 5_000 });
    expect(json.concentration).toEqual(report.concentration);
  });

  it("--by picks breakdowns and their order; without a product column there is no product breakdown", () => {
    expect(analyze(book(), { by: ["grade", "abc"] }).breakdowns.map((b) => b.by)).toEqual(["grade", "abc"]);
    const withoutProduct = analyze(book([], PAYMENT_ROWS.map((r) => r.slice(0, 8)), PAYMENT_HEADERS.slice(0, 8)));
    expect(withoutProduct.breakdowns.map((b) => b.by)).toEqual(["abc", "province", "industry", "grade", "type", "owner", "status"]);
    expect(withoutProduct.productColumn).toBeNull();
    expect(() => analyze(book([], PAYMENT_ROWS.map((r) => r.slice(0, 8)), PAYMENT_HEADERS.slice(0, 8)), { by: ["product"] })).toThrow(/no product column \(商品 \/ 产品 \/ Product\)/);
  });

  it("printed shares of every breakdown add up to 100.0% (largest remainder)", () => {
    for (const b of report.breakdowns) {
      expect(b.salesPermille.reduce((s, x) => s + x, 0)).toBe(1000);
      if (!b.overlapping) expect(b.countPermille.reduce((s, x) => s + x, 0)).toBe(1000);
    }
    expect(largestRemainder([1, 1, 1])).toEqual([334, 333, 333]);
  });
});
