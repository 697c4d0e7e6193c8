/** `custfile monitor`: the monthly credit status and its abnormalities against the previous recorded month (SPEC §8.3), printed; nothing is written. */
import {
  AGING_HEADERS, AGING_KEYS, CreditPolicyError, MonitorError, PaymentsTableError, abnormalityLabel, abnormalitySheetName,
  monthOfDay, monthlyJson, monthlyReport, monthlySummaryLines, yuanText, type MonthlyReport,
} from "../../core/credit";
import { parseIsoDate, today } from "../../core/dates";
import { CREDIT_HISTORY } from "../../core/template/tables";
import { parseCommandArgs, requireIsoDate, requireOneFile } from "../args";
import { CliError, EXIT, padToWidth, type CliCommand } from "../io";
import { readWorkbook } from "../xlsx";

const USAGE = `Usage: custfile monitor FILE.xlsx [--month YYYY-MM] [--as-of YYYY-MM-DD] [--json]

The monthly credit status of SPEC §8.3: every customer of 客户信息 measured as of the month's
last day (the day given by --as-of or today, while the month is running): score, grade, DBT,
open and overdue amounts, 信用额度 and suggested limit. Compared with the latest earlier month
recorded in the ${CREDIT_HISTORY.sheet} (CreditHistory) table, it lists the abnormalities: new C类; grade
down (A类→B类; a drop to C类 counts as new C类); newly over the 信用额度; overdue amount up by
≥ 50 % and ≥ 10,000; DBT up by ≥ 10 days; first time anything > 60 days past due. Thresholds
come from 信用政策 (逾期增长比例, 逾期增长金额, DBT增加天数, 长期逾期天数).

This command prints and writes nothing: recording the month into ${CREDIT_HISTORY.sheet} and writing the
信用异常 YYYY-MM sheet are not available yet.

Options:
  --month YYYY-MM   the month (default: the month of --as-of or today)
  --as-of DATE      today for this run (default: today, Asia/Shanghai)
  --json            print {"month", "asOf", "previous", "customers", "abnormalities": [{id, name,
                    owner, rule, before, after}], "summary": {byRule, total, alreadyRecorded}}

Exit codes: 0 no abnormality; 1 abnormalities found, or some payment rows, ${CREDIT_HISTORY.sheet} rows or
信用额度 cells could not be read (listed on stderr with sheet and row); 2 bad usage, unreadable
file, no payment table, a bad 信用政策 value or a month that has not begun.`;

/** Columns of the abnormality lines stay apart even when a name is longer than its column. */
const pad = (text: string, width: number) => padToWidth(text, width, 1);

/** The readable report: summary, one line per abnormality, grade distribution and aging. */
function text(file: string, r: MonthlyReport): string[] {
  const lines = [`${file}: ${abnormalitySheetName(r.month)}`, ...monthlySummaryLines(r).map((l) => `  ${l}`)];
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

export const monitorCommand: CliCommand = {
  name: "monitor",
  summary: "monthly credit status: abnormalities against the previous recorded month (prints only)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("monitor", args, {
      month: { type: "string" },
      "as-of": { type: "string" },
      json: { type: "boolean" },
    });
    const file = requireOneFile("monitor", positionals);
    const asOfText = requireIsoDate("--as-of", values["as-of"]);
    const day = asOfText === undefined ? today() : parseIsoDate(asOfText)!;
    if (values.month !== undefined && !/^\d{4}-\d{2}$/.test(values.month)) throw new CliError(`--month must be written YYYY-MM, e.g. 2026-11 (got '${values.month}').`);
    const month = values.month ?? monthOfDay(day);
    const book = readWorkbook(file);
    let report: MonthlyReport;
    try {
      report = monthlyReport(book.sheets, { month, today: day });
    } catch (e) {
      if (e instanceof PaymentsTableError || e instanceof CreditPolicyError || e instanceof MonitorError) throw new CliError(`${file}: ${e.message}`);
      throw e;
    }
    if (values.json) io.out(JSON.stringify(monthlyJson(report), null, 2));
    else for (const line of text(file, report)) io.out(line);
    const credit = report.credit;
    for (const p of credit.problems) io.err(`${credit.paymentsSheet} ${p.message}`);
    for (const note of credit.recorded.notes) io.err(note);
    for (const problem of report.history.problems) io.err(problem);
    const unread = credit.problems.length + credit.recorded.notes.length + report.history.problems.length;
    return report.abnormalities.length > 0 || unread > 0 ? EXIT.findings : EXIT.ok;
  },
};
