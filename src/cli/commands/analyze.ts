/** `custfile analyze`: the composition of the customers (SPEC §9, seed 002 客户构成分析) — sales ABC, region, industry, grade, type, owner, status, product. */
import type { Breakdown, BreakdownKey, CompositionReport } from "../../core/analysis";
import { parseIsoDate, today } from "../../core/dates";
import { parseCommandArgs, requireIsoDate, requireOneFile, requireXlsxOut, COPY_OPTIONS } from "../args";
import { endRun, readInput, startRun } from "../input";
import { CliError, EXIT, type CliCommand } from "../io";
import { checkOutput } from "../output";
import { alignedTable } from "../table";
import { pushAll } from "../../core/arrays";

const USAGE = `Usage: custfile analyze FILE.xlsx [--as-of YYYY-MM-DD] [--by abc,province,...] [--json] [--out OUT.xlsx [--force]] [--verbose]

Analyses the composition of the customers (seed 002 客户构成分析, SPEC §9): where the sales come
from and where the money owed sits. Sales = the invoiced 金额 of 回款记录 (Payments) dated in
the 12 months up to the as-of day, each invoice counted once, credit notes netted. For every
breakdown: customers, share of customers, sales, share of sales, open balance and overdue
amount (open and past its due date, as credit grading counts them), largest sales first.

Breakdowns (--by, comma-separated, in the order given; default all):
  abc       ABC classes by sales: A while the cumulative share is ≤ 70%, B ≤ 90%, C the rest,
            无交易 without sales (bounds ABC-A累计占比 / ABC-B累计占比 in 信用政策)
  province  from 地址(省市区) by GB/T 2260 (未识别: no real province, 未填: blank)
  industry  所属行业 as its GB/T 4754 section (信息技术 → 信息传输、软件和信息技术服务业)
  grade     客户等级 as recorded in 客户信息 (custfile credit computes grades from payments)
  type      客户类型        owner   负责人        status   合作状态
  product   商品 / 产品 column of 回款记录, when it has one (a customer counts under each
            product it bought)
Ids found only in 回款记录 are customers too, listed as 未登记 by attribute.
Only the sheets of 客户信息, 回款记录, 信用政策 and 下拉选项 are read.

Options:
  --as-of DATE    the day to analyse at (default: today, Asia/Shanghai)
  --by LIST       the breakdowns to show (see above)
  --json          print {"asOf", "customers", "sales", "breakdowns": {"abc": [{key, count,
                  countShare, sales, salesShare, open, overdue}], ...}, "concentration":
                  {"top10Share", "hhi"}} (shares as fractions 0–1, money in yuan)
  --out FILE      write a copy of the workbook with the sheet 客户构成分析 YYYY-MM-DD: the
                  summary, one Excel table per breakdown and a native chart beside the ABC,
                  province, industry and grade tables (a sheet of that name is replaced);
                  everything else in the workbook is kept as it was, the input never changes
  --force         replace the --out file when it exists
  --verbose       print the time of each phase (read, check, write) on stderr

Exit codes: 0 analysed, every payment row used; 1 analysed, but some payment rows could not be
used (listed on stderr with their row, left out as credit grading leaves them out); 2 bad usage,
unreadable file, neither 客户信息 nor 回款记录, a payment table missing a column, or a bad
信用政策 bound.`;

/** core/analysis, loaded when the command runs (not with the command list: it brings the division data and zod). */
type AnalysisModule = typeof import("../../core/analysis");

