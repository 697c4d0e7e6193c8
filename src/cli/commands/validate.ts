/** `custfile validate`: check a workbook against the customer-file template and report every finding. */
import { cellAddress, type Cell } from "../../core/table";
import type { Finding, Lang, WorkbookReport } from "../../core/validate";
import type { ColumnFormat, SheetSpec } from "../../core/sheets";
import { parseCommandArgs, requireLang, requireIsoDate, requireOneFile, requireXlsxOut, COPY_OPTIONS } from "../args";
import { endRun, readInput, startRun } from "../input";
import { CliError, EXIT, type CliCommand, type CliIO } from "../io";
import { checkOutput } from "../output";
import { minOf } from "../../core/arrays";

const USAGE = `Usage: custfile validate FILE.xlsx [--json] [--lang zh-CN|en-US] [--as-of YYYY-MM-DD] [--out CHECKED.xlsx [--force]] [--verbose]

Checks every row of the customer-file tables (客户信息/Customers, 客户动态/Interactions,
归档记录/Archive, 回款记录/Payments, 人员/Staff, 借阅登记/Loans; lists from 下拉选项/Lists)
against the template: required values, dates (YYYY-MM-DD), phones, GB/T 2260 addresses, credit
codes, lists, unique ids, customer ids that exist, 经办人 ≠ 审核人, the yearly re-check (stale)
and dormant rules, and the registers of SPEC §10: owners who left (owner-left, with a Staff
table), important customers with one contact (single-contact), copies lent without approval,
overdue loans (overdue-loan), files past their retention period (retention) and a change log
edited by hand (log-tampered, when 变更记录 has its 校验 column).
Tables are found by sheet name or, failing that, by their headers on any sheet; the header
row may sit under a title row. Only the sheets holding these tables, 信用政策/CreditPolicy (the
retention period) and 变更记录/ChangeLog (its chain) are read.

Options:
  --json             print one JSON object {valid, stats, findings} on stdout
  --lang LANG        language of the messages: zh-CN (default) or en-US
  --as-of DATE       the day time rules are measured against (default: today, Asia/Shanghai)
  --out FILE.xlsx    write a copy of the workbook with a 校验结果 sheet (an Excel table of the
                     findings); everything else in the workbook is kept as it was, and the
                     input file is never changed
  --force            replace FILE.xlsx of --out when it exists
  --verbose          print the time of each phase (read, check, write) on stderr

Exit codes: 0 no errors (warnings may remain), 1 errors found, 2 unreadable file, no template
table found, or bad usage.`;

/** Sheet name of the findings in the --out copy. */
export const RESULTS_SHEET = "校验结果";

/** The JSON form of one finding (row = the sheet's row number, column = the header as written). */
function findingJson(f: Finding, lang: Lang): Record<string, unknown> {
  const out: Record<string, unknown> = {
    table: f.table, sheet: f.sheet, row: f.row, column: f.column, columnNumber: f.columnNumber,
    cell: f.row > 0 && f.columnNumber > 0 ? cellAddress(f.row, f.columnNumber) : null,
    code: f.code, severity: f.severity, value: f.value, message: f.message[lang],
  };
  if (f.fix !== undefined) out.fix = f.fix;
  if (f.suggestion !== undefined) out.suggestion = f.suggestion;
  if (f.customerId !== undefined) out.customerId = f.customerId;
  return out;
}

/** How many findings of one code the readable summary prints before it says how many more there are. */
const SHOWN_PER_CODE = 10;
/** Tables validate reads (the others in a workbook are custfile's own logs). */
const CHECKED_TABLES = new Set(["Customers", "Interactions", "Archive", "Payments", "Lists", "Staff", "Loans"]);
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function summary(file: string, report: WorkbookReport, lang: Lang): string {
  const zh = lang === "zh-CN";
  const s = report.stats;
  const lines: string[] = [];
  const tables = report.tables.filter((t) => CHECKED_TABLES.has(t.table)).map((t) => `${t.sheet}${t.by === "header" ? (zh ? "(按表头识别)" : " (found by headers)") : ""}`).join(", ");
  lines.push(zh
    ? `${file}：检查 ${s.rows} 行（${tables || "未找到模板表"}），错误 ${s.errors}，警告 ${s.warnings}，提示 ${s.infos}。`
    : `${file}: ${s.rows} rows checked (${tables || "no template table found"}), ${s.errors} errors, ${s.warnings} warnings, ${s.infos} info.`);
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const g = groups.get(f.code);
    if (g) g.push(f);
    else groups.set(f.code, [f]);
  }
  const worst = (fs: Finding[]) => minOf(fs.map((f) => SEVERITY_ORDER[f.severity]));
  const ordered = [...groups.entries()].sort((a, b) => worst(a[1]) - worst(b[1]) || b[1].length - a[1].length);
  for (const [code, fs] of ordered) {
    const fixable = fs.filter((f) => f.fix !== undefined).length;
    lines.push("");
    lines.push(zh ? `[${code}] ${fs.length} 处${fixable ? `（${fixable} 处可自动修正）` : ""}` : `[${code}] ${fs.length}${fixable ? ` (${fixable} fixable)` : ""}`);
    for (const f of fs.slice(0, SHOWN_PER_CODE)) {
      const mark = f.severity === "error" ? "✗" : f.severity === "warning" ? "!" : "i";
      lines.push(`  ${mark} ${f.message[lang]}${f.fix !== undefined ? (zh ? ` → 修正为「${String(f.fix)}」` : ` → fix: "${String(f.fix)}"`) : ""}`);
    }
    if (fs.length > SHOWN_PER_CODE) lines.push(zh ? `  … 另有 ${fs.length - SHOWN_PER_CODE} 处（用 --json 或 --out 查看全部）` : `  … ${fs.length - SHOWN_PER_CODE} more (use --json or --out to see all)`);
  }
  lines.push("");
  lines.push(report.valid ? (zh ? "没有错误。" : "No errors.") : (zh ? `有 ${s.errors} 个错误需要更正。` : `${s.errors} errors to correct.`));
  return lines.join("\n");
}

