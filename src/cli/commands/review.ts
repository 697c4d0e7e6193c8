/**
 * `custfile review`: the annual credit review of SPEC §8.2 (信用评级调整; seed 000: grades and
 * limits adjusted once a year, approved by the marketing director, filed by finance). Without
 * --apply it writes the review sheet for people to fill in; with --apply it writes the approved
 * rows into 客户信息, each old value to 变更记录 (ChangeLog) in the same copy.
 */
import { logTime } from "../../core/changes";
import type { CreditReview, ReviewApplyPlan, ReviewOutcome, ReviewSkip } from "../../core/credit";
import { parseIsoDate, today } from "../../core/dates";
import type { Cell } from "../../core/table";
import { CHANGELOG } from "../../core/template/tables";
import type { Lang } from "../../core/validate";
import { parseCommandArgs, requireIsoDate, requireLang, requireOneFile, requireXlsxOut, COPY_OPTIONS } from "../args";
import { changeLogAppend } from "../changelog";
import { endRun, readInput, startRun, type CommandRun } from "../input";
import { CliError, EXIT, type CliCommand, type CliIO } from "../io";
import { checkOutput } from "../output";
import type { CellEdit } from "../workbook";
import type { LoadedWorkbook } from "../xlsx";

const USAGE = `Usage: custfile review FILE.xlsx --year YYYY [--as-of YYYY-MM-DD] [--preparer NAME] [--json] [--out FILE.xlsx [--again] [--force]] [--verbose]
       custfile review FILE.xlsx --apply --year YYYY [--as-of YYYY-MM-DD] [--json] [--lang zh-CN|en-US] [--out FILE.xlsx [--force]] [--verbose]

The annual credit review of SPEC §8.2 (信用评级调整; seed 000: grades are adjusted once a year
from sales and payments, approved by the marketing director and filed by finance).

Generating (without --apply): every customer of 客户信息 except 休眠, graded from 回款记录 at the
as-of day, with 现等级/现额度 as recorded, the computed grade, score, DBT, late invoices and
suggested limit, 调整后等级/调整后额度 prefilled with the computed ones (for N, not enough
history: the current ones, to decide by hand), a generated 理由, and empty 编制人, 审批人,
审批结果 (dropdown 同意/不同意/修改后同意), 审批日期, 备注. --out writes it as the sheet
信用评级调整 YYYY of a copy of the workbook. A workbook that already has the review sheet of
the year is refused, so approvals filled in are never written over by mistake: apply it with
--apply, or generate it anew with --again (the copy's sheet is replaced; the input keeps the old).

Applying (--apply): reads the filled-in sheet 信用评级调整 YYYY and, for each row with 审批结果
同意 or 修改后同意, an 审批人 who is not the 编制人 and an 审批日期 not after today, writes
调整后等级 (as text) and 调整后额度 (as money) into 客户信息; each old value goes to 变更记录
first, in the same copy (原因 信用评级调整 YYYY, 操作人 = the 审批人, the 校验 chain continued).
Every other row is listed as skipped with the reason and its cell. A row whose values 客户信息
already holds is unchanged: applying twice changes nothing the second time. Without --out it
only prints what it would apply.

Only the sheets of 客户信息, 回款记录 and 信用政策 (applying: 客户信息) and the review sheet of
the year are read.

Options:
  --year YYYY       the review year (names the sheet 信用评级调整 YYYY); required
  --as-of DATE      generating: the day credit is measured at; applying: today, the latest
                    审批日期 accepted (default: today, Asia/Shanghai)
  --preparer NAME   generating: fills 编制人 with this name
  --again           generating: replace the review sheet of the year in the copy
  --apply           apply the approved rows instead of generating
  --json            print the review, or what is applied, as one JSON object
  --lang LANG       applying: language of the reasons, zh-CN (default) or en-US
  --out FILE        write the copy; everything else in the workbook is kept as it was, and the
                    input file is never changed
  --force           replace the --out file when it exists
  --verbose         print the time of each phase (read, check, write) on stderr

Exit codes, generating: 0 review made; 1 made, but some payment rows or 信用额度 cells could not
be read (listed on stderr; those customers are graded without them); 2 bad usage, unreadable
file, no 客户信息 or payment table, a bad 信用政策 value, or a review sheet of the year already
there (without --again).
Applying: 0 every approved row applied or already applied (rows not yet approved, or 不同意,
are listed but are no failure); 1 some rows skipped for a reason a person must fix (same
person, no 审批日期, a grade that is none, ...: listed with sheet, row and column; the other
rows are applied); 2 bad usage, unreadable file, no review sheet of the year, a column missing
in it or in 客户信息, or a copy that cannot be written (nothing is written then).`;

