/**
 * Credit grading speed: 5,000 customers × 200,000 payment rows (the demo generator's Payments,
 * dates as Excel serials), passed as Excel passes a range (a 2-D array with its header row).
 * One spilled =CUSTFILE.GRADE(ids, Payments[#All]) through the functions.ts entry point, cold
 * (the payments index is built every run), against peers measured in the same run:
 *  - the floor: one plain pass over the same argument that reads every cell and converts its
 *    dates (the least any grading must do); goal: GRADE ≤ 3× it;
 *  - the finance expert's formula in HyperFormula: a helper column holding each row's
 *    (paid − due) × paid amount once, then SUMIFS(helper, id, A2) / SUMIFS(paid, id, A2) per
 *    customer — timed in full when it finishes within 2 minutes, else extrapolated (said so);
 *    goal: GRADE ≥ 100× faster;
 *  - the naive formula: one SUMPRODUCT over the whole table per customer (each scans every
 *    row, so it is timed for a few customers and extrapolated linearly);
 *  - 5,000 scalar =CUSTFILE.GRADE(id, …) calls (one per cell, sharing the index cache).
 */
import { HyperFormula } from "hyperformula";
import { heading, medianMs, report } from "./lib";
import { generateDemo } from "../src/demo/generate";
import { creditCache, grade } from "../src/functions/functions";
import { dayOfCell } from "../src/core/dates";
import type { Cell } from "../src/core/table";

const CUSTOMERS = 5_000;
const PAYMENT_ROWS = 200_000;
/** The expert formula runs in full when its estimate is within this; else it is extrapolated. */
const FULL_RUN_LIMIT_MS = 120_000;
/** How long the expert formula is sampled before it is extrapolated. */
const SAMPLE_BUDGET_MS = 20_000;
/** Customers whose naive SUMPRODUCT formula HyperFormula evaluates (each scans all rows; the rest is extrapolated). */
const NAIVE_SAMPLE = Number(process.env.CUSTFILE_BENCH_FORMULAS ?? 5);

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The floor: read every cell of the payments argument once, converting the date cells to days. */
function plainPass(payments: Cell[][]): number {
  const head = payments[0].map(String);
  const isDate = head.map((h) => h === "开票日期" || h === "到期日" || h === "付款日期");
  let acc = 0;
  for (let r = 1; r < payments.length; r++) {
    const row = payments[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (isDate[c]) {
        const day = dayOfCell(v);
        if (day === day) acc += day;
      } else if (typeof v === "number") acc += v;
      else if (typeof v === "string") acc += v.length;
    }
  }
  return acc;
}

/** The expert's sheet: Payments with a helper column I, and a Grades sheet of ids; returns the time of the helper column and of the per-customer formulas. */
function expertFormula(payments: Cell[][], ids: Cell[][]): { helperMs: number; formulasMs: number; customers: number; full: boolean; values: string[] } {
  const last = payments.length;
  const hf = HyperFormula.buildFromSheets({ Payments: payments, Grades: ids.map(([id]) => [id]) }, { licenseKey: "gpl-v3", maxRows: PAYMENT_ROWS + 10 });
  const P = hf.getSheetId("Payments")!;
  const G = hf.getSheetId("Grades")!;
  // Helper: (paid − due) × paid amount, with the due date from invoice date + terms when blank.
  const t0 = process.hrtime.bigint();
  hf.setCellContents({ sheet: P, row: 1, col: 8 }, payments.slice(1).map((_, i) => [`=(G${i + 2}-IF(D${i + 2}="",C${i + 2}+E${i + 2},D${i + 2}))*H${i + 2}`]));
  const helperMs = ms(t0);
  const formula = (row: number) => `=SUMIFS(Payments!$I$2:$I$${last},Payments!$A$2:$A$${last},A${row})/SUMIFS(Payments!$H$2:$H$${last},Payments!$A$2:$A$${last},A${row})`;
  const put = (from: number, to: number) => {
    const t = process.hrtime.bigint();
    hf.setCellContents({ sheet: G, row: from, col: 1 }, Array.from({ length: to - from }, (_, k) => [formula(from + k + 1)]));
    return ms(t);
  };
  // Growing batches say how long all would take: run them all when that is within the limit,
  // else stop sampling after SAMPLE_BUDGET_MS and extrapolate (each SUMIFS scans the whole table).
  let formulasMs = 0;
  let done = 0;
  for (let batch = 1; done < ids.length; batch *= 2) {
    formulasMs += put(done, Math.min(ids.length, done + batch));
    done = Math.min(ids.length, done + batch);
    if (done < ids.length && helperMs + (formulasMs / done) * ids.length <= FULL_RUN_LIMIT_MS) {
      formulasMs += put(done, ids.length);
      done = ids.length;
    }
    if (formulasMs >= SAMPLE_BUDGET_MS) break;
  }
  const values = hf.getSheetValues(G).slice(0, 3).map((r) => (typeof r[1] === "number" ? r[1].toFixed(1) : String(r[1])));
  hf.destroy();
  return { helperMs, formulasMs, customers: done, full: done === ids.length, values };
}

