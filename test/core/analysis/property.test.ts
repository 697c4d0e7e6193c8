/**
 * fast-check properties of composition analysis on random books: every breakdown's counts and
 * sales (and open and overdue amounts) add up to the totals, the printed shares to 100.0%, and
 * each customer's open and overdue amounts are credit grading's.
 */
import fc from "fast-check";
import { CustomerIds, analyzeWorkbook, salesFigures, type CompositionReport } from "../../../src/core/analysis";
import { buildCreditIndex } from "../../../src/core/credit";
import { formatDay } from "../../../src/core/dates";
import type { Cell } from "../../../src/core/table";
import { AS_OF_DAY, CUSTOMER_HEADERS, PAYMENT_HEADERS, id, sheet } from "./fixtures";

const day = (n: number) => formatDay(AS_OF_DAY + n);

const customerRow = (n: number) =>
  fc.record({
    type: fc.constantFrom("企业", "个人", "公司", null, "外星人"),
    industry: fc.constantFrom("制造业", "信息技术", "IT", "C", null, "宇宙旅行", "#N/A"),
    grade: fc.constantFrom("A类", "B", "c", null, "D类"),
    address: fc.constantFrom("北京市海淀区1号", "广东省深圳市南山区1号", "江苏南京市玄武区", "火星市1号", null, "香港中环"),
    owner: fc.constantFrom("王芳", "王 芳", "李娜", null),
    status: fc.constantFrom("合作中", "停止合作", "休眠", "正常合作", null),
  }).map((c): Cell[] => [id(n), `客户${n}`, c.type, c.industry, c.grade, c.address, c.owner, c.status]);

/** One invoice as rows: paid in parts (some after the as-of day), maybe a credit note, maybe a bad row, maybe a product. */
const invoice = fc.record({
  customer: fc.integer({ min: 1, max: 14 }), // 13 and 14 are not in 客户信息
  issued: fc.integer({ min: -500, max: 10 }),
  terms: fc.constantFrom(0, 30, 60),
  fen: fc.integer({ min: 1, max: 50_000_00 }),
  parts: fc.array(fc.record({ share: fc.integer({ min: 1, max: 70 }), after: fc.integer({ min: -40, max: 200 }) }), { maxLength: 3 }),
  credit: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
  unapplied: fc.boolean(),
  bad: fc.boolean(),
  product: fc.constantFrom("软件", "硬件", " 软件 ", null),
});

type Invoice = typeof invoice extends fc.Arbitrary<infer T> ? T : never;

function paymentRows(invoices: Invoice[]): Cell[][] {
  const rows: Cell[][] = [];
  invoices.forEach((inv, k) => {
    const cid = id(inv.customer);
    const no = `INV${k}`;
    const amount = inv.fen / 100;
    const due = day(inv.issued + inv.terms);
    if (inv.parts.length === 0) rows.push([cid, no, day(inv.issued), due, inv.terms, amount, null, null, inv.product]);
    for (const p of inv.parts) rows.push([cid, no, day(inv.issued), due, inv.terms, amount, day(inv.issued + inv.terms + p.after), Math.round(inv.fen * p.share / 100) / 100, inv.product]);
    if (inv.credit !== undefined) rows.push([cid, inv.unapplied ? `CN${k}` : no, day(inv.issued + 1), null, null, -Math.round(inv.fen * inv.credit / 100) / 100, null, null, inv.product]);
    if (inv.bad) rows.push([cid, no, "2026-02-30", due, inv.terms, amount, null, null, inv.product]);
  });
  return rows;
}

const book = fc.tuple(
  fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => customerRow(i + 1)))),
  fc.array(invoice, { maxLength: 30 }),
);

const fen = (yuan: number) => Math.round(yuan * 100);

function analyse(customers: Cell[][], payments: Cell[][]): CompositionReport {
  return analyzeWorkbook([sheet("客户信息", CUSTOMER_HEADERS, customers), sheet("回款记录", PAYMENT_HEADERS, payments)], { asOf: AS_OF_DAY });
}

describe("composition properties", () => {
  it("every breakdown adds up to the totals: counts, sales, open, overdue; printed shares to 100.0%", () => {
    fc.assert(
      fc.property(book, ([customers, invoices]) => {
        const report = analyse(customers, paymentRows(invoices));
        expect(report.breakdowns).toHaveLength(8);
        for (const b of report.breakdowns) {
          const sum = (f: (r: (typeof b.rows)[number]) => number) => b.rows.reduce((s, r) => s + fen(f(r)), 0);
          expect(sum((r) => r.sales)).toBe(fen(report.sales));
          expect(sum((r) => r.open)).toBe(fen(report.open));
          expect(sum((r) => r.overdue)).toBe(fen(report.overdue));
          const counts = b.rows.reduce((s, r) => s + r.count, 0);
          if (b.overlapping) {
            for (const r of b.rows) expect(r.count).toBeLessThanOrEqual(report.customers);
          } else {
            expect(counts).toBe(report.customers);
            if (report.customers > 0) expect(b.countPermille.reduce((s, x) => s + x, 0)).toBe(1000);
          }
          if (b.rows.some((r) => r.sales !== 0) && fen(report.sales) > 0) expect(b.salesPermille.reduce((s, x) => s + x, 0)).toBe(1000);
        }
        const c = report.concentration;
        expect(c.top10Share).toBeGreaterThanOrEqual(0);
        expect(c.top10Share).toBeLessThanOrEqual(1 + 1e-12);
        expect(c.hhi).toBeGreaterThanOrEqual(0);
        expect(c.hhi).toBeLessThanOrEqual(10_000 + 1e-6);
      }),
      { numRuns: 200 },
    );
  });

  it("ABC follows the ranking: classes never go back from C to A, and A's cumulative share is within its bound", () => {
    fc.assert(
      fc.property(book, ([customers, invoices]) => {
        const report = analyse(customers, paymentRows(invoices));
        const abc = report.breakdowns.find((b) => b.by === "abc")!.rows;
        const positive = report.top.length === 0 ? 0 : abc.slice(0, 3).reduce((s, r) => s + fen(r.sales), 0);
        if (positive > 0) expect(fen(abc[0].sales) * 10_000).toBeLessThanOrEqual(7_000 * positive);
        const order = report.top.map((t) => "ABC".indexOf(t.abc));
        expect([...order].sort((a, b) => a - b)).toEqual(order);
      }),
      { numRuns: 150 },
    );
  });

  it("each customer's open balance and overdue amount are credit grading's (openAmount, and what is not current)", () => {
    fc.assert(
      fc.property(fc.array(invoice, { maxLength: 30 }), (invoices) => {
        const values = [PAYMENT_HEADERS, ...paymentRows(invoices)];
        const registry = new CustomerIds();
        const figures = salesFigures({ values, firstRow: 1 }, AS_OF_DAY, registry);
        const credit = buildCreditIndex({ values, firstRow: 1 }, { asOf: AS_OF_DAY });
        expect(figures.problems).toEqual(credit.problems);
        registry.ids.forEach((cid, c) => {
          const k = credit.get(cid);
          expect(figures.open[c]).toBe(fen(k.openAmount));
          expect(figures.overdue[c]).toBe(fen(k.openAmount - k.aging.current));
        });
      }),
      { numRuns: 200 },
    );
  });
});