/** Skips that are a state of the review, not a mistake: the row is not approved (yet), or it was rejected. */
const DECIDED_OR_PENDING: ReadonlySet<ReviewSkip> = new Set<ReviewSkip>(["not-approved", "rejected"]);

function parseYear(text: string | undefined): number {
  if (text === undefined) throw new CliError("custfile review needs --year, the year of the review (e.g. --year 2026): it names the sheet 信用评级调整 2026.");
  if (!/^\d{4}$/.test(text) || Number(text) < 1900) throw new CliError(`--year must be a year written YYYY, e.g. 2026 (got '${text}').`);
  return Number(text);
}

/** core/credit, loaded when the command runs (not with the command list). */
type CreditModule = typeof import("../../core/credit");

/** Turn the core's errors about the workbook into messages (exit 2). */
function asCliError(file: string, e: unknown, { ReviewError, PaymentsTableError, CreditPolicyError }: CreditModule): never {
  if (e instanceof ReviewError || e instanceof PaymentsTableError || e instanceof CreditPolicyError) throw new CliError(`${file}: ${e.message}`);
  throw e;
}

const money = (n: number | null) => (n === null ? "—" : Math.round(n).toLocaleString("en-US"));

// ---------------------------------------------------------------------------------------------
// Generating

function reviewJson(review: CreditReview) {
  return {
    year: review.year,
    asOf: review.asOf,
    sheet: review.sheetName,
    customers: review.proposals.length,
    dormant: review.dormant,
    proposals: review.proposals.map((p) => ({
      id: p.customerId, name: p.name, owner: p.owner,
      current: { grade: p.currentGrade === "" ? null : p.currentGrade, limit: p.currentLimit },
      computed: { grade: p.credit.grade, score: p.credit.score, dbt: p.credit.dbt, invoices: p.credit.invoices, lateInvoices: p.credit.lateInvoices, limit: p.credit.limit },
      proposed: { grade: p.proposedGrade, limit: p.proposedLimit },
      reason: p.reason,
    })),
  };
}

function reviewText(file: string, review: CreditReview): string[] {
  return [
    `${file}: ${review.sheetName}`,
    ...(review.sheet.lines ?? []).slice(0, 2).map((l) => `  ${l}`),
    "",
    ...review.proposals.map((p) => `  ${p.customerId}  ${p.name}  现 ${p.currentGrade || "—"} / ${money(p.currentLimit)} → 调整后 ${p.proposedGrade ?? "—"} / ${money(p.proposedLimit)}  ${p.reason}`),
  ];
}

