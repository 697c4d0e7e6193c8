/** `custfile demo`: write a realistic demo workbook and run every check on it, so a new user sees custfile work without Excel. */
import * as fs from "node:fs";
import * as path from "node:path";
import { generateDemo } from "../../demo/generate";
import { tableDef, type TableKey } from "../../core/template/tables";
import { parseCommandArgs, requireIsoDate } from "../args";
import { CliError, EXIT, type CliCommand, type CliIO } from "../io";
import { checkOutput } from "../output";
import { writeNewWorkbook } from "../workbook";
import { templateColumns, type SheetSpec } from "../../core/sheets";
import type { DemoWorkbook } from "../../demo/generate";

const USAGE = `Usage: custfile demo [--out DIR] [--customers N] [--seed N] [--as-of YYYY-MM-DD] [--force]

Writes DIR/custfile-demo.xlsx (default DIR: ./demo): seeded synthetic customers in the template
of the customer-file policy, with interactions, archive records, payments and a change log, and
the mistakes a hand-kept sheet has (dates typed 2024/3/5, masked phones, "A" for "A类", a
duplicated id, a missing contact ...). Then runs validate, credit and audit on it and prints
what they found. The same seed always gives the same workbook.

Options:
  --out DIR          folder for the workbook (created if missing; default ./demo)
  --customers N      number of customers (default 500)
  --seed N           random seed (default 20240315)
  --as-of DATE       the day the data is as of (default 2026-09-30)
  --force            replace DIR/custfile-demo.xlsx when it exists`;

/** How many lines of each command's output the demo prints. */
const MAX_LINES = 30;

function capture(): CliIO & { lines: string[] } {
  const lines: string[] = [];
  const push = (text: string) => lines.push(...text.replace(/\n$/, "").split("\n"));
  return { lines, out: push, err: push };
}

/** The demo's sheets as the template writes them: one Excel table each, text as text, dates as dates, frozen headers. */
export function demoSheets(demo: DemoWorkbook): SheetSpec[] {
  return demo.sheets.map((b) => {
    const def = tableDef(b.tableName as TableKey);
    const columns = b.values[0].map((h) => def.columns.find((c) => c.header === h)!);
    return { name: b.sheet, tables: [{ name: def.tableName, columns: templateColumns(def, columns), rows: b.values.slice(1) }], freezeHeader: true, protect: def.addinOwned };
  });
}

export const demoCommand: CliCommand = {
  name: "demo",
  summary: "write a realistic demo workbook (seeded) and run every check on it",
  usage: USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs("demo", args, {
      out: { type: "string" },
      customers: { type: "string" },
      seed: { type: "string" },
      "as-of": { type: "string" },
      force: { type: "boolean" },
    });
    const customers = values.customers === undefined ? 500 : Number(values.customers);
    if (!Number.isInteger(customers) || customers < 1 || customers > 1_000_000) throw new CliError(`--customers must be a whole number from 1 to 1000000 (got '${values.customers}').`);
    const seed = values.seed === undefined ? 20240315 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new CliError(`--seed must be a whole number (got '${values.seed}').`);
    const asOf = requireIsoDate("--as-of", values["as-of"]) ?? "2026-09-30";
    const dir = path.resolve(values.out ?? "demo");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "custfile-demo.xlsx");
    checkOutput(file, { force: values.force });

    const demo = generateDemo({ customers, seed, asOf });
    writeNewWorkbook(file, demoSheets(demo), { force: values.force });

    const relative = path.relative(process.cwd(), file);
    const rel = relative && !relative.startsWith("..") ? relative : file;
    io.out(`custfile demo — wrote ${rel}`);
    for (const b of demo.sheets) io.out(`  ${b.sheet.padEnd(6, "　")} ${String(b.values.length - 1).padStart(6)} rows`);
    const planted = Object.entries(demo.planted).sort((a, b) => b[1] - a[1]);
    io.out(`  planted on purpose (what a hand-kept sheet has): ${planted.map(([k, n]) => `${k} ×${n}`).join(", ")}`);

    // Run every check that this build of custfile has, as a user would from the shell.
    const { commands } = await import("./index");
    for (const name of ["validate", "credit", "audit"]) {
      const command = commands.find((c) => c.name === name);
      if (!command) continue;
      const cmdArgs = name === "audit" ? [file, "--quarter", quarterOf(asOf), "--seed", "0123456789abcdef0123456789abcdef"] : [file, "--as-of", asOf];
      io.out(`\n$ custfile ${name} ${[rel, ...cmdArgs.slice(1)].join(" ")}`);
      const out = capture();
      let code: number;
      try {
        code = await command.run(cmdArgs, out);
      } catch (e) {
        out.err((e as Error).message);
        code = e instanceof CliError ? e.exitCode : EXIT.usage;
      }
      const shown = out.lines.slice(0, MAX_LINES);
      for (const line of shown) io.out(`  ${line}`);
      if (out.lines.length > shown.length) io.out(`  … (${out.lines.length - shown.length} more lines; run the command yourself to see all)`);
      io.out(`  → exit ${code}${code === EXIT.findings ? " (findings: expected, the demo data has planted mistakes)" : ""}`);
    }
    io.out(`\nOpen ${rel} in Excel, or run the commands above with --json or --out to get the results as data.`);
    return EXIT.ok;
  },
};

/** The quarter (e.g. 2026Q3) containing a YYYY-MM-DD day. */
function quarterOf(day: string): string {
  return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}
