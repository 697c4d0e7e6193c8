/** `custfile monitor`: the monthly credit status and its abnormalities against the previous recorded month (SPEC §8.3); with --out, the month recorded and the report sheet written. */
import type { MonthlyReport } from "../../core/credit";
import { parseIsoDate, today } from "../../core/dates";
import { CREDIT_HISTORY } from "../../core/template/tables";
import { parseCommandArgs, requireIsoDate, requireOneFile, requireXlsxOut, COPY_OPTIONS } from "../args";
import { endRun, readInput, startRun } from "../input";
import { CliError, EXIT, padToWidth, type CliCommand } from "../io";
import { checkOutput } from "../output";
import type { RecordCells } from "../workbook";
import type { LoadedWorkbook } from "../xlsx";

const USAGE = `Usage: custfile monitor FILE.xlsx [--month YYYY-MM] [--as-of YYYY-MM-DD] [--json] [--out FILE.xlsx [--force]] [--verbose]

The monthly credit status of SPEC §8.3: every customer of 客户信息 measured as of the month's
last day (the day given by --as-of or today, while the month is running): score, grade, DBT,
open and overdue amounts, 信用额度 and suggested limit. Compared with the latest earlier month
recorded in the ${CREDIT_HISTORY.sheet} (CreditHistory) table, it lists the abnormalities: new C类; grade
down (A类→B类; a drop to C类 counts as new C类); newly over the 信用额度; overdue amount up by
≥ 50 % and ≥ 10,000; DBT up by ≥ 10 days; first time anything > 60 days past due. Thresholds
come from 信用政策 (逾期增长比例, 逾期增长金额, DBT增加天数, 长期逾期天数).

Without --out it prints and writes nothing. With --out it writes a copy of the workbook in
which the month is recorded into ${CREDIT_HISTORY.sheet} (one row per customer; the table is created from
the template when the workbook has none; the rows of a month already recorded are replaced,
and the output says so) and the sheet 信用异常 YYYY-MM is added (or replaces the one of that
name): summary, the abnormalities, the grade distribution this month vs the previous one and
the open amount by aging bucket, with two native Excel charts.

Only the sheets of 客户信息, 回款记录, 信用政策 and ${CREDIT_HISTORY.sheet} are read.

Options:
  --month YYYY-MM   the month (default: the month of --as-of or today)
  --as-of DATE      today for this run (default: today, Asia/Shanghai)
  --json            print {"month", "asOf", "previous", "customers", "abnormalities": [{id, name,
                    owner, rule, before, after}], "summary": {byRule, total, alreadyRecorded}}
  --out FILE        write the copy described above; everything else in the workbook is kept as
                    it was, and the input file is never changed
  --force           replace the --out file when it exists
  --verbose         print the time of each phase (read, check, write) on stderr

Exit codes: 0 no abnormality; 1 abnormalities found, or some payment rows, ${CREDIT_HISTORY.sheet} rows or
信用额度 cells could not be read (listed on stderr with sheet and row) — with --out the copy is
written in both cases; 2 bad usage, unreadable file, no payment table, a bad 信用政策 value, a
month that has not begun, or a copy that cannot be written (nothing is written then).`;

/** core/credit, loaded when the command runs (not with the command list). */
type CreditModule = typeof import("../../core/credit");

/** Columns of the abnormality lines stay apart even when a name is longer than its column. */
const pad = (text: string, width: number) => padToWidth(text, width, 1);

/** The readable report: summary, one line per abnormality, grade distribution and aging. */
function text(file: string, r: MonthlyReport, recorded: boolean, { AGING_HEADERS, AGING_KEYS, abnormalityLabel, abnormalitySheetName, monthlySummaryLines, yuanText }: CreditModule): string[] {
  const lines = [`${file}: ${abnormalitySheetName(r.month)}`, ...monthlySummaryLines(r, recorded).map((l) => `  ${l}`)];
  if (r.abnormalities.length > 0) {
    lines.push("", `  ${pad("异常类型", 18)}${pad("客户编号", 15)}${pad("客户名称", 28)}${pad("负责人", 8)}说明`);
    for (const a of r.abnormalities) {
      lines.push(`  ${pad(abnormalityLabel(a.rule, r.policy)["zh-CN"], 18)}${pad(a.customerId, 15)}${pad(a.name, 28)}${pad(a.owner, 8)}${a.detail["zh-CN"]}`);
    }
  }
  const g = r.grades;
  lines.push("", `  grades: ${(["A类", "B类", "C类", "N"] as const).map((k) => `${k} ${g.current[k]}${g.previous ? ` (${r.previous}: ${g.previous[k]})` : ""}`).join(", ")}`);
  lines.push(`  aging: ${AGING_KEYS.map((k, i) => `${AGING_HEADERS[i]} ${yuanText(r.agingFen[k])}`).join(", ")}`);
  return lines;
}