async function generate(file: string, book: LoadedWorkbook, options: { year: number; asOf: number; preparer?: string; again: boolean; json: boolean; out?: string; force?: boolean }, run: CommandRun, credit: CreditModule): Promise<number> {
  const io = run.io;
  const existing = credit.existingReviewSheet(book.sheetNames, options.year);
  const filled = credit.filledReviewRows(book.sheets.find((b) => b.sheet === existing));
  if (existing !== null && !options.again) {
    throw new CliError(`${file} already has the sheet ${existing}${filled ? ` (${filled} row(s) with 审批结果 filled in)` : ""}; a new review would write over it. `
      + `Apply it with 'custfile review ${file} --apply --year ${options.year} --out OUT.xlsx', or generate it anew with --again (the copy's sheet is replaced; ${file} keeps the old one).`);
  }
  run.phases.start("check");
  run.progress.update("grading", { step: true });
  let review: CreditReview;
  try {
    review = credit.buildCreditReview(book.sheets, { year: options.year, asOf: options.asOf, preparer: options.preparer });
  } catch (e) {
    asCliError(file, e, credit);
  }
  run.phases.end(`${review.proposals.length} customers to review`);
  run.phases.start("write");
  const notes: string[] = [];
  if (options.out !== undefined) {
    run.progress.update(`writing ${options.out}`, { step: true });
    // The review sheet spelt a little differently (no space, full-width digits) is the same sheet: replace it under its own name.
    const sheet = existing !== null ? { ...review.sheet, name: existing } : review.sheet;
    const { writeWorkbookCopy } = await import("../workbook");
    writeWorkbookCopy(book, options.out, { sheets: [sheet] }, { force: options.force, option: "--out" });
    notes.push(existing !== null
      ? `wrote ${options.out}: sheet ${existing} replaced by a new review of ${review.proposals.length} customer(s) (--again)${filled ? `; the ${filled} row(s) with 审批结果 filled in on the old one are not in the copy (${file} still has them)` : ""}.`
      : `wrote ${options.out}: sheet ${sheet.name} added, ${review.proposals.length} customer(s) to review.`);
  } else if (existing !== null) {
    notes.push(`${file} has the sheet ${existing}; with --out it would be replaced (--again).`);
  }
  run.progress.clear();
  if (options.json) {
    io.out(JSON.stringify(reviewJson(review), null, 2));
    for (const n of notes) io.err(n);
  } else {
    for (const line of reviewText(file, review)) io.out(line);
    for (const n of notes) io.out(`\n  ${n}`);
  }
  const report = review.report;
  for (const p of report.problems) io.err(`${report.paymentsSheet} ${p.message}`);
  for (const n of report.recorded.notes) io.err(n);
  endRun(run);
  return report.problems.length > 0 || report.recorded.notes.length > 0 ? EXIT.findings : EXIT.ok;
}

// ---------------------------------------------------------------------------------------------
// Applying

/** The Customers cells the plan writes: grades as text (Excel keeps them as typed), limits as money. */
function cellEdits(plan: ReviewApplyPlan): CellEdit[] {
  return plan.writes.map((w) => ({ sheet: w.sheet, row: w.row, column: w.columnNumber, value: w.after, format: w.field === "grade" ? "text" : "money" }));
}

function outcomeJson(o: ReviewOutcome, lang: Lang) {
  return {
    row: o.row, customerId: o.customerId, status: o.status,
    ...(o.skip ? { skip: o.skip } : {}), ...(o.result ? { result: o.result } : {}), ...(o.approver ? { approver: o.approver } : {}),
    message: o.message[lang],
    writes: o.writes.map((w) => ({ sheet: w.sheet, row: w.row, column: w.column, field: w.field, before: w.before as Cell, after: w.after as Cell })),
  };
}

function applyText(file: string, plan: ReviewApplyPlan, lang: Lang): string[] {
  const c = plan.counts;
  const lines = [`${file}: ${plan.reviewSheet} → ${plan.customersSheet}: ${c.applied} applied, ${c.unchanged} unchanged (already applied), ${c.skipped} skipped; ${plan.writes.length} cell(s) to write.`];
  for (const status of ["applied", "unchanged", "skipped"] as const) {
    const of = plan.outcomes.filter((o) => o.status === status);
    if (of.length === 0) continue;
    lines.push("", `  ${status} (${of.length}):`);
    for (const o of of) lines.push(`    ${o.customerId || "—"}${o.skip ? ` [${o.skip}]` : ""}  ${o.message[lang]}`);
  }
  return lines;
}

