/** `custfile demo`: write a realistic demo workbook and run every check on it, so a new user sees custfile work without Excel. */
import * as fs from "node:fs";
import * as path from "node:path";
import { tableDef, type TableKey } from "../../core/template/tables";
import { parseCommandArgs, requireIsoDate } from "../args";
import { CliError, EXIT, type CliCommand, type CliIO } from "../io";
import { checkOutput } from "../output";
import { Phases, Progress } from "../progress";
import { readWorkbook, workbookFromBlocks } from "../xlsx";
import { templateColumns, type SheetSpec } from "../../core/sheets";
import type { DemoWorkbook } from "../../demo/generate";
import { pushAll } from "../../core/arrays";

const USAGE = `Usage: custfile demo [--out DIR] [--customers N] [--seed N] [--as-of YYYY-MM-DD] [--force] [--verbose]

Writes DIR/custfile-demo.xlsx (default DIR: ./demo): seeded synthetic customers in the template
of the customer-file policy, with interactions, archive records, payments and a change log, and
the mistakes a hand-kept sheet has (dates typed 2024/3/5, masked phones, "A" for "A类", a
duplicated id, a missing contact ...). Then runs validate, credit and audit on it and prints
what they found. The same seed always gives the same workbook.

Every sheet must fit Excel (1,048,576 rows): 客户动态 has 6 rows per customer, so at most
174,762 customers; 回款记录 is trimmed to fewer invoices per customer when it would not fit.
A run of more than a second shows its progress on stderr.

Options:
  --out DIR          folder for the workbook (created if missing; default ./demo)
  --customers N      number of customers (default 500, at most 174762)
  --seed N           random seed (default 20240315)
  --as-of DATE       the day the data is as of (default 2026-09-30)
  --force            replace DIR/custfile-demo.xlsx when it exists
  --verbose          print the time of each phase (generate, write, each check) on stderr`;

/** How many lines of each command's output the demo prints. */
const MAX_LINES = 30;

function capture(): CliIO & { lines: string[] } {
  const lines: string[] = [];
  const push = (text: string) => pushAll(lines, text.replace(/\n$/, "").split("\n"));
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
      verbose: { type: "boolean" },
    });
    const customers = values.customers === undefined ? 500 : Number(values.customers);
    if (!Number.isInteger(customers) || customers < 1) throw new CliError(`--customers must be a whole number of at least 1 (got '${values.customers}').`);
    const seed = values.seed === undefined ? 20240315 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new CliError(`--seed must be a whole number (got '${values.seed}').`);
    const asOf = requireIsoDate("--as-of", values["as-of"]) ?? "2026-09-30";
    // Loaded here, not with the command list: the generator brings the division data.
    const { demoTooLarge, EXCEL_MAX_ROWS, generateDemo } = await import("../../demo/generate");
    const { writeNewWorkbook, writtenBlock } = await import("../workbook");
    const tooLarge = demoTooLarge({ customers, seed, asOf });
    if (tooLarge) {
      throw new CliError(`--customers ${customers} does not fit in Excel: sheet ${tooLarge.sheet} would have ${tooLarge.rows.toLocaleString("en-US")} rows, and a sheet holds ${EXCEL_MAX_ROWS.toLocaleString("en-US")} (header included). The largest demo that fits is --customers ${tooLarge.maxCustomers}.`);
    }
    const dir = path.resolve(values.out ?? "demo");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "custfile-demo.xlsx");
    checkOutput(file, { force: values.force });
    const phases = new Phases(io, "custfile demo", values.verbose === true);
    // Plain lines when stderr is not a terminal: a long demo in a log or CI says where it is.
    const progress = new Progress(io, "custfile demo", true);
    const rowsOf = (n: number, total: number) => `${n.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows`;

    phases.start("generate");
    let current = "";
    const demo = generateDemo({
      customers, seed, asOf,
      onProgress: (sheet, rows, expected) => {
        progress.update(`generating ${sheet}: ${rowsOf(rows, Math.max(rows, expected))}`, { step: sheet !== current });
        current = sheet;
      },
    });
    phases.end(`${demo.sheets.reduce((n, b) => n + b.values.length - 1, 0).toLocaleString("en-US")} rows`);
    phases.start("write");
    current = "";
    // Each sheet's XML is made and deflated as the file is written (a temporary file renamed into place).
    const sheets = demoSheets(demo);
    writeNewWorkbook(file, sheets, {
      force: values.force,
      stream: true,
      onProgress: (sheet, rows, total) => {
        progress.update(`writing ${sheet}: ${rowsOf(rows, total)}`, { step: sheet !== current });
        current = sheet;
      },
    });
    phases.end(`${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);

    // Results go to stdout: the progress line (stderr, same terminal) is cleared first.
    const say = (text: string) => {
      progress.clear();
      io.out(text);
    };
    const relative = path.relative(process.cwd(), file);
    const rel = relative && !relative.startsWith("..") ? relative : file;
    say(`custfile demo — wrote ${rel}`);
    for (const b of demo.sheets) say(`  ${b.sheet.padEnd(6, "　")} ${String(b.values.length - 1).padStart(6)} rows`);
    const planted = Object.entries(demo.planted).sort((a, b) => b[1] - a[1]);
    say(`  planted on purpose (what a hand-kept sheet has): ${planted.map(([k, n]) => `${k} ×${n}`).join(", ")}`);
    for (const note of demo.notes) say(`  ${note}`);

    // Run every check that this build of custfile has, as a user would from the shell. They get
    // the workbook just written as it is still in memory: reading it back is most of a big demo's
    // time, and it reads back the same (test/cli/demo.test.ts).
    const { commands } = await import("./index");
    const written = sheets.map(writtenBlock);
    for (const name of ["validate", "credit", "audit"]) {
      const command = commands.find((c) => c.name === name);
      if (!command) continue;
      const cmdArgs = name === "audit" ? [file, "--quarter", quarterOf(asOf), "--seed", "0123456789abcdef0123456789abcdef"] : [file, "--as-of", asOf];
      say(`\n$ custfile ${name} ${[rel, ...cmdArgs.slice(1)].join(" ")}`);
      phases.start(name);
      progress.update(`running custfile ${name}`, { step: true });
      const out: CliIO & { lines: string[] } = { ...capture(), open: (p, options) => (p === file ? workbookFromBlocks(file, written, options) : readWorkbook(p, options)) };
      let code: number;
      try {
        code = await command.run(cmdArgs, out);
      } catch (e) {
        out.err((e as Error).message);
        code = e instanceof CliError ? e.exitCode : EXIT.usage;
      }
      const shown = out.lines.slice(0, MAX_LINES);
      for (const line of shown) say(`  ${line}`);
      if (out.lines.length > shown.length) say(`  … (${out.lines.length - shown.length} more lines; run the command yourself to see all)`);
      say(`  → exit ${code}${code === EXIT.findings ? " (findings: expected, the demo data has planted mistakes)" : ""}`);
      phases.end(`exit ${code}`);
    }
    progress.clear();
    say(`\nOpen ${rel} in Excel, or run the commands above with --json or --out to get the results as data.`);
    phases.report();
    return EXIT.ok;
  },
};

/** The quarter (e.g. 2026Q3) containing a YYYY-MM-DD day. */
function quarterOf(day: string): string {
  return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}
