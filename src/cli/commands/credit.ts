/** `custfile credit`: grade every customer's credit from the payment table (SPEC §7), as the CUSTFILE functions do in Excel. */
import type { CreditReport } from "../../core/credit";
import { parseIsoDate, today } from "../../core/dates";
import { parseCommandArgs, requireIsoDate, requireOneFile, requireXlsxOut } from "../args";
import { endRun, readInput, startRun } from "../input";
import { CliError, EXIT, displayWidth, type CliCommand } from "../io";
import { writeWorkbookCopy } from "../xlsx";

const USAGE = `Usage: custfile credit FILE.xlsx [--as-of YYYY-MM-DD] [--json] [--out FILE.xlsx] [--verbose]

Grades every customer's credit from 回款记录 (Payments) by the model of SPEC §7: a PAYDEX-style
amount-weighted payment score (80 = paid on time, 50 = 30 days beyond terms), days beyond terms
(DBT), grade A类/B类/C类 (N = not enough history), tier 优秀/一般/风险, a suggested limit
(monthly volume × usual terms / 30 × grade coefficient) and the aging of what is still open.
Settings come from the 信用政策 (CreditPolicy) table when the workbook has one. Every customer
of 客户信息 is listed (no payment rows: grade N), then any id found only in 回款记录. Only the
sheets of these three tables are read.

Options:
  --as-of DATE    the day to grade at; later payments are ignored (default: today, Asia/Shanghai)
  --json          print {"asOf", "customers": [{id, score, dbt, grade, tier, limit, aging,
                  invoices, lateInvoices, openAmount, warnings}]} on stdout
  --out FILE      write a copy of the workbook with a 信用评级 sheet (the input is never changed)
  --verbose       print the time of each phase (read, check, write) on stderr

Exit codes: 0 graded, every payment row used; 1 graded, but some payment rows could not be
used (unreadable date, paid date without amount or the reverse, ...: listed on stderr with
their row and left out, never guessed); 2 bad usage, unreadable file, no payment table, a
missing column or a bad 信用政策 value.`;

function fixed(n: number | null, digits = 0): string {
  return n === null ? "—" : n.toFixed(digits);
}

/** Pad to a display width (a CJK character takes two columns in a terminal). */
function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

function money(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** The readable summary: grade distribution, rows left out, then one line per customer. */
function summary(file: string, report: CreditReport): string[] {
  const d = report.distribution;
  const total = report.customers.length;
  const pct = (n: number) => (total === 0 ? "0%" : `${Math.round((n / total) * 100)}%`);
  const open = report.customers.reduce((s, c) => s + c.openAmount, 0);
  const lines = [
    `${file}: credit as of ${report.asOf} — ${total} customers, payments from ${report.paymentsSheet}.`,
    `  grades: A类 优秀 ${d["A类"]} (${pct(d["A类"])}), B类 一般 ${d["B类"]} (${pct(d["B类"])}), C类 风险 ${d["C类"]} (${pct(d["C类"])}), N 资料不足 ${d.N} (${pct(d.N)})`,
    `  open balance ${money(open)}; suggested limits total ${money(report.customers.reduce((s, c) => s + c.limit, 0))}`,
  ];
  if (report.problems.length > 0) lines.push(`  ${report.problems.length} payment row(s) left out (see stderr).`);
  lines.push("", `  ${pad("客户编号", 16)}${pad("等级", 6)}${pad("分类", 10)}${"评分".padStart(3)}${"DBT".padStart(7)}${pad("", 5)}建议额度${pad("", 6)}未收金额  逾期/发票`);
  for (const c of report.customers) {
    lines.push(`  ${pad(c.id, 16)}${pad(c.grade, 6)}${pad(c.tier, 10)}${fixed(c.score).padStart(5)}${fixed(c.dbt, 1).padStart(7)}${money(c.limit).padStart(13)}${money(c.openAmount).padStart(14)}  ${c.lateInvoices}/${c.invoices}`);
  }
  return lines;
}

export const creditCommand: CliCommand = {
  name: "credit",
  summary: "grade credit from the payment table: score, DBT, grade, tier, suggested limit, aging",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("credit", args, {
      "as-of": { type: "string" },
      json: { type: "boolean" },
      out: { type: "string" },
      verbose: { type: "boolean" },
    });
    const file = requireOneFile("credit", positionals);
    const asOfText = requireIsoDate("--as-of", values["as-of"]);
    const asOf = asOfText === undefined ? today() : parseIsoDate(asOfText)!;
    requireXlsxOut(values.out);
    const run = startRun(io, "credit", values.verbose === true);
    // Loaded here, not with the command list: a run loads only what its command uses.
    const { CREDIT_SHEET, CREDIT_SHEET_HEADERS, CREDIT_TABLES, CreditPolicyError, PaymentsTableError, creditJson, creditReport, creditSheetRows } = await import("../../core/credit");
    const book = readInput(run, file, CREDIT_TABLES);
    run.phases.start("check");
    run.progress.update("grading", { step: true });
    let report: CreditReport;
    try {
      report = creditReport(book.sheets, asOf);
    } catch (e) {
      if (e instanceof PaymentsTableError || e instanceof CreditPolicyError) throw new CliError(`${file}: ${e.message}`);
      throw e;
    }
    run.phases.end(`${report.customers.length} customers, ${report.problems.length} payment rows left out`);
    run.phases.start("write");
    if (values.out !== undefined) {
      run.progress.update(`writing ${values.out}`, { step: true });
      writeWorkbookCopy(book, values.out, [{ name: CREDIT_SHEET, rows: creditSheetRows(report), widths: CREDIT_SHEET_HEADERS.map((h) => (h === "提示" ? 60 : h === "客户编号" ? 15 : 11)) }]);
    }
    run.progress.clear();
    if (values.json) io.out(JSON.stringify(creditJson(report), null, 2));
    else for (const line of summary(file, report)) io.out(line);
    for (const p of report.problems) io.err(`${report.paymentsSheet} ${p.message}`);
    if (values.out !== undefined) io.err(`wrote ${values.out} (sheet ${CREDIT_SHEET}).`);
    run.phases.end(values.out !== undefined ? `${values.out} and the report` : "the report");
    endRun(run);
    return report.problems.length > 0 ? EXIT.findings : EXIT.ok;
  },
};
