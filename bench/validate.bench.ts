/**
 * Validation speed: 100,000 customers + 300,000 interactions generated in the same run,
 * written to an .xlsx with SheetJS and read back as the CLI reads it. Prints core
 * validation rows per second and its ratio to (a) a plain scan that reads every cell once
 * and (b) SheetJS's own parse of the same file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { heading, medianMs, report } from "./lib";
import { generateDemo } from "../src/demo/generate";
import { validateWorkbook } from "../src/core/validate";
import { readWorkbookData } from "../src/cli/xlsx";
import { writeNewWorkbook } from "../src/cli/workbook";
import { demoSheets } from "../src/cli/commands/demo";
import type { SheetBlock } from "../src/core/table";

const CUSTOMERS = 100_000;
const INTERACTIONS_PER_CUSTOMER = 3;

/** The peer: read every cell (value and number format) once and do the least work that keeps the read. */
function plainScan(blocks: SheetBlock[]): number {
  let acc = 0;
  for (const b of blocks) {
    const values = b.values;
    const formats = b.numberFormats;
    for (let r = 0; r < values.length; r++) {
      const row = values[r];
      const fmt = formats?.[r];
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (v !== null && typeof v === "string") acc += v.length;
        else if (typeof v === "number") acc += 1;
        if (fmt && fmt[c].length === 10) acc++;
      }
    }
  }
  return acc;
}

export async function run(): Promise<void> {
  heading(`validate: ${CUSTOMERS.toLocaleString("en")} customers + ${(CUSTOMERS * INTERACTIONS_PER_CUSTOMER).toLocaleString("en")} interactions`);
  const demo = generateDemo({ customers: CUSTOMERS, interactionsPerCustomer: INTERACTIONS_PER_CUSTOMER, archivePerCustomer: 0, paymentsPerCustomer: 0, seed: 20240315 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-bench-"));
  try {
    const file = path.join(dir, "bench.xlsx");
    writeNewWorkbook(file, demoSheets(demo));
    const data = fs.readFileSync(file);
    const blocks = readWorkbookData(data, file).sheets;
    const customersOnly = blocks.filter((b) => b.sheet === "客户信息");
    const rows = blocks.reduce((n, b) => n + Math.max(0, b.values.length - 1), 0);
    const cells = blocks.reduce((n, b) => n + b.values.reduce((m, r) => m + r.length, 0), 0);
    console.log(`file ${(data.length / 1e6).toFixed(1)} MB, ${rows.toLocaleString("en")} data rows, ${cells.toLocaleString("en")} cells`);

    const asOf = demo.asOf;
    let findings = 0;
    const ours = await medianMs(() => (findings = validateWorkbook(blocks, { asOf }).findings.length), 7, 2);
    const customersMs = await medianMs(() => validateWorkbook(customersOnly, { asOf }), 7, 2);
    const scan = await medianMs(() => plainScan(blocks), 5, 1);
    const parse = await medianMs(() => XLSX.read(data, { type: "buffer", dense: true, cellNF: true, cellDates: false, cellText: false, cellFormula: false }), 1, 0);

    console.log(`core validation, whole workbook: ${ours.toFixed(0)} ms, ${Math.round(rows / (ours / 1000)).toLocaleString("en")} rows/s (${findings} findings)`);
    console.log(`core validation, ${CUSTOMERS.toLocaleString("en")} customers alone: ${customersMs.toFixed(0)} ms (goal < 1000 ms), ${Math.round(CUSTOMERS / (customersMs / 1000)).toLocaleString("en")} rows/s`);
    report("validate vs plain scan", ours, "plain scan of every cell", scan, `(goal: within 10×; ratio ${(ours / scan).toFixed(1)}×)`);
    report("validate vs SheetJS parse", ours, "XLSX.read of the same file", parse, `(ratio ${(ours / parse).toFixed(2)}×)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