/** The 校验结果 sheet: one Excel table of the findings, in the report's language. */
function resultsSheet(report: WorkbookReport, lang: Lang): SheetSpec {
  const headers = lang === "zh-CN"
    ? ["表", "工作表", "行", "列", "单元格", "代码", "级别", "值", "说明", "修正", "建议"]
    : ["Table", "Sheet", "Row", "Column", "Cell", "Code", "Severity", "Value", "Message", "Fix", "Suggestion"];
  const widths = [12, 12, 6, 16, 8, 16, 8, 24, 80, 20, 30];
  const rows: Cell[][] = report.findings.map((f) => [
    f.table, f.sheet, f.row || null, f.column, f.row > 0 && f.columnNumber > 0 ? cellAddress(f.row, f.columnNumber) : null, f.code, f.severity, f.value, f.message[lang], f.fix ?? null, f.suggestion ?? null,
  ]);
  return {
    name: RESULTS_SHEET,
    tables: [{ name: "ValidationResults", columns: headers.map((header, i) => ({ header, format: (i === 2 ? "integer" : "text") as ColumnFormat, width: widths[i] })), rows }],
    freezeHeader: true,
  };
}

export const validateCommand: CliCommand = {
  name: "validate",
  summary: "check every row against the customer-file template (dates, phones, addresses, ids …)",
  usage: USAGE,
  async run(args: string[], io: CliIO) {
    const { values, positionals } = parseCommandArgs("validate", args, {
      lang: { type: "string" },
      "as-of": { type: "string" },
      ...COPY_OPTIONS,
    });
    const file = requireOneFile("validate", positionals);
    const lang: Lang = requireLang(values.lang);
    const asOf = requireIsoDate("--as-of", values["as-of"]);
    requireXlsxOut(values.out);
    if (values.out !== undefined) checkOutput(values.out, { input: file, force: values.force, option: "--out" });
    const run = startRun(io, "validate", values.verbose === true);
    // Loaded here, not with the command list: a run loads only what its command uses.
    const { validateWorkbook, VALIDATED_TABLES } = await import("../../core/validate");
    const { verifyChangeLog } = await import("../../core/records/chain");
    const { nodeSha256 } = await import("../crypto");
    // ChangeLog too: its chain is verified for log-tampered.
    const book = readInput(run, file, [...VALIDATED_TABLES, "ChangeLog"]);
    // Like credit and audit: a workbook with none of the tables is not a workbook to check.
    if (!book.sheets.some((s) => s.located && CHECKED_TABLES.has(s.located.table) && s.located.table !== "Lists")) {
      throw new CliError(`${file}: no template table found (sheets: ${book.sheetNames.join(", ") || "none"}). custfile validate checks 客户信息 (Customers), 客户动态 (Interactions), 归档记录 (Archive), 回款记录 (Payments), 人员 (Staff) and 借阅登记 (Loans), found by sheet name or by their header row; 'custfile template NEW.xlsx' writes an empty workbook in the template.`);
    }
    run.phases.start("check");
    run.progress.update(`checking ${book.sheets.map((s) => s.sheet).join(", ")}`, { step: true });
    // The chain is hashed first (hashing may be asynchronous); the validator takes the result as data.
    const changeLog = await verifyChangeLog(book.sheets, nodeSha256);
    const report = validateWorkbook(book.sheets, { asOf, changeLog });
    run.phases.end(`${report.stats.rows} rows, ${report.findings.length} findings`);
    run.phases.start("write");
    if (values.out !== undefined) {
      run.progress.update(`writing ${values.out}`, { step: true });
      const { writeWorkbookCopy } = await import("../workbook");
      writeWorkbookCopy(book, values.out, { sheets: [resultsSheet(report, lang)] }, { force: values.force, option: "--out" });
    }
    run.progress.clear();
    if (values.json) {
      const { rows, errors, warnings, infos, byCode } = report.stats;
      io.out(JSON.stringify({ valid: report.valid, stats: { rows, errors, warnings, infos, byCode }, findings: report.findings.map((f) => findingJson(f, lang)) }));
    } else {
      io.out(summary(file, report, lang));
      if (values.out !== undefined) io.out(lang === "zh-CN" ? `已写入 ${values.out}（「${RESULTS_SHEET}」工作表）。` : `Wrote ${values.out} (sheet ${RESULTS_SHEET}).`);
    }
    run.phases.end(values.out !== undefined ? `${values.out} and the report` : "the report");
    endRun(run);
    return report.valid ? EXIT.ok : EXIT.findings;
  },
};