/** The naive formula: Σ (paid − due) × paid amount over the whole table per customer, with SUMPRODUCT. */
function naiveFormula(payments: Cell[][], ids: Cell[][]): { perCustomerMs: number; values: string[] } {
  const last = payments.length;
  const col = (c: string) => `Payments!$${c}$2:$${c}$${last}`;
  const formula = (row: number) => `=SUMPRODUCT((${col("A")}=A${row})*(${col("G")}-${col("D")})*${col("H")})/SUMIFS(${col("H")},${col("A")},A${row})`;
  // Blank due dates filled in first (invoice date + terms): the helper a user adds so the SUMPRODUCT stays plain.
  const rows = payments.map((r, i) => (i > 0 && r[3] === null ? [r[0], r[1], r[2], Number(r[2]) + Number(r[4]), ...r.slice(4)] : r));
  const hf = HyperFormula.buildFromSheets({ Payments: rows, Grades: [] }, { licenseKey: "gpl-v3", useArrayArithmetic: true, maxRows: PAYMENT_ROWS + 10 });
  const G = hf.getSheetId("Grades")!;
  const sample = ids.slice(0, NAIVE_SAMPLE);
  const t = process.hrtime.bigint();
  hf.setCellContents({ sheet: G, row: 0, col: 0 }, sample.map(([id], r) => [id, formula(r + 1)]));
  const sampleMs = ms(t);
  const values = hf.getSheetValues(G).map((r) => (typeof r[1] === "number" ? r[1].toFixed(1) : String(r[1])));
  hf.destroy();
  return { perCustomerMs: sampleMs / sample.length, values };
}

export async function run(): Promise<void> {
  heading(`credit: ${CUSTOMERS.toLocaleString("en")} customers × ${PAYMENT_ROWS.toLocaleString("en")} payment rows`);
  const demo = generateDemo({ customers: CUSTOMERS, paymentsPerCustomer: 36, interactionsPerCustomer: 0, archivePerCustomer: 0, seed: 20240315 });
  const payments = demo.sheets.find((b) => b.tableName === "Payments")!.values.slice(0, PAYMENT_ROWS + 1);
  const customerBlock = demo.sheets.find((b) => b.tableName === "Customers")!;
  const ids: Cell[][] = customerBlock.values.slice(1).map((r) => [r[0]]);
  const asOf = demo.asOf;
  console.log(`${payments.length - 1} payment rows, ${ids.length} ids, as of ${asOf}`);

  let spilled: Cell[][] = [];
  const ours = await medianMs(() => {
    creditCache.clear();
    spilled = grade(ids, payments, asOf);
  }, 7, 2);
  const dist: Record<string, number> = {};
  for (const [g] of spilled) dist[String(g)] = (dist[String(g)] ?? 0) + 1;
  console.log(`spilled =CUSTFILE.GRADE over ${ids.length} ids: ${ours.toFixed(0)} ms; grades ${JSON.stringify(dist)}`);

  let sink = 0;
  const floor = await medianMs(() => (sink += plainPass(payments)), 7, 2);
  if (sink === 0) throw new Error("credit bench: the plain pass read nothing");
  report("spilled GRADE vs the floor", ours, "one pass reading every cell, dates converted", floor, `(goal: GRADE ≤ 3× the pass; it is ${(ours / floor).toFixed(2)}×)`);

  const expert = expertFormula(payments, ids);
  const expertMs = expert.full ? expert.helperMs + expert.formulasMs : expert.helperMs + (expert.formulasMs / expert.customers) * ids.length;
  console.log(`expert formula in HyperFormula: helper column over ${PAYMENT_ROWS.toLocaleString("en")} rows ${expert.helperMs.toFixed(0)} ms; ${expert.customers} SUMIFS/SUMIFS formulas ${expert.formulasMs.toFixed(0)} ms (values ${expert.values.join(", ")})`);
  console.log(expert.full
    ? `  timed in full for all ${ids.length} customers`
    : `  would take over ${FULL_RUN_LIMIT_MS / 1000} s: measured on ${expert.customers} of ${ids.length} customers and extrapolated linearly: ${(expertMs / 1000).toFixed(0)} s`);
  report("spilled GRADE vs the expert's helper column + SUMIFS (HyperFormula)", ours, expert.full ? "expert formula" : "expert formula (extrapolated)", expertMs, "(goal ≥ 100× faster)");

  const naive = naiveFormula(payments, ids);
  const naiveMs = naive.perCustomerMs * ids.length;
  console.log(`naive SUMPRODUCT formula: ${naive.perCustomerMs.toFixed(0)} ms per customer on ${NAIVE_SAMPLE} customers (values ${naive.values.join(", ")}), extrapolated to ${ids.length}: ${(naiveMs / 1000).toFixed(0)} s`);
  report("spilled GRADE vs one SUMPRODUCT per customer (HyperFormula)", ours, "naive formula (extrapolated)", naiveMs);

  let builds = 0;
  const scalar = await medianMs(() => {
    creditCache.clear();
    const before = creditCache.builds;
    for (const id of ids) grade([id], payments, asOf);
    builds = creditCache.builds - before;
  }, 5, 1);
  report(`one spilled call vs ${ids.length} scalar calls`, ours, "scalar calls", scalar, `(scalar calls built ${builds} index; ${((scalar - ours) / ids.length * 1000).toFixed(0)} µs per extra call, the fingerprint)`);
}