async function apply(file: string, book: LoadedWorkbook, options: { year: number; today: number; json: boolean; lang: Lang; out?: string; force?: boolean }, run: CommandRun, credit: CreditModule): Promise<number> {
  const io = run.io;
  run.phases.start("check");
  run.progress.update("reading the review", { step: true });
  let plan: ReviewApplyPlan;
  try {
    plan = credit.planReviewApply(book.sheets, { year: options.year, time: logTime(new Date()), today: options.today });
  } catch (e) {
    asCliError(file, e, credit);
  }
  run.phases.end(`${plan.outcomes.length} rows, ${plan.writes.length} cells to write`);
  run.phases.start("write");
  const notes: string[] = [];
  if (options.out !== undefined) {
    run.progress.update(`writing ${options.out}`, { step: true });
    const { writeWorkbookCopy } = await import("../workbook");
    // One copy, one atomic write: the ChangeLog rows with the old values and the new Customers values together, never one without the other.
    const edits = plan.writes.length ? { cells: cellEdits(plan), append: [changeLogAppend(plan.writes.map((w) => w.log))] } : {};
    writeWorkbookCopy(book, options.out, edits, { force: options.force, option: "--out" });
    notes.push(plan.writes.length
      ? `wrote ${options.out}: ${plan.writes.length} cell(s) of ${plan.customersSheet} changed, the old values first in ${CHANGELOG.sheet} (${plan.writes.length} row(s), 原因 ${plan.writes[0].log.reason}).`
      : `wrote ${options.out}: nothing to apply, the copy is the workbook unchanged.`);
  } else if (plan.writes.length) {
    notes.push(`nothing written: add --out FILE.xlsx to write these ${plan.writes.length} change(s) into a copy.`);
  }
  run.progress.clear();
  if (options.json) {
    io.out(JSON.stringify({
      year: plan.year, reviewSheet: plan.reviewSheet, customersSheet: plan.customersSheet, counts: plan.counts,
      outcomes: plan.outcomes.map((o) => outcomeJson(o, options.lang)), changeLogRows: plan.writes.length,
    }, null, 2));
    for (const n of notes) io.err(n);
  } else {
    for (const line of applyText(file, plan, options.lang)) io.out(line);
    for (const n of notes) io.out(`\n  ${n}`);
  }
  endRun(run);
  return plan.outcomes.some((o) => o.skip !== undefined && !DECIDED_OR_PENDING.has(o.skip)) ? EXIT.findings : EXIT.ok;
}

export const reviewCommand: CliCommand = {
  name: "review",
  summary: "annual credit review: write the 信用评级调整 YYYY sheet, or apply its approved rows (--apply)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("review", args, {
      year: { type: "string" },
      "as-of": { type: "string" },
      preparer: { type: "string" },
      again: { type: "boolean" },
      apply: { type: "boolean" },
      lang: { type: "string" },
      ...COPY_OPTIONS,
    });
    const file = requireOneFile("review", positionals);
    const year = parseYear(values.year);
    const asOfText = requireIsoDate("--as-of", values["as-of"]);
    const day = asOfText === undefined ? today() : parseIsoDate(asOfText)!;
    const lang = requireLang(values.lang);
    if (values.apply && (values.again || values.preparer !== undefined)) {
      throw new CliError(`${values.again ? "--again" : "--preparer"} is for generating a review; --apply applies the one in the workbook (编制人 is read from its rows).`);
    }
    if (!values.apply && values.lang !== undefined) throw new CliError("--lang is for --apply (the review sheet itself is in Chinese).");
    if (values.preparer !== undefined && values.preparer.trim() === "") throw new CliError("--preparer needs a name.");
    requireXlsxOut(values.out);
    if (values.out !== undefined) checkOutput(values.out, { input: file, force: values.force, option: "--out" });
    const run = startRun(io, "review", values.verbose === true);
    // Loaded here, not with the command list: a run loads only what its command uses.
    const credit = await import("../../core/credit");
    // The tables it works on, and the review sheet of the year however it is spelt.
    const book = readInput(run, file, values.apply ? credit.REVIEW_APPLY_TABLES : credit.REVIEW_TABLES, (names) => {
      const sheet = credit.existingReviewSheet(names, year);
      return sheet === null ? [] : [sheet];
    });
    if (values.apply) return apply(file, book, { year, today: day, json: values.json ?? false, lang, out: values.out, force: values.force }, run, credit);
    return generate(file, book, { year, asOf: day, preparer: values.preparer, again: values.again ?? false, json: values.json ?? false, out: values.out, force: values.force }, run, credit);
  },
};

