/** `custfile credit`: grade every customer's credit from the payment table (SPEC §7), as the CUSTFILE functions do in Excel. */
import type { CreditFlagCode, CreditReport } from "../../core/credit";
import { parseIsoDate, today } from "../../core/dates";
import { parseCommandArgs, requireIsoDate, requireOneFile, requireXlsxOut, COPY_OPTIONS } from "../args";
import { endRun, readInput, startRun } from "../input";
import { CliError, EXIT, padToWidth, type CliCommand } from "../io";
import { checkOutput } from "../output";
import { minOf } from "../../core/arrays";

/** core/credit, loaded when the command runs (not with the command list). */
type CreditModule = typeof import("../../core/credit");

const USAGE = `Usage: custfile credit FILE.xlsx [--as-of YYYY-MM-DD] [--json] [--out FILE.xlsx [--force]] [--verbose]

Grades every customer's credit from 回款记录 (Payments) by the model of SPEC §7: a PAYDEX-style
amount-weighted payment score (80 = paid on time, 50 = 30 days beyond terms), days beyond terms
(DBT), grade A类/B类/C类 (N = not enough history), tier 优秀/一般/风险, a suggested limit
(monthly volume × usual terms / 30 × grade coefficient) and the aging of what is still open.
Settings come from the 信用政策 (CreditPolicy) table when the workbook has one. Every customer
of 客户信息 is listed (no payment rows: grade N), then any id found only in 回款记录. Only the
sheets of these three tables are read.

Recorded vs computed (SPEC §8.1): each customer's 客户等级 and 信用额度 in 客户信息 are compared
with the payments: over-limit (error: open balance above 信用额度), grade-drift (warning:
客户等级 differs from the computed grade; not for N), limit-above-suggested (info: 信用额度
above the suggested limit; not for N). Flagged customers are listed first.

Options:
  --as-of DATE    the day to grade at; later payments are ignored (default: today, Asia/Shanghai)
  --json          print {"asOf", "customers": [{id, score, dbt, grade, tier, limit, aging,
                  invoices, lateInvoices, openAmount, warnings, recorded: {grade, limit},
                  flags}], "flagCounts"} on stdout
  --out FILE      write a copy of the workbook with a 信用评级 sheet (an Excel table); everything
                  else in the workbook is kept as it was, and the input is never changed
  --force         replace the --out file when it exists
  --verbose       print the time of each phase (read, check, write) on stderr

Exit codes: 0 graded, every payment row used, no customer over its limit; 1 graded, but some
customer is over-limit, or some payment rows could not be used (unreadable date, paid date
without amount or the reverse, ...: listed on stderr with their row and left out, never
guessed), or a 信用额度 cell is not an amount (listed on stderr); 2 bad usage, unreadable
file, no payment table, a missing column or a bad 信用政策 value.`;

function fixed(n: number | null, digits = 0): string {
  return n === null ? "—" : n.toFixed(digits);
}

const pad = (text: string, width: number) => padToWidth(text, width);

