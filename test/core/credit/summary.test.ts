/** The pane's credit view of a Check (core creditCheck): grades, open balance by aging bucket, the recorded vs computed flags, and what sets it aside. */
import { creditCheck, creditSummary } from "../../../src/core/credit";
import type { Cell, SheetBlock } from "../../../src/core/table";
import { AS_OF, HEAD, day, paid, row } from "./fixtures";

const CUSTOMER_HEAD = ["客户编号", "客户名称", "客户等级", "信用额度"];
const GOOD = "C20240101001"; // pays on time: A类; recorded C类 with 320,000 (drift, above suggested)
const OWES = "C20240101002"; // three invoices on time, then 50,000 open 100 days past due: C类; recorded C类, limit 20,000 (over limit, above C类's 0)
const NEW = "C20240101003"; // no payment rows: N, nothing compared

function blocks(policy?: Cell[][]): SheetBlock[] {
  const ontime = (id: string) => [0, 1, 2].map((k) => paid(id, `${id}-${k}`, -200 + 30 * k, 12_000, 0));
  return [
    { sheet: "客户信息", firstRow: 1, firstColumn: 1, values: [CUSTOMER_HEAD, [GOOD, "甲", "C类", 320_000], [OWES, "乙", "C类", 20_000], [NEW, "丙", "", null], [GOOD, "甲（重复）", "C类", 320_000]] },
    { sheet: "回款记录", firstRow: 1, firstColumn: 1, values: [HEAD, ...ontime(GOOD), ...ontime(OWES), row(OWES, "X-1", day(-130), day(-100), 30, 50_000, null, null), row(GOOD, "G-9", day(-10), day(20), 30, 8_000, null, null)] },
    ...(policy ? [{ sheet: "信用政策", firstRow: 1, firstColumn: 1, values: policy }] : []),
  ];
}

describe("creditCheck: what a Check says about credit", () => {
  it("counts customers per grade (every Customers row), sums their open balance per aging bucket (each customer once) and flags recorded vs computed", () => {
    const { summary, flags } = creditCheck(blocks(), AS_OF);
    expect(summary).toMatchObject({ kind: "grades", customers: 4, grades: { A类: 2, B类: 0, C类: 1, N: 1 }, problems: 0 });
    if (summary?.kind !== "grades") throw new Error("no grades");
    // GOOD's 8,000 is not yet due; OWES's 50,000 is 100 days past due; GOOD counted once although listed twice.
    expect(summary.agingFen).toEqual({ current: 800_000, d1_30: 0, d31_60: 0, d61_90: 0, d91_120: 5_000_000, d120plus: 0 });
    expect(flags.map((f) => [f.customerId, f.code, f.row, f.column])).toEqual([
      [GOOD, "grade-drift", 2, "客户等级"],
      [GOOD, "limit-above-suggested", 2, "信用额度"],
      [OWES, "over-limit", 3, "信用额度"],
      [OWES, "limit-above-suggested", 3, "信用额度"], // C类 suggests 0
    ]);
  });

  it("without a payment table: no summary and no flags", () => {
    expect(creditCheck(blocks().slice(0, 1), AS_OF)).toEqual({ summary: null, flags: [] });
    expect(creditSummary(blocks().slice(0, 1), AS_OF)).toBeNull();
  });

  it("a bad 信用政策 value is set aside (named), the defaults grade and flag", () => {
    const { summary, flags } = creditCheck(blocks([["参数", "值"], ["宽限天数", "abc"]]), AS_OF);
    expect(summary).toMatchObject({ kind: "grades", policyKey: "宽限天数" });
    expect(flags).toHaveLength(4);
  });

  it("an unreadable payment table: 'unavailable', no flags", () => {
    const bad = blocks();
    bad[1] = { ...bad[1], values: [["客户编号", "单据号", "开票日期", "金额", "付款日期"], [GOOD, "1", day(-5), 10, null]] };
    const { summary, flags } = creditCheck(bad, AS_OF);
    expect(summary?.kind).toBe("unavailable");
    expect(flags).toEqual([]);
  });
});
