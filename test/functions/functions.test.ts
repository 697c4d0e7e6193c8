/** The CUSTFILE custom functions as Excel calls them: 2-D arrays in, 2-D arrays out, #VALUE! with a message on bad input. */
import { aging, creditCache, dbt, grade, invalidValue, limit, payscore, tier } from "../../src/functions/functions";
import { CreditIndexCache } from "../../src/functions/cache";
import { DEFAULT_POLICY } from "../../src/core/credit";
import { dayToExcelSerial } from "../../src/core/dates";
import type { Cell } from "../../src/core/table";
import { AS_OF, AS_OF_DAY, HEAD, day, paid, row } from "../core/credit/fixtures";
import { customFunctionArgument, errorValue, typedValue, type BlankForm } from "../support/fake-excel";

const A = "C20240315001";
const B = "C20240315002";
const C = "C20240315003";

// A: three invoices of 12,345 paid on time (A类, limit 12,000); B: three paid 40 days late (C类, score 47);
// C: two invoices (N). Plus one open invoice of A's not yet due.
const PAYMENTS: Cell[][] = [
  HEAD,
  paid(A, "A1", -200, 12_345, 0), paid(A, "A2", -170, 12_345, 0), paid(A, "A3", -140, 12_345, 0),
  row(A, "A4", day(-10), day(20), 30, 500, null, null),
  paid(B, "B1", -200, 1000, 40), paid(B, "B2", -170, 1000, 40), paid(B, "B3", -140, 1000, 40),
  row(B, "B4", day(-100), day(-70), 30, 2000, null, null),
  paid(C, "C1", -200, 1000, 0), paid(C, "C2", -170, 1000, 0),
];
const IDS = [[A], [B], [C]];

