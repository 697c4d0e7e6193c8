/** fast-check properties of the credit index: row order does not matter, aging adds up, figures stay in range. */
import fc from "fast-check";
import { AGING_KEYS, DEFAULT_POLICY, type CustomerCredit } from "../../../src/core/credit";
import type { Cell } from "../../../src/core/table";
import { day, index, row } from "./fixtures";

const IDS = ["C20240101001", "C20240101002", "C20240101003"];

/** One invoice as 1–3 rows: paid in parts (some after the as-of day), maybe a credit note, maybe open. */
const invoiceRows = fc
  .record({
    customer: fc.constantFrom(...IDS),
    issued: fc.integer({ min: -500, max: 10 }),
    terms: fc.constantFrom(0, 30, 45, 60, 90),
    amount: fc.integer({ min: 1, max: 5_000_000 }).map((fen) => fen / 100),
    parts: fc.array(fc.record({ share: fc.integer({ min: 1, max: 60 }), after: fc.integer({ min: -40, max: 200 }) }), { maxLength: 3 }),
    credit: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    blankDue: fc.boolean(),
  });

type Invoice = typeof invoiceRows extends fc.Arbitrary<infer T> ? T : never;

function rowsOf(invoices: Invoice[]): Cell[][] {
  const rows: Cell[][] = [];
  invoices.forEach((inv, k) => {
    const no = `INV${k}`;
    const due = inv.blankDue ? null : day(inv.issued + inv.terms);
    if (inv.parts.length === 0) rows.push(row(inv.customer, no, day(inv.issued), due, inv.terms, inv.amount, null, null));
    for (const p of inv.parts) {
      rows.push(row(inv.customer, no, day(inv.issued), due, inv.terms, inv.amount, day(inv.issued + inv.terms + p.after), Math.round(inv.amount * p.share) / 100));
    }
    if (inv.credit !== undefined) rows.push(row(inv.customer, no, day(inv.issued + 1), null, null, -Math.round(inv.amount * inv.credit) / 100, null, null));
  });
  return rows;
}

/** The figures without warnings (they name sheet rows, which move when rows are shuffled). */
function figures(x: CustomerCredit): Omit<CustomerCredit, "warnings"> {
  const { warnings: _w, ...rest } = x;
  return rest;
}

describe("credit index properties", () => {
  it("row order does not change any customer's figures", () => {
    fc.assert(
      fc.property(fc.array(invoiceRows, { minLength: 1, maxLength: 25 }).chain((invs) => {
        const rows = rowsOf(invs);
        return fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }));
      }), ([rows, shuffled]) => {
        const a = index(rows);
        const b = index(shuffled);
        for (const id of IDS) expect(figures(b.get(id))).toEqual(figures(a.get(id)));
      }),
      { numRuns: 150 },
    );
  });

  it("aging buckets add up to the open balance (to the fen); figures stay in range", () => {
    fc.assert(
      fc.property(fc.array(invoiceRows, { maxLength: 30 }), (invs) => {
        const ix = index(rowsOf(invs));
        for (const id of IDS) {
          const x = ix.get(id);
          const sum = AGING_KEYS.reduce((s, k) => s + Math.round(x.aging[k] * 100), 0);
          expect(sum).toBe(Math.round(x.openAmount * 100));
          for (const k of AGING_KEYS) expect(x.aging[k]).toBeGreaterThanOrEqual(0);
          expect(x.lateInvoices).toBeLessThanOrEqual(x.invoices);
          if (x.score !== null) expect(x.score >= 0 && x.score <= 100 && Number.isInteger(x.score)).toBe(true);
          if (x.dbt !== null) expect(x.dbt).toBeGreaterThanOrEqual(0);
          expect(x.limit % DEFAULT_POLICY.roundingStep).toBe(0);
          expect(x.limit).toBeGreaterThanOrEqual(0);
          if (x.grade === "A类") expect(x.lateInvoices).toBe(0);
          if (x.grade === "C类") expect(x.limit).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("one pass serves every customer: each customer's figures equal those of its rows alone", () => {
    fc.assert(
      fc.property(fc.array(invoiceRows, { maxLength: 20 }), (invs) => {
        const rows = rowsOf(invs);
        const all = index(rows);
        for (const id of IDS) {
          const own = index(rows.filter((r) => r[0] === id));
          expect(figures(all.get(id))).toEqual(figures(own.get(id)));
        }
      }),
      { numRuns: 100 },
    );
  });
});
