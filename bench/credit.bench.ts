/**
 * Credit grading speed: 5,000 customers × 200,000 payment rows (the demo generator's Payments,
 * dates as Excel serials), passed as Excel passes a range (a 2-D array with its header row).
 *
 * (1) One spilled =CUSTFILE.GRADE(ids, Payments[#All]) through the functions.ts entry point,
 *     against what a finance user writes today: one amount-weighted days-late formula per
 *     customer, SUMPRODUCT over the whole table divided by SUMIFS, evaluated by HyperFormula
 *     on the same rows in the same run. The formula costs the same for every customer (each
 *     scans every row), so it is timed for a few customers and extrapolated linearly.
 * (2) 5,000 scalar =CUSTFILE.GRADE(id, …) calls (one per cell, sharing the index cache)
 *     against the one spilled call.
 */
import { HyperFormula } from "hyperformula";
import { heading, medianMs, report } from "./lib";
import { generateDemo } from "../src/demo/generate";
import { creditCache, grade } from "../src/functions/functions";
import type { Cell } from "../src/core/table";

const CUSTOMERS = 5_000;
const PAYMENT_ROWS = 200_000;
/** Customers whose formula HyperFormula evaluates (each scans all rows; the rest is extrapolated). */
const FORMULA_SAMPLE = Number(process.env.CUSTFILE_BENCH_FORMULAS ?? 5);

/** The finance user's formula for the customer in column A of `row` (1-based): Σ (paid − due) × paid amount / Σ paid amount. */
function daysLateFormula(row: number, last: number): string {
  const col = (c: string) => `Payments!$${c}$2:$${c}$${last}`;
  return `=SUMPRODUCT((${col("A")}=A${row})*(${col("G")}-${col("D")})*${col("H")})/SUMIFS(${col("H")},${col("A")},A${row})`;
}

export async function run(): Promise<void> {
  heading(`credit: ${CUSTOMERS.toLocaleString("en")} customers × ${PAYMENT_ROWS.toLocaleString("en")} payment rows`);
  const demo = generateDemo({ customers: CUSTOMERS, paymentsPerCustomer: 36, interactionsPerCustomer: 0, archivePerCustomer: 0, seed: 20240315 });
  const payments = demo.sheets.find((b) => b.tableName === "Payments")!.values.slice(0, PAYMENT_ROWS + 1);
  const customerBlock = demo.sheets.find((b) => b.tableName === "Customers")!;
  const ids: Cell[][] = customerBlock.values.slice(1).map((r) => [r[0]]);
  const asOf = demo.asOf;
  console.log(`${payments.length - 1} payment rows, ${ids.length} ids, as of ${asOf}`);

  // (1) ours: one spilled call, cold cache every run (the index is built each time).
  let spilled: Cell[][] = [];
  const ours = await medianMs(() => {
    creditCache.clear();
    spilled = grade(ids, payments, asOf);
  }, 7, 2);
  const dist: Record<string, number> = {};
  for (const [g] of spilled) dist[String(g)] = (dist[String(g)] ?? 0) + 1;
  console.log(`spilled =CUSTFILE.GRADE over ${ids.length} ids: ${ours.toFixed(0)} ms (goal < 500 ms); grades ${JSON.stringify(dist)}`);

  // The peer: the same rows in HyperFormula. Blank due dates are filled in first (invoice date +
  // terms), the helper column a user would add, so the formula can stay a plain SUMPRODUCT.
  const sheetRows = payments.map((r, i) => (i > 0 && r[3] === null ? [r[0], r[1], r[2], Number(r[2]) + Number(r[4]), ...r.slice(4)] : r));
  const last = sheetRows.length;
  const t0 = process.hrtime.bigint();
  const hf = HyperFormula.buildFromSheets({ Payments: sheetRows, Grades: [] }, { licenseKey: "gpl-v3", useArrayArithmetic: true, maxRows: PAYMENT_ROWS + 10 });
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const gradesSheet = hf.getSheetId("Grades")!;
  const sample = ids.slice(0, FORMULA_SAMPLE);
  const t1 = process.hrtime.bigint();
  hf.setCellContents({ sheet: gradesSheet, row: 0, col: 0 }, sample.map(([id], r) => [id, daysLateFormula(r + 1, last)]));
  const sampleMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const values = hf.getSheetValues(gradesSheet).map((r) => (typeof r[1] === "number" ? r[1].toFixed(1) : String(r[1])));
  hf.destroy();
  const formulaMs = (sampleMs / sample.length) * ids.length;
  console.log(`HyperFormula: loading the table ${buildMs.toFixed(0)} ms (not counted); ${sample.length} days-late formulas ${sampleMs.toFixed(0)} ms (${(sampleMs / sample.length).toFixed(0)} ms each; values ${values.join(", ")})`);
  console.log(`  measured on ${sample.length} of ${ids.length} customers and extrapolated linearly (every formula scans all ${PAYMENT_ROWS.toLocaleString("en")} rows): ${(formulaMs / 1000).toFixed(0)} s for ${ids.length}`);
  report("spilled GRADE vs SUMPRODUCT/SUMIFS formulas (HyperFormula)", ours, "formulas", formulaMs, "(goal ≥ 100×)");

  // (2) 5,000 scalar calls, as 5,000 cells of =CUSTFILE.GRADE(A2, Payments[#All]) would call it.
  let builds = 0;
  const scalar = await medianMs(() => {
    creditCache.clear();
    const before = creditCache.builds;
    for (const id of ids) grade([id], payments, asOf);
    builds = creditCache.builds - before;
  }, 5, 1);
  report(`one spilled call vs ${ids.length} scalar calls`, ours, "scalar calls", scalar, `(scalar calls built ${builds} index; ${((scalar - ours) / ids.length * 1000).toFixed(0)} µs per extra call, the fingerprint)`);
}