function money(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Short flag names for the customer lines. */
const FLAG_SHORT: Readonly<Record<CreditFlagCode, string>> = { "over-limit": "超额度", "grade-drift": "等级不符", "limit-above-suggested": "额度偏高" };

/** The readable summary: grade distribution, flags, rows left out, then one line per customer (flagged customers first, most severe first). */
function summary(file: string, report: CreditReport, { CREDIT_FLAG_CODES, CREDIT_FLAG_LABELS, countFlags, yuanText }: CreditModule): string[] {
  const d = report.distribution;
  const total = report.customers.length;
  const pct = (n: number) => (total === 0 ? "0%" : `${Math.round((n / total) * 100)}%`);
  const open = report.customers.reduce((s, c) => s + c.openAmount, 0);
  const lines = [
    `${file}: credit as of ${report.asOf} — ${total} customers, payments from ${report.paymentsSheet}.`,
    `  grades: A类 优秀 ${d["A类"]} (${pct(d["A类"])}), B类 一般 ${d["B类"]} (${pct(d["B类"])}), C类 风险 ${d["C类"]} (${pct(d["C类"])}), N 资料不足 ${d.N} (${pct(d.N)})`,
    `  open balance ${money(open)}; suggested limits total ${money(report.customers.reduce((s, c) => s + c.limit, 0))}`,
  ];
  const counts = countFlags(report.flags);
  const flagged = new Set(report.flags.map((f) => f.customerId));
  lines.push(`  flags (recorded vs computed): ${CREDIT_FLAG_CODES.map((c) => `${c} ${CREDIT_FLAG_LABELS[c]["zh-CN"]} ${counts[c]}`).join(", ")} — ${flagged.size} customer(s) flagged`);
  if (report.problems.length > 0) lines.push(`  ${report.problems.length} payment row(s) left out (see stderr).`);
  lines.push("", `  ${pad("客户编号", 16)}${pad("等级", 6)}${pad("分类", 10)}${"评分".padStart(3)}${"DBT".padStart(7)}${pad("", 5)}建议额度${pad("", 6)}未收金额  ${pad("逾期/发票", 11)}${pad("现等级", 8)}${pad("现额度", 12)}标记`);
  const flagsOf = new Map<string, CreditFlagCode[]>();
  for (const f of report.flags) flagsOf.set(f.customerId, [...(flagsOf.get(f.customerId) ?? []), f.code]);
  // Flagged first, the most severe flag deciding; the sort is stable, so sheet order stays within a rank.
  const rank = (id: string) => {
    const codes = flagsOf.get(id);
    return codes ? minOf(codes.map((c) => CREDIT_FLAG_CODES.indexOf(c))) : CREDIT_FLAG_CODES.length;
  };
  const ordered = report.customers.map((c) => ({ c, rank: rank(c.id) })).sort((a, b) => a.rank - b.rank);
  for (const { c } of ordered) {
    const r = report.recorded.byId.get(c.id);
    const grade = r ? (r.gradeText === "" ? "—" : r.gradeText) : "";
    const limit = r ? (r.limitFen === null ? (r.limitText === "" ? "—" : r.limitText) : yuanText(r.limitFen)) : "";
    const marks = (flagsOf.get(c.id) ?? []).map((f) => FLAG_SHORT[f]).join(" ");
    lines.push(`  ${pad(c.id, 16)}${pad(c.grade, 6)}${pad(c.tier, 10)}${fixed(c.score).padStart(5)}${fixed(c.dbt, 1).padStart(7)}${money(c.limit).padStart(13)}${money(c.openAmount).padStart(14)}  ${pad(`${c.lateInvoices}/${c.invoices}`, 11)}${pad(grade, 8)}${pad(limit, 12)}${marks}`.trimEnd());
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
      ...COPY_OPTIONS,
    });
    const file = requireOneFile("credit", positionals);
    const asOfText = requireIsoDate("--as-of", values["as-of"]);
    const asOf = asOfText === undefined ? today() : parseIsoDate(asOfText)!;
    requireXlsxOut(values.out);
    if (values.out !== undefined) checkOutput(values.out, { input: file, force: values.force, option: "--out" });
    const run = startRun(io, "credit", values.verbose === true);
    // Loaded here, not with the command list: a run loads only what its command uses.
    const credit = await import("../../core/credit");
    const { CREDIT_SHEET, CREDIT_TABLES, CreditPolicyError, PaymentsTableError, creditJson, creditReport } = credit;
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
      const { creditSheetSpec } = await import("../../core/credit/sheet");
      const { writeWorkbookCopy } = await import("../workbook");
      writeWorkbookCopy(book, values.out, { sheets: [creditSheetSpec(report)] }, { force: values.force, option: "--out" });
    }
    run.progress.clear();
    if (values.json) io.out(JSON.stringify(creditJson(report), null, 2));
    else for (const line of summary(file, report, credit)) io.out(line);
    for (const p of report.problems) io.err(`${report.paymentsSheet} ${p.message}`);
    for (const note of report.recorded.notes) io.err(note);
    if (values.out !== undefined) io.err(`wrote ${values.out} (sheet ${CREDIT_SHEET}).`);
    run.phases.end(values.out !== undefined ? `${values.out} and the report` : "the report");
    endRun(run);
    const overLimit = report.flags.some((f) => f.code === "over-limit");
    return report.problems.length > 0 || report.recorded.notes.length > 0 || overLimit ? EXIT.findings : EXIT.ok;
  },
};