/** Record the month into CreditHistory (its earlier rows replaced) and write the report sheet; returns what to tell the user. */
async function record(book: LoadedWorkbook, out: string, report: MonthlyReport, force: boolean | undefined, { abnormalitySheet, existingAbnormalitySheet, isRowOfMonth, monthRecords }: CreditModule): Promise<string> {
  const entries: RecordCells[] = monthRecords(report);
  const sheet = abnormalitySheet(report);
  // A report sheet of the month spelt a little differently (full-width digits, no space) is the same report: replace it under its own name.
  const existing = existingAbnormalitySheet(book.sheetNames, report.month);
  const spec = existing ? { ...sheet, name: existing } : sheet;
  const { writeWorkbookCopy } = await import("../workbook");
  const written = writeWorkbookCopy(book, out, {
    append: [{ table: CREDIT_HISTORY, entries, replace: (row) => isRowOfMonth(row, report.month) }],
    sheets: [spec],
  }, { force, option: "--out" });
  const a = written.appended[0];
  const where = a.how === "new-sheet" ? `a new sheet ${a.sheet}` : `${a.sheet} (table ${a.table})`;
  const replaced = a.replaced ? `; the ${a.replaced} row(s) recorded for ${report.month} before were replaced` : "";
  const how = written.replaced.includes(spec.name) ? "replaced" : "added";
  return `wrote ${out}: ${report.month} recorded in ${where}, ${a.rows} row(s)${replaced}; sheet ${spec.name} ${how}, with ${spec.charts?.length ?? 0} charts.`;
}

export const monitorCommand: CliCommand = {
  name: "monitor",
  summary: "monthly credit status: abnormalities against the previous recorded month; --out records it",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("monitor", args, {
      month: { type: "string" },
      "as-of": { type: "string" },
      ...COPY_OPTIONS,
    });
    const file = requireOneFile("monitor", positionals);
    const asOfText = requireIsoDate("--as-of", values["as-of"]);
    const day = asOfText === undefined ? today() : parseIsoDate(asOfText)!;
    if (values.month !== undefined && !/^\d{4}-\d{2}$/.test(values.month)) throw new CliError(`--month must be written YYYY-MM, e.g. 2026-11 (got '${values.month}').`);
    requireXlsxOut(values.out);
    if (values.out !== undefined) checkOutput(values.out, { input: file, force: values.force, option: "--out" });
    const run = startRun(io, "monitor", values.verbose === true);
    // Loaded here, not with the command list: a run loads only what its command uses.
    const creditModule = await import("../../core/credit");
    const { CreditPolicyError, MONITOR_TABLES, MonitorError, PaymentsTableError, monthOfDay, monthlyJson, monthlyReport } = creditModule;
    const month = values.month ?? monthOfDay(day);
    const book = readInput(run, file, MONITOR_TABLES);
    run.phases.start("check");
    run.progress.update(`measuring ${month}`, { step: true });
    let report: MonthlyReport;
    try {
      report = monthlyReport(book.sheets, { month, today: day });
    } catch (e) {
      if (e instanceof PaymentsTableError || e instanceof CreditPolicyError || e instanceof MonitorError) throw new CliError(`${file}: ${e.message}`);
      throw e;
    }
    run.phases.end(`${report.rows.length} customers, ${report.abnormalities.length} abnormalities`);
    run.phases.start("write");
    if (values.out !== undefined) run.progress.update(`writing ${values.out}`, { step: true });
    const note = values.out === undefined ? undefined : await record(book, values.out, report, values.force, creditModule);
    run.progress.clear();
    if (values.json) io.out(JSON.stringify(monthlyJson(report), null, 2));
    else for (const line of text(file, report, note !== undefined, creditModule)) io.out(line);
    if (note !== undefined && values.json) io.err(note);
    else if (note !== undefined) io.out(`\n  ${note}`);
    const credit = report.credit;
    for (const p of credit.problems) io.err(`${credit.paymentsSheet} ${p.message}`);
    for (const n of credit.recorded.notes) io.err(n);
    for (const problem of report.history.problems) io.err(problem);
    run.phases.end(values.out !== undefined ? `${values.out} and the report` : "the report");
    endRun(run);
    const unread = credit.problems.length + credit.recorded.notes.length + report.history.problems.length;
    return report.abnormalities.length > 0 || unread > 0 ? EXIT.findings : EXIT.ok;
  },
};