/** Parse --by: known breakdown names (BREAKDOWN_KEYS of core/analysis), comma-separated, without repeats. */
export function parseBy(text: string, BREAKDOWN_KEYS: readonly BreakdownKey[]): BreakdownKey[] {
  const names = text.split(/[,，\s]+/).map((s) => s.trim().toLowerCase()).filter((s) => s !== "");
  if (names.length === 0) throw new CliError(`--by needs breakdown names: ${BREAKDOWN_KEYS.join(", ")}.`);
  const unknown = names.filter((n) => !(BREAKDOWN_KEYS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new CliError(`--by: unknown breakdown ${unknown.map((u) => `'${u}'`).join(", ")}; choose from ${BREAKDOWN_KEYS.join(", ")}.`);
  return [...new Set(names)] as BreakdownKey[];
}

/** Money as printed: 1,234,567.89. */
function money(n: number): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A share in whole per-mille as a percentage with one decimal. */
function permille(p: number): string {
  return `${(p / 10).toFixed(1)}%`;
}

/** One breakdown as an aligned table under its caption. */
function breakdownLines(b: Breakdown, { BREAKDOWN_LABELS, FIGURE_HEADERS }: AnalysisModule): string[] {
  const label = BREAKDOWN_LABELS[b.by];
  const head = [label.column, FIGURE_HEADERS.count, FIGURE_HEADERS.countShare, FIGURE_HEADERS.sales, FIGURE_HEADERS.salesShare, FIGURE_HEADERS.open, FIGURE_HEADERS.overdue];
  const rows = b.rows.map((r, i) => [r.key, String(r.count), permille(b.countPermille[i]), money(r.sales), permille(b.salesPermille[i]), money(r.open), money(r.overdue)]);
  return [`${label.caption} — ${label.en}`, ...alignedTable([head, ...rows], [false, true, true, true, true, true, true])];
}

/** The readable report: totals, concentration, the largest customers, then each breakdown. */
function summary(file: string, report: CompositionReport, analysis: AnalysisModule): string[] {
  const { FIGURE_HEADERS } = analysis;
  const c = report.concentration;
  const lines = [
    `${file}: composition as of ${report.asOf} — ${report.customers} customers; sales ${money(report.sales)} (invoiced ${report.salesFrom} … ${report.asOf}); open ${money(report.open)}, overdue ${money(report.overdue)}.`,
    `  concentration: top 10 customers ${(c.top10Share * 100).toFixed(1)}% of sales; Herfindahl index ${Math.round(c.hhi).toLocaleString("en-US")} (0–10,000)`,
    `  ABC bounds: A ≤ ${(report.bounds.a * 100).toFixed(1)}%, B ≤ ${(report.bounds.b * 100).toFixed(1)}% of cumulative sales`,
  ];
  if (report.problems.length > 0) lines.push(`  ${report.problems.length} payment row(s) left out (see stderr).`);
  if (report.top.length > 0) {
    lines.push("", "最大客户 — largest customers");
    const rows = report.top.map((t, i) => [String(i + 1), t.id, t.name, money(t.sales), `${(t.share * 100).toFixed(1)}%`, t.abc]);
    pushAll(lines, alignedTable([["#", "客户编号", "客户名称", FIGURE_HEADERS.sales, FIGURE_HEADERS.salesShare, "ABC"], ...rows], [true, false, false, true, true, false]));
  }
  for (const b of report.breakdowns) pushAll(lines, ["", ...breakdownLines(b, analysis)]);
  return lines;
}

export const analyzeCommand: CliCommand = {
  name: "analyze",
  summary: "composition of the customers: sales ABC, region, industry, grade, owner, product (客户构成分析)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("analyze", args, {
      "as-of": { type: "string" },
      by: { type: "string" },
      ...COPY_OPTIONS,
    });
    const file = requireOneFile("analyze", positionals);
    requireXlsxOut(values.out);
    if (values.out !== undefined) checkOutput(values.out, { input: file, force: values.force, option: "--out" });
    const asOfText = requireIsoDate("--as-of", values["as-of"]);
    const asOf = asOfText === undefined ? today() : parseIsoDate(asOfText)!;
    const run = startRun(io, "analyze", values.verbose === true);
    // Loaded here, not with the command list: a run loads only what its command uses.
    const analysis = await import("../../core/analysis");
    const { ANALYSIS_TABLES, AnalysisInputError, analyzeWorkbook, compositionJson, compositionSheet } = analysis;
    const { CreditPolicyError, PaymentsTableError } = await import("../../core/credit");
    const by = values.by === undefined ? undefined : parseBy(values.by, analysis.BREAKDOWN_KEYS);
    const book = readInput(run, file, ANALYSIS_TABLES);
    run.phases.start("check");
    run.progress.update("analysing", { step: true });
    let report: CompositionReport;
    try {
      report = analyzeWorkbook(book.sheets, { asOf, by });
    } catch (e) {
      if (e instanceof PaymentsTableError || e instanceof CreditPolicyError || e instanceof AnalysisInputError) throw new CliError(`${file}: ${e.message}`);
      throw e;
    }
    run.phases.end(`${report.customers} customers`);
    run.phases.start("write");
    const sheet = values.out !== undefined ? compositionSheet(report) : null;
    if (sheet) {
      run.progress.update(`writing ${values.out}`, { step: true });
      const { writeWorkbookCopy } = await import("../workbook");
      writeWorkbookCopy(book, values.out!, { sheets: [sheet] }, { force: values.force, option: "--out" });
    }
    run.progress.clear();
    if (values.json) io.out(JSON.stringify(compositionJson(report), null, 2));
    else for (const line of summary(file, report, analysis)) io.out(line);
    for (const w of report.warnings) io.err(`note: ${w}`);
    for (const p of report.problems) io.err(`${report.paymentsSheet} ${p.message}`);
    if (sheet) io.err(`wrote ${values.out} (sheet ${sheet.name}: ${sheet.tables.length} tables, ${sheet.charts?.length ?? 0} charts).`);
    run.phases.end(sheet ? `${values.out} and the report` : "the report");
    endRun(run);
    return report.problems.length > 0 ? EXIT.findings : EXIT.ok;
  },
};
