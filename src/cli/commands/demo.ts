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
import { LEAVER, type DemoWorkbook } from "../../demo/generate";
import { pushAll } from "../../core/arrays";

const USAGE = `Usage: custfile demo [--out DIR] [--customers N] [--seed N] [--as-of YYYY-MM-DD] [--force] [--verbose]

Writes DIR/custfile-demo.xlsx (default DIR: ./demo): seeded synthetic customers in the template
of the customer-file policy, with interactions, archive records, payments (with 商品), a change
log with its 校验 chain, three months of 信用月报, a staff list (人员) and a borrowing register
(借阅登记), and the mistakes a hand-kept sheet has (dates typed 2024/3/5, masked phones, "A" for
"A类", a duplicated id, a leaver still 负责人, an overdue loan ...). Then runs validate (its SPEC
§10 records checks shown apart), credit, audit, monitor, analyze and verify-log on it and prints
the first lines of each. The same seed always gives the same workbook.

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

/** How many lines of each command's output the demo prints (the rest: run the command yourself). */
export const DEMO_LINES: Readonly<Record<string, number>> = { validate: 24, credit: 12, audit: 10, monitor: 22, analyze: 34, "verify-log": 4 };

/** The findings of validate that are SPEC §10's registers (and the rules of the Loans and Staff tables), shown apart by the demo. */
const RECORD_CODES = new Set(["owner-left", "single-contact", "overdue-loan", "retention", "log-tampered"]);
const RECORD_TABLES = new Set(["Loans", "Staff"]);
/** Examples the records summary prints per code. */
const RECORD_EXAMPLES = 2;

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
    const { nodeSha256 } = await import("../crypto");
    const demo = generateDemo({
      customers, seed, asOf, sha256: (text) => nodeSha256(text) as string,
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
    const open = (p: string, options?: Parameters<CliIO["open"] & object>[1]) => (p === file ? workbookFromBlocks(file, written, options) : readWorkbook(p, options));
    /** Run a command as the user would on the file; its output lines and exit code. */
    const runCommand = async (name: string, cmdArgs: string[]): Promise<{ lines: string[]; code: number }> => {
      const command = commands.find((c) => c.name === name)!;
      const out: CliIO & { lines: string[] } = { ...capture(), open };
      let code: number;
      try {
        code = await command.run(cmdArgs, out);
      } catch (e) {
        out.err((e as Error).message);
        code = e instanceof CliError ? e.exitCode : EXIT.usage;
      }
      return { lines: out.lines, code };
    };
    const argsOf: Record<string, string[]> = {
      validate: ["--as-of", asOf],
      credit: ["--as-of", asOf],
      audit: ["--quarter", quarterOf(asOf), "--seed", "0123456789abcdef0123456789abcdef"],
      monitor: ["--as-of", asOf],
      analyze: ["--as-of", asOf, "--by", "abc,province"],
      "verify-log": [],
    };
    const intro: Record<string, string> = {
      validate: "check every row against the template (SPEC §3, §10)",
      credit: "grade credit from the payments; recorded 客户等级/信用额度 vs computed (SPEC §7, §8.1)",
      audit: "draw this quarter's reproducible audit sample (SPEC §6)",
      monitor: "this month's credit status against last month in 信用月报 (SPEC §8.3)",
      analyze: "customer composition: sales ABC and provinces (SPEC §9)",
      "verify-log": "the tamper-evident change log (SPEC §10.5)",
    };
    for (const name of ["validate", "credit", "audit", "monitor", "analyze", "verify-log"]) {
      if (!commands.some((c) => c.name === name)) continue;
      const cmdArgs = [file, ...argsOf[name]];
      say(`\n$ custfile ${name} ${[rel, ...cmdArgs.slice(1)].join(" ")}    # ${intro[name]}`);
      phases.start(name);
      progress.update(`running custfile ${name}`, { step: true });
      const { lines, code } = await runCommand(name, cmdArgs);
      const shown = lines.slice(0, DEMO_LINES[name]);
      for (const line of shown) say(`  ${line}`);
      if (lines.length > shown.length) say(`  … (${lines.length - shown.length} more lines; run the command yourself to see all)`);
      say(`  → exit ${code}${code === EXIT.findings ? " (findings: expected, the demo data has planted mistakes)" : ""}`);
      phases.end(`exit ${code}`);
      if (name === "validate") {
        // The registers of SPEC §10 are validate findings too, but a few among many: shown here on their own.
        phases.start("records");
        progress.update("running custfile validate --json for the records checks", { step: true });
        const json = await runCommand("validate", [...cmdArgs, "--json"]);
        say("");
        for (const line of recordsLines(json.lines.join("\n"), rel)) say(`  ${line}`);
        phases.end("");
      }
    }
    progress.clear();
    say(`\nNext: ${LEAVER} has left but still looks after customers — hand them over in a copy of the workbook:`);
    say(`  custfile handover ${rel} --from ${LEAVER} --to 李娜 --supervisor 黄强 --date ${asOf} --out ${path.join(path.dirname(rel), "handed-over.xlsx")}`);
    say(`Open ${rel} in Excel, or run the commands above with --json or --out to get the results as data.`);
    phases.report();
    return EXIT.ok;
  },
};

/** The quarter (e.g. 2026Q3) containing a YYYY-MM-DD day. */
function quarterOf(day: string): string {
  return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The SPEC §10 findings of `custfile validate --json` output: a count per code with the first messages, for the demo. */
export function recordsLines(json: string, file: string): string[] {
  let findings: Array<{ table: string; code: string; severity: string; message: string; value: unknown }>;
  try {
    findings = (JSON.parse(json) as { findings: typeof findings }).findings;
  } catch {
    return ["(the records findings could not be read)"];
  }
  const groups = new Map<string, typeof findings>();
  for (const f of findings) {
    if (!RECORD_CODES.has(f.code) && !RECORD_TABLES.has(f.table)) continue;
    const key = RECORD_TABLES.has(f.table) && !RECORD_CODES.has(f.code) ? `${f.code} (${f.table})` : f.code;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(f);
  }
  const lines = [`the records checks of SPEC §10 (staff, contacts, loans, retention), part of custfile validate ${file} above:`];
  if (groups.size === 0) lines.push("  none");
  for (const [key, fs] of groups) {
    lines.push(`  [${key}] ${fs.length}`);
    // Examples of different values first (the leaver and the misspelt name, not the leaver twice).
    const distinct = fs.filter((f, i) => fs.findIndex((g) => String(g.value) === String(f.value)) === i);
    const examples = [...distinct, ...fs.filter((f) => !distinct.includes(f))].slice(0, RECORD_EXAMPLES);
    for (const f of examples) lines.push(`    ${f.severity === "error" ? "✗" : f.severity === "warning" ? "!" : "i"} ${f.message}`);
    if (fs.length > RECORD_EXAMPLES) lines.push(`    … ${fs.length - RECORD_EXAMPLES} more`);
  }
  return lines;
}