/** A stand-in for the CustomFunctions global of Excel's runtime. */
class FakeCfError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function withCustomFunctions<T>(fn: () => T): T {
  const g = globalThis as { CustomFunctions?: unknown };
  const before = g.CustomFunctions;
  g.CustomFunctions = { associate: () => undefined, Error: FakeCfError, ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" } };
  try {
    return fn();
  } finally {
    g.CustomFunctions = before;
  }
}

beforeEach(() => creditCache.clear());

describe("CUSTFILE functions over a column of ids", () => {
  it("a column of 3 ids returns a 3×1 array, one result per id", () => {
    expect(grade(IDS, PAYMENTS, AS_OF)).toEqual([["A类"], ["C类"], ["N"]]);
    expect(tier(IDS, PAYMENTS, AS_OF)).toEqual([["优秀"], ["风险"], ["资料不足"]]);
    // B: 3 × 1,000 at d = 40 (50 − 10 × 10 / 30 = 46.67) and 2,000 open 70 days (40 − 10 × 10 / 30 = 36.67):
    // (140,000 + 73,333.33) / 5,000 = 42.67 → 43
    expect(payscore(IDS, PAYMENTS, AS_OF)).toEqual([[80], [43], [80]]);
    // B: (3,000 × 40 + 2,000 × 70) / 5,000 = 52
    expect(dbt(IDS, PAYMENTS, AS_OF)).toEqual([[0], [52], [0]]);
    expect(limit(IDS, PAYMENTS, AS_OF)).toEqual([[12_000], [0], [0]]);
  });

  it("AGING spills the six buckets as a row per id", () => {
    expect(aging(IDS, PAYMENTS, AS_OF)).toEqual([[500, 0, 0, 0, 0, 0], [0, 0, 0, 2000, 0, 0], [0, 0, 0, 0, 0, 0]]);
  });

  it("one id (a 1×1 range) gives a 1×1 result; a blank id a blank; an unknown id grade N, not an error", () => {
    expect(grade([[A]], PAYMENTS, AS_OF)).toEqual([["A类"]]);
    expect(grade([[A], [null], ["C20991231999"]], PAYMENTS, AS_OF)).toEqual([["A类"], [""], ["N"]]);
    expect(payscore([["C20991231999"]], PAYMENTS, AS_OF)).toEqual([[""]]);
    expect(limit([["C20991231999"]], PAYMENTS, AS_OF)).toEqual([[0]]);
  });

  it("the as-of date may be an Excel serial, YYYY-MM-DD text, or omitted (null: today)", () => {
    const serial = dayToExcelSerial(AS_OF_DAY);
    expect(grade(IDS, PAYMENTS, serial)).toEqual(grade(IDS, PAYMENTS, AS_OF));
    expect(grade(IDS, PAYMENTS, [[serial]])).toEqual(grade(IDS, PAYMENTS, AS_OF));
    // Excel passes an omitted optional argument as null.
    expect(grade(IDS, PAYMENTS, null, null as unknown as undefined)).toHaveLength(3);
  });

  it("empty cells as Excel passes them (\"\") read like null", () => {
    const excelLike = PAYMENTS.map((r) => r.map((v) => v ?? ""));
    for (const f of [grade, payscore, dbt, limit, aging]) expect(f(IDS, excelLike, AS_OF)).toEqual(f(IDS, PAYMENTS, AS_OF));
    expect(grade(IDS, PAYMENTS, "")).toEqual(grade(IDS, PAYMENTS, null));
  });

  it("the policy range overrides the defaults", () => {
    const policy = [["参数", "值"], ["起始额度", 8000], ["A类系数", "50%"]];
    expect(limit(IDS, PAYMENTS, AS_OF, policy)).toEqual([[6_000], [0], [8_000]]);
  });
});

describe("arguments as Excel passes them (issue 10): blanks as 0, null or \"\", typed values, error cells", () => {
  // Open invoices (付款日期 / 付款金额 empty), a due date left empty beside 账期天数, an empty id row in the ids.
  const BOOK: Cell[][] = [
    ...PAYMENTS,
    row(B, "B5", day(-50), null, 30, 800, null, null),
    row(C, "C3", day(-40), day(-10), 30, 600, day(-5), 600),
  ];
  const IDS_WITH_BLANK: Cell[][] = [[A], [null], [B], [C], [""]];
  const FUNCTIONS = { grade, payscore, dbt, limit, tier, aging };

  it.each([0, null, ""] as BlankForm[])("empty cells given as %p: every function gives the same results as for the sheet's own blanks", (blank) => {
    const book = customFunctionArgument(BOOK, blank);
    const ids = customFunctionArgument(IDS_WITH_BLANK, blank);
    for (const [name, f] of Object.entries(FUNCTIONS)) {
      const expected = f(IDS_WITH_BLANK, BOOK, AS_OF);
      expect([name, f(ids, book, AS_OF)]).toEqual([name, expected]);
    }
    // An empty as-of cell (0 on desktop) means today, as an omitted one does.
    expect(grade(IDS, book, blank)).toEqual(grade(IDS, BOOK, null));
  });

  it("unpaid invoices with 0 for their empty 付款日期 / 付款金额 (desktop Excel) grade as open, not #VALUE!", () => {
    expect(grade(IDS, customFunctionArgument(PAYMENTS, 0), AS_OF)).toEqual([["A类"], ["C类"], ["N"]]);
    expect(aging(IDS, customFunctionArgument(PAYMENTS, 0), AS_OF)).toEqual([[500, 0, 0, 0, 0, 0], [0, 0, 0, 2000, 0, 0], [0, 0, 0, 0, 0, 0]]);
  });

  it("typed values (objects with basicValue) are read by their basicValue", () => {
    const typed = BOOK.map((r, i) => (i === 0 ? r : r.map((v) => typedValue(v))));
    for (const f of Object.values(FUNCTIONS)) expect(f(IDS.map((r) => r.map(typedValue)), typed, typedValue(46295))).toEqual(f(IDS, BOOK, 46295));
  });

  it("an error cell in the payments gives #VALUE! naming its row and column; in the ids, its row", () => {
    withCustomFunctions(() => {
      const bad = BOOK.map((r) => [...r]) as unknown[][];
      bad[4][5] = errorValue("#DIV/0!");
      let error: unknown;
      try { grade(IDS, bad, AS_OF); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(FakeCfError);
      expect((error as FakeCfError).code).toBe("#VALUE!");
      expect((error as FakeCfError).message).toBe("row 5 of the payments range (header = row 1), column '金额' holds the error #DIV/0!: correct or clear that cell.");
      expect(() => grade([[A], ["#N/A"]], BOOK, AS_OF)).toThrow(/row 2 of the ids holds the error #N\/A/);
    });
  });
});

describe("problems give #VALUE! with a message naming them", () => {
  it.each([
    ["a missing column", [HEAD.filter((h) => h !== "金额"), ...PAYMENTS.slice(1).map((r) => r.filter((_, i) => i !== 5))], AS_OF, null, /missing column 金额 \(Amount\)/],
    ["an unreadable date in row N", [...PAYMENTS, row(A, "A9", "2026-02-30", day(-10), 30, 100, null, null)], AS_OF, null, /unreadable date '2026-02-30' in 开票日期, row 12 of the payments range/],
    ["no header row", PAYMENTS.slice(1), AS_OF, null, /no header row/],
    ["an unreadable as-of date", PAYMENTS, "30/09/2026", null, /as-of date '30\/09\/2026' is not a date/],
    ["a bad policy value", PAYMENTS, AS_OF, [["宽限天数", "abc"]], /信用政策「宽限天数」的值「abc」无效/],
  ])("%s", (_what, payments, asOf, policy, message) => {
    withCustomFunctions(() => {
      let error: unknown;
      try {
        grade(IDS, payments as Cell[][], asOf, (policy ?? undefined) as Cell[][] | undefined);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FakeCfError);
      expect((error as FakeCfError).code).toBe("#VALUE!");
      expect((error as FakeCfError).message).toMatch(message);
    });
  });

  it("outside Excel (no CustomFunctions global) the error is a plain Error with the same message", () => {
    const e = invalidValue("bad");
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe("bad");
    expect(() => grade(IDS, PAYMENTS, "never")).toThrow(/as-of date 'never'/);
  });
});

describe("index cache", () => {
  it("5,000 scalar formulas over the same range build one index", () => {
    // The clock stands still (fake timers), so a slow machine cannot age the entry out mid-loop.
    jest.useFakeTimers();
    try {
      const before = creditCache.builds;
      for (let i = 0; i < 5000; i++) grade([[IDS[i % 3][0]]], PAYMENTS.map((r) => [...r]), AS_OF);
      expect(creditCache.builds - before).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it("another as-of day, policy or range builds another index; the cache stays bounded (LRU)", () => {
    let clock = 0;
    const cache = new CreditIndexCache({ size: 2, ttlMs: 1000, now: () => clock });
    cache.get(PAYMENTS, AS_OF_DAY, DEFAULT_POLICY);
    cache.get(PAYMENTS, AS_OF_DAY, DEFAULT_POLICY);
    expect(cache.builds).toBe(1);
    cache.get(PAYMENTS, AS_OF_DAY - 1, DEFAULT_POLICY);
    cache.get(PAYMENTS, AS_OF_DAY, { ...DEFAULT_POLICY, graceDays: 5 });
    expect(cache.builds).toBe(3);
    // Size 2: the first entry was evicted.
    cache.get(PAYMENTS, AS_OF_DAY, DEFAULT_POLICY);
    expect(cache.builds).toBe(4);
    const edited = PAYMENTS.map((r) => [...r]);
    edited[2][5] = 99;
    cache.get(edited, AS_OF_DAY, DEFAULT_POLICY);
    expect(cache.builds).toBe(5);
  });

  it("an index is re-used only for a short time after it was built (an edit to an unsampled cell shows at the next recalculation)", () => {
    let clock = 0;
    const cache = new CreditIndexCache({ ttlMs: 1000, now: () => clock });
    cache.get(PAYMENTS, AS_OF_DAY, DEFAULT_POLICY);
    clock = 999;
    cache.get(PAYMENTS, AS_OF_DAY, DEFAULT_POLICY);
    expect(cache.builds).toBe(1);
    clock = 2001;
    cache.get(PAYMENTS, AS_OF_DAY, DEFAULT_POLICY);
    expect(cache.builds).toBe(2);
  });

  it("an edit to a row outside the sample, recalculated soon after the last build, is seen (the entry is checked cell by cell once per recalculation)", async () => {
    // 300 rows: the fingerprint samples every other row past the first 4, so row 51 is not in it.
    const rows: Cell[][] = [HEAD];
    for (let i = 0; i < 300; i++) rows.push(row(`C20240101${String(i % 100).padStart(3, "0")}`, `I${i}`, day(-200), day(-170), 30, 1000, day(-170), 1000));
    const id = "C20240101050";
    expect(rows[51][0]).toBe(id);
    const cache = new CreditIndexCache({ now: () => 0 });
    expect(cache.get(rows, AS_OF_DAY, DEFAULT_POLICY).get(id).grade).toBe("A类");
    // The next recalculation (a later task), still within the time the entry is trusted for.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const edited = rows.map((r) => [...r]);
    edited[51][6] = day(-10); // paid 160 days late
    expect(cache.get(edited, AS_OF_DAY, DEFAULT_POLICY).get(id).grade).toBe("C类");
    expect(cache.builds).toBe(2);
    // Unchanged data in a later recalculation is re-used, not rebuilt.
    await new Promise((resolve) => setTimeout(resolve, 0));
    cache.get(edited.map((r) => [...r]), AS_OF_DAY, DEFAULT_POLICY);
    expect(cache.builds).toBe(2);
  });

  it("a bad range fails fast from the cache too", () => {
    const cache = new CreditIndexCache({ now: () => 0 });
    const bad = PAYMENTS.slice(1);
    expect(() => cache.get(bad, AS_OF_DAY, DEFAULT_POLICY)).toThrow(/no header row/);
    expect(() => cache.get(bad, AS_OF_DAY, DEFAULT_POLICY)).toThrow(/no header row/);
    expect(cache.builds).toBe(1);
  });
});

describe("issue 18 and issue 17 item 3 in the functions", () => {
  const D = "C20240315004";
  const at = (message: RegExp | string, f: () => unknown) => withCustomFunctions(() => {
    let error: unknown;
    try { f(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(FakeCfError);
    expect((error as FakeCfError).code).toBe("#VALUE!");
    expect((error as FakeCfError).message).toMatch(message);
  });

  it("decision order: one invoice of 1,000 due 2026-05-31 and unpaid at 2026-09-30 is C类 / 风险, not N", () => {
    const book = [HEAD, row(D, "D1", "2026-05-01", "2026-05-31", 30, 1000, null, null)];
    expect(grade([[D]], book, "2026-09-30")).toEqual([["C类"]]);
    expect(tier([[D]], book, "2026-09-30")).toEqual([["风险"]]);
  });

  it("advance: 0-day terms paid 5 days before the invoice date scores 100, not 83", () => {
    expect(payscore([[D]], [HEAD, row(D, "D1", "2026-06-10", "2026-06-10", 0, 1000, "2026-06-05", 1000)], AS_OF)).toEqual([[100]]);
  });

  it("a row with neither 到期日 nor 账期天数 gives #VALUE! naming its row, dated after the as-of day too", () => {
    for (const issued of [day(-10), day(10)]) {
      at("到期日 is blank and there is no 账期天数 to count it from, row 12 of the payments range (header = row 1)",
        () => grade(IDS, [...PAYMENTS, row(D, "D9", issued, null, null, 500, null, null)], AS_OF));
    }
  });

  it.each<[string, Cell[], string]>([
    ["账期天数 1e6", row(D, "D9", day(-10), null, 1e6, 500, null, null), "账期天数 1000000 is more than 3650 days (10 years), row 12"],
    ["账期天数 -30", row(D, "D9", day(-10), null, -30, 500, null, null), "账期天数 -30 is negative, row 12"],
    ["到期日 before 开票日期", row(D, "D9", day(-10), day(-20), 30, 500, null, null), `到期日 ${day(-20)} is before 开票日期 ${day(-10)}, row 12`],
    ["付款金额 -5", row(D, "D9", day(-10), day(20), 30, 500, day(-5), -5), "negative 付款金额 -5 (a payment is more than 0), row 12"],
    ["金额 1e308", row(D, "D9", day(-10), day(20), 30, 1e308, null, null), "金额 1e+308 is beyond ±1,000,000,000,000 (no invoice is that large), row 12"],
  ])("%s: #VALUE! saying what is wrong and naming the row", (_what, bad, message) => {
    at(message, () => grade(IDS, [...PAYMENTS, bad], AS_OF));
  });

  it("an empty row of the table passed as zeros (desktop Excel) is blank, not an invalid row", () => {
    const zeros = HEAD.map(() => 0);
    expect(grade(IDS, [...PAYMENTS, zeros], AS_OF)).toEqual(grade(IDS, PAYMENTS, AS_OF));
  });
});
