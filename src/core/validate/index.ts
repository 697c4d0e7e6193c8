/**
 * Validating a workbook against the template (SPEC §2–3): find the tables, check every
 * cell with a checker compiled for its column, then the row and cross-table rules (unique
 * ids and names, foreign keys, 经办人 ≠ 审核人, stale and dormant), collecting every finding.
 */
import { cellDay as cellDayImport, dayNumber as dayNumberImport, digitsAt as digitsAtImport, formatDay, parseIsoDate, today } from "../dates";
import { isBlank as isBlankImport, isExcelError as isExcelErrorImport, type Cell, type SheetBlock } from "../table";
import { mergeLists, readLists, type Lists } from "../template/lists";
import { CHANGELOG, header, type ColumnDef, type TableKey } from "../template/tables";
import { compileChecker, customerIdDay as customerIdDayImport, monthsBefore, suggestAttachmentName, type CellChecker, type CheckEnv, type Problem } from "./checks";
import { blankText as blankTextImport } from "./fast";
import { CustomerIdRegistry } from "./ids";
import { detectTables, type DetectedTable, type MappedColumn } from "./detect";
import { locate, show, type MessageBody } from "./messages";
import { charName, hasBidiControls, hasControlChars as hasControlCharsImport, hasInvisibleChars as hasInvisibleCharsImport, invisibleCharNames, nameKey as nameKeyImport, nearKeyOf as nearKeyOfImport, onlyInvisible, personKey, stripBidiControls, stripControlChars } from "./text";
import { customerIdKey } from "../customerid";
import { readNumberText } from "../numbers";
import type { Finding, FindingCode, Report, Severity } from "./types";
import { recordRules, type RecordsContext } from "./records";
import { paymentRowRule } from "./payments";
import { readStaff } from "../records/people";
import { readRetentionYears, RETENTION_SETTING } from "../records/retention";
import type { ChangeLogVerification } from "../records/chain";
import { pushAll } from "../arrays";

// Hot-path helpers bound once: a runner that compiles imports to getters (tsx, as the benchmark runs)
// would otherwise call a getter for every cell.
const isBlank = isBlankImport;
const isExcelError = isExcelErrorImport;
const cellDay = cellDayImport;
const customerIdDay = customerIdDayImport;
const blankText = blankTextImport;
const dayNumber = dayNumberImport;
const digitsAt = digitsAtImport;
const hasControlChars = hasControlCharsImport;
const nameKey = nameKeyImport;
const nearKeyOf = nearKeyOfImport;
const hasInvisibleChars = hasInvisibleCharsImport;

export { detectTables, type DetectedTable, type MappedColumn, type UnknownColumn } from "./detect";
export { formatMessage } from "./messages";
export { applyFixes, fixEdits, hasCellFix, type CellEdit } from "./fixes";
export { checkPhone } from "./phone";
export { addressProblem, addressProvince } from "./address";
export { usccCheckChar, usccProblem } from "./uscc";
export { isDateFormat } from "./dates";
export type { Finding, FindingCode, Report, Severity, Lang, LocalizedText, ReportStats } from "./types";


/** A run of more blank rows than this inside a table is reported once (with its range), not row by row. */
const BLANK_RUN_ONE_FINDING = 20;

/** An id that the change tracker saw change on an existing Customers row. */
export interface KnownIdChange {
  /** The sheet's 1-based row number. */
  sheetRow: number;
  before: string;
  after: string;
}

/** Options of validateWorkbook. */
export interface ValidateOptions {
  /** The day time rules are measured against (YYYY-MM-DD); default today in Asia/Shanghai. */
  asOf?: string;
  /** Lists that replace the defaults and the workbook's Lists table, by list name. */
  lists?: Record<string, readonly string[]>;
  /** Ids changed on existing Customers rows (from the change tracker): each is an immutable-id error. */
  knownIdChanges?: readonly KnownIdChange[];
  /**
   * The ChangeLog's hash chain as verified by the host beforehand (core/records/chain:
   * verifyChangeLog, asynchronous because hashing is): a broken chain is a `log-tampered` error at
   * the first broken row. The validator itself stays synchronous and never hashes.
   */
  changeLog?: Pick<ChangeLogVerification, "found" | "ok" | "sheet" | "checkColumn" | "problems">;
  /**
   * Told how far checking has got: the table, its data rows done and in all (every
   * PROGRESS_EVERY rows and at each table's end). A host shows it; it never changes the result.
   */
  onProgress?: (progress: ValidateProgress) => void;
}

/** How far validateWorkbook has got in one table. */
export interface ValidateProgress {
  table: TableKey;
  sheet: string;
  /** Rows of the table's block looked at so far, and in all (after its header row). */
  done: number;
  total: number;
}

/** Rows between two progress reports: often enough for a progress bar, rare enough to cost nothing. */
export const PROGRESS_EVERY = 2000;

/** A validation report with the tables it found and the non-blank data rows of each. */
export type WorkbookReport = Report & { tables: DetectedTable[]; rowsByTable: Partial<Record<TableKey, number>> };

/** Longest text a cell may hold before it is reported (Excel's own limit is 32,767). */
const MAX_TEXT = 1000;
const MAX_TEXT_SHORT = 255;
const LONG_TEXT_COLUMNS = new Set(["summary", "followUp", "address", "name"]);
/** Tables the validator checks (ChangeLog, Audits and Handovers are written by custfile; CreditPolicy is read by credit). */
export const CHECKED_TABLES: ReadonlySet<TableKey> = new Set(["Customers", "Interactions", "Archive", "Payments", "Staff", "Loans"]);

/**
 * The tables validateWorkbook reads (a host may read only their sheets): those it checks, the
 * Lists they use and CreditPolicy (档案保存年限, the retention rule's period). The ChangeLog's
 * chain is verified by the host and passed in (ValidateOptions.changeLog).
 */
export const VALIDATED_TABLES: readonly TableKey[] = [...CHECKED_TABLES, "Lists", "CreditPolicy"];

/** Collects findings for one table with its place on the sheet. */
class Sink {
  readonly findings: Finding[] = [];
  constructor(private readonly table: DetectedTable | null) {}

  add(tableKey: string, sheet: string, row: number, columnNumber: number, column: string, code: FindingCode, severity: Severity, value: Cell, body: MessageBody, extra?: { fix?: Cell; suggestion?: Cell; customerId?: string }): Finding {
    const f: Finding = { table: tableKey, sheet, row, column, columnNumber, code, severity, value, message: locate(sheet, row, columnNumber, column, body) };
    if (extra?.fix !== undefined) f.fix = extra.fix;
    if (extra?.suggestion !== undefined) f.suggestion = extra.suggestion;
    if (extra?.customerId) f.customerId = extra.customerId;
    this.findings.push(f);
    return f;
  }

  cell(t: DetectedTable, block: SheetBlock, r: number, col: MappedColumn, value: Cell, problem: Problem | { code: FindingCode; severity: Severity; body: MessageBody; fix?: Cell; suggestion?: Cell }, customerId?: string): Finding {
    return this.add(t.table, t.sheet, block.firstRow + r, col.columnNumber, col.header, problem.code, problem.severity, value, problem.body, { fix: problem.fix, suggestion: problem.suggestion, customerId });
  }
}

interface CompiledColumn {
  col: MappedColumn;
  check: CellChecker;
  required: boolean;
  maxLength: number;
  /** Formula-injection is not reported where a leading + or - is part of valid data (phones, numbers). */
  signedOk: boolean;
}

/** Validate every template table found in the blocks (see ValidateOptions); never throws on cell values. */
export function validateWorkbook(blocks: SheetBlock[], options: ValidateOptions = {}): WorkbookReport {
  const asOfDay = options.asOf !== undefined ? parseIsoDate(options.asOf) : today();
  if (asOfDay === null) throw new Error(`validateWorkbook: asOf must be a real day written YYYY-MM-DD, got '${options.asOf}'`);
  const tables = detectTables(blocks);
  const sink = new Sink(null);
  const byKey = new Map(tables.map((t) => [t.table, t]));

  // Lists: defaults < the workbook's Lists table < lists the host passes.
  let workbookLists: Record<string, string[]> = {};
  const listsTable = byKey.get("Lists");
  if (listsTable) {
    const read = readLists(blocks[listsTable.blockIndex], listsTable.headerRowIndex);
    workbookLists = read.lists;
    for (const prob of read.problems) {
      const body: MessageBody = prob.reason === "error-value"
        ? { zh: `下拉选项中的错误值 ${show(prob.value)} 已忽略。请改为选项文字或删除。`, en: `Error value ${show(prob.value)} in the lists was ignored. Replace it with the option's text or clear it.` }
        : { zh: `列表「${show(prob.value)}」没有任何选项，已改用默认选项。`, en: `List "${show(prob.value)}" has no values; the default values are used.` };
      sink.add("Lists", listsTable.sheet, prob.row, prob.columnNumber, prob.reason === "empty-list" ? String(prob.value) : "", prob.reason === "error-value" ? "error-value" : "required", "warning", prob.value, body);
    }
  }
  const lists: Lists = mergeLists({ ...workbookLists, ...(options.lists ?? {}) });

  if (!byKey.has("Customers")) {
    sink.add("Customers", "", 0, 0, "", "missing-table", "error", null, {
      zh: `找不到客户基础信息表：请把工作表命名为「客户信息」（或 Customers），表头含 客户编号、客户名称、联系人、联系方式、地址(省市区)、开户日期。`,
      en: `No Customers table found: name the sheet "客户信息" (or "Customers") with headers such as "客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期".`,
    });
  }

  const records = recordsContext(blocks, byKey, asOfDay, sink);
  const customerIds = new CustomerIdRegistry();
  let rows = 0;
  const rowsByTable: Partial<Record<TableKey, number>> = {};
  for (const t of tables) {
    if (!CHECKED_TABLES.has(t.table)) continue;
    const block = blocks[t.blockIndex];
    columnFindings(t, sink);
    if (t.headerRowIndex < 0) continue;
    const env: CheckEnv = { asOfDay, lists, hasFormats: block.numberFormats !== undefined };
    const counted = validateRows(t, block, env, records, sink, t.table === "Customers" ? customerIds : null, byKey.has("Customers") && t.table !== "Customers" ? customerIds : null, options.onProgress);
    rowsByTable[t.table] = (rowsByTable[t.table] ?? 0) + counted;
    rows += counted;
  }

  const customers = byKey.get("Customers");
  if (customers && options.knownIdChanges) {
    const idCol = customers.columns.find((c) => c.def.key === "customerId");
    for (const change of options.knownIdChanges) {
      sink.add("Customers", customers.sheet, change.sheetRow, idCol?.columnNumber ?? 0, idCol?.header ?? "客户编号", "immutable-id", "error", change.after, {
        zh: `客户编号一经保存不得更改（「${show(change.before)}」被改为「${show(change.after)}」）。请恢复原编号；如确需新编号，请新建客户。`,
        en: `A customer id never changes once saved ("${show(change.before)}" was changed to "${show(change.after)}"). Restore the old id; add a new customer if a new id is really needed.`,
      }, { fix: change.before, customerId: change.before });
    }
  }

  const log = options.changeLog;
  if (log && log.found && !log.ok && log.problems.length > 0) {
    const first = log.problems[0];
    const more = log.problems.length - 1;
    sink.add("ChangeLog", log.sheet, first.row, log.checkColumn, log.checkColumn > 0 ? header(CHANGELOG, "check") : "", "log-tampered", "error", null, {
      zh: `变更记录的校验链在此断开：${first.message["zh-CN"]}${more > 0 ? `（另有 ${more} 处，见 custfile verify-log）` : ""}`,
      en: `The change log's hash chain breaks here: ${first.message["en-US"]}${more > 0 ? ` (${more} more; see custfile verify-log)` : ""}`,
    });
  }

  return { ...summarize(sink.findings, rows), tables, rowsByTable };
}

/** What the §10 rules need from other tables: the Staff directory and the retention period (a bad value is reported, the default used). */
function recordsContext(blocks: readonly SheetBlock[], byKey: ReadonlyMap<TableKey, DetectedTable>, asOfDay: number, sink: Sink): RecordsContext {
  const staffTable = byKey.get("Staff");
  const staff = staffTable ? readStaff(blocks[staffTable.blockIndex], staffTable) : null;
  const policy = byKey.get("CreditPolicy");
  const block = policy ? blocks[policy.blockIndex] : undefined;
  const retention = readRetentionYears(block?.values);
  if (policy && block && retention.bad) {
    const row = block.firstRow + retention.bad.rowIndex;
    sink.add("CreditPolicy", policy.sheet, row, block.firstColumn + 1, RETENTION_SETTING, "type", "warning", retention.bad.value, {
      zh: `「${RETENTION_SETTING}」的值「${show(retention.bad.value)}」不是 1–100 的整数年，已按默认 ${retention.years} 年计算。`,
      en: `${RETENTION_SETTING} = "${show(retention.bad.value)}" is not a whole number of years from 1 to 100; the default of ${retention.years} years is used.`,
    });
  }
  return { asOfDay, staff, retentionYears: retention.years };
}

/** Counts of a list of findings, and whether it holds no errors. */
export function summarize(findings: Finding[], rows: number): Report {
  const byCode: Record<string, number> = {};
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    if (f.severity === "error") errors++;
    else if (f.severity === "warning") warnings++;
    else infos++;
  }
  return { valid: errors === 0, stats: { rows, errors, warnings, infos, byCode }, findings };
}

function columnFindings(t: DetectedTable, sink: Sink): void {
  if (t.headerRowIndex < 0) {
    sink.add(t.table, t.sheet, 0, 0, "", "no-header", "error", null, {
      zh: `前 10 行中找不到「${t.def.title}」的表头行。请在第一行写表头：${t.def.columns.filter((c) => c.inTemplate).map((c) => c.header).join("、")}。`,
      en: `No header row of ${t.table} in the first 10 rows. Put the headers in the first row: ${t.def.columns.filter((c) => c.inTemplate).map((c) => `"${c.header}"`).join(", ")}.`,
    });
    return;
  }
  for (const c of t.missing) {
    sink.add(t.table, t.sheet, t.headerRow, 0, c.header, "missing-column", "error", null, {
      zh: `缺少必填列「${c.header}」。请在表头行添加该列（英文表头 ${c.aliases[0] ?? c.header} 也可识别）。`,
      en: `Required column "${c.header}" is missing. Add it to the header row (the English header "${c.aliases[0] ?? c.header}" is recognised too).`,
    });
  }
  for (const u of t.unknown) {
    const body: MessageBody = u.duplicateOf
      ? { zh: `列「${u.header}」与前面的列重复，未校验。请删除或改名。`, en: `Column "${u.header}" repeats an earlier column and was not checked. Remove or rename it.` }
      : { zh: `列「${u.header}」不是模板中的列，未校验。如是模板列的别称，请改为模板表头。`, en: `Column "${u.header}" is not a template column and was not checked. If it means a template column, use the template's header.` };
    sink.add(t.table, t.sheet, t.headerRow, u.columnNumber, u.header, "unknown-column", "warning", u.header, body);
  }
}

/** Validate the data rows of one table; returns the number of non-blank rows. */
function validateRows(t: DetectedTable, block: SheetBlock, env: CheckEnv, records: RecordsContext, sink: Sink, collectIds: CustomerIdRegistry | null, knownIds: CustomerIdRegistry | null, onProgress?: (p: ValidateProgress) => void): number {
  const values = block.values;
  const formats = block.numberFormats;
  const compiled: CompiledColumn[] = t.columns.map((col) => ({
    col,
    check: compileChecker(col.def, env),
    required: col.def.required,
    maxLength: LONG_TEXT_COLUMNS.has(col.def.key) ? MAX_TEXT : MAX_TEXT_SHORT,
    signedOk: col.def.kind === "phone" || col.def.kind === "money" || col.def.kind === "integer",
  }));
  const colOf = (key: string): MappedColumn | undefined => t.columns.find((c) => c.def.key === key);
  const idCol = colOf("customerId");
  const idIndex = idCol ? idCol.index : -1;
  const rowRules = makeRowRules(t, block, env, records, sink, colOf, collectIds, knownIds);

  let count = 0;
  let blankRun: number[] = [];
  const start = t.headerRowIndex + 1;
  const total = Math.max(0, values.length - start);
  const report = onProgress ? (r: number) => onProgress({ table: t.table, sheet: t.sheet, done: r - start, total }) : null;
  report?.(start);
  for (let r = start; r < values.length; r++) {
    if (report && r > start && (r - start) % PROGRESS_EVERY === 0) report(r);
    const row = values[r];
    if (!row || rowIsBlank(row)) {
      blankRun.push(r);
      continue;
    }
    // Blank rows inside the data (not the trailing ones) break Excel tables and filters.
    if (blankRun.length > 0) {
      if (blankRun.length > BLANK_RUN_ONE_FINDING) {
        // A long run (a stray cell far below the data) is one finding, not one per row.
        const from = block.firstRow + blankRun[0];
        const to = block.firstRow + blankRun[blankRun.length - 1];
        sink.add(t.table, t.sheet, from, 0, "", "blank-row", "warning", null, {
          zh: `第 ${from}–${to} 行（共 ${blankRun.length} 行）是空行，其下第 ${block.firstRow + r} 行又有内容。若那是误填的单元格，请删除它；否则请删除空行。`,
          en: `Rows ${from}–${to} (${blankRun.length} rows) are blank and row ${block.firstRow + r} below them holds something again. Delete that cell if it is a stray one; otherwise delete the blank rows.`,
        });
      } else {
        for (const b of blankRun) {
          sink.add(t.table, t.sheet, block.firstRow + b, 0, "", "blank-row", "warning", null, { zh: "数据中间有空行。请删除空行，以免筛选、排序和 Excel 表格断开。", en: "Blank row inside the data. Delete it so that filters, sorting and the Excel table do not break." });
        }
      }
      blankRun = [];
    }
    count++;
    const fmtRow = formats?.[r];
    let customerId: string | undefined;
    if (idIndex >= 0) {
      const idValue = row[idIndex];
      // The canonical id (core/customerid), as credit and audit read it; none for an error value or invisible characters.
      if (typeof idValue === "string" && idValue !== "") customerId = customerIdDay(idValue) !== null ? idValue : canonicalId(idValue);
    }
    for (let i = 0; i < compiled.length; i++) {
      const cc = compiled[i];
      const value = row[cc.col.index];
      if (value === null || value === undefined || (typeof value === "string" && blankText(value))) {
        if (cc.required) sink.cell(t, block, r, cc.col, value ?? null, { code: "required", severity: "error", body: { zh: `「${cc.col.header}」为必填项，不能为空。请填写。`, en: `${cc.col.header} is required and may not be empty. Fill it in.` } }, customerId);
        continue;
      }
      let text: string;
      let cleaned = false;
      if (typeof value === "string") {
        if (value.charCodeAt(0) === 35 /* # */ && isExcelError(value)) {
          sink.cell(t, block, r, cc.col, value, { code: "error-value", severity: "error", body: { zh: `单元格是错误值 ${value}，不是数据。请修正公式或填写实际值。`, en: `The cell holds the error value ${value}, not data. Fix the formula or enter the value.` } }, customerId);
          continue;
        }
        text = value;
        if (hasControlChars(value)) {
          text = stripControlChars(value);
          cleaned = true;
        }
        if (text.length > cc.maxLength) {
          sink.cell(t, block, r, cc.col, value, { code: "too-long", severity: "warning", body: { zh: `内容过长（${text.length} 个字符，上限 ${cc.maxLength}）。请精简。`, en: `Text too long (${text.length} characters, at most ${cc.maxLength}). Shorten it.` } }, customerId);
        }
        const first = text.charCodeAt(0);
        if (first === 61 || first === 43 || first === 45 || first === 64 || first <= 32 || first === 0xa0 || first === 0x3000 || first === 0xfeff || (first >= 0x2000 && first <= 0x206f)) {
          const lead = formulaLead(text);
          if (lead >= 0 && !(cc.signedOk && /^[+-][\d\s().-]+$/.test(text)) && !isSignedNumber(text, lead)) {
            sink.cell(t, block, r, cc.col, value, { code: "formula-injection", severity: "warning", body: lead === 0
              ? { zh: `以 = + - @ 开头的文本在导出为 CSV 后可能被当作公式执行。请去掉开头的符号或在前面加单引号。`, en: `Text starting with = + - @ may run as a formula when exported to CSV. Remove the leading sign or prefix it with an apostrophe.` }
              : { zh: `文本在开头的空白或制表符、回车之后以 = + - @ 开头，导出为 CSV 后可能被当作公式执行。请删除开头的空白字符和符号。`, en: `Text starts with = + - @ after leading blanks, tabs or line breaks, and may run as a formula when exported to CSV. Remove the leading characters and the sign.` } }, customerId);
          }
        }
        if (cleaned && isBlank(text)) {
          sink.cell(t, block, r, cc.col, value, { code: "control-char", severity: "warning", body: { zh: "单元格只含不可见的控制字符。请清除。", en: "The cell holds only invisible control characters. Clear it." }, fix: cc.required ? undefined : "" }, customerId);
          continue;
        }
        if (hasInvisibleChars(text) && invisibleProblems(t, block, r, cc, value, text, customerId, sink)) continue;
      } else {
        // Checkers read numbers and booleans from `value`; no text is made for them in the hot loop.
        text = "";
      }
      const problem = cc.check(value, text, fmtRow?.[cc.col.index]);
      if (cleaned) {
        const fix = problem?.fix ?? text;
        sink.cell(t, block, r, cc.col, value, { code: "control-char", severity: "warning", body: { zh: "含不可见的控制字符（多为从其他系统粘贴带入）。请删除这些字符。", en: "Contains invisible control characters (usually pasted from another system). Remove them." }, fix }, customerId);
        if (problem) sink.cell(t, block, r, cc.col, value, { ...problem, fix: problem.fix === undefined ? undefined : fix }, customerId);
      } else if (problem) {
        sink.cell(t, block, r, cc.col, value, problem, customerId);
      }
    }
    rowRules(row, r, customerId);
  }
  report?.(values.length);
  return count;
}

/** The canonical id of a 客户编号 text that is not already well formed (undefined for an error value or invisible characters). */
function canonicalId(text: string): string | undefined {
  return customerIdKey(text) || undefined;
}

/**
 * Where the = + - @ of a text that may run as a formula stands: 0 when the text starts with it,
 * further on when only white space, tabs, line breaks or invisible characters come before it
 * (spreadsheets strip those when a CSV is opened); -1 when the text does not start so.
 */
function formulaLead(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 || c === 43 || c === 45 || c === 64) return i;
    const blank = c <= 32 || c === 0x7f || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) || (c >= 0x2060 && c <= 0x206f);
    if (!blank) return -1;
  }
  return -1;
}

/** True when a text whose sign stands at `lead` is a signed number (core/numbers): -1,000 is not a formula. */
function isSignedNumber(text: string, lead: number): boolean {
  const c = text.charCodeAt(lead);
  return (c === 43 || c === 45) && readNumberText(text).kind !== "none";
}

/**
 * Invisible characters in a text cell: a cell of only those is blank (a required cell is reported
 * as empty, naming them; another gets the fix ""); bidirectional controls (U+202E …) make text show
 * in another order than it is, and are reported with the text without them as a suggestion.
 * Returns true when the cell needs no further checks.
 */
function invisibleProblems(t: DetectedTable, block: SheetBlock, r: number, cc: CompiledColumn, value: Cell, text: string, customerId: string | undefined, sink: Sink): boolean {
  if (onlyInvisible(text)) {
    const names = invisibleCharNames(text).join(", ");
    if (cc.required) {
      sink.cell(t, block, r, cc.col, value, { code: "required", severity: "error", body: { zh: `「${cc.col.header}」只含不可见字符 ${names}，等于没有填写。请填写。`, en: `${cc.col.header} holds only the invisible character ${names}, so it is empty. Fill it in.` } }, customerId);
    } else {
      sink.cell(t, block, r, cc.col, value, { code: "control-char", severity: "warning", body: { zh: `单元格只含不可见字符 ${names}。请清除。`, en: `The cell holds only the invisible character ${names}. Clear it.` }, fix: "" }, customerId);
    }
    return true;
  }
  // An id's checker names every invisible character itself.
  if (cc.col.def.kind !== "customerId" && hasBidiControls(text)) {
    const names: string[] = [];
    for (const ch of text) {
      const code = ch.charCodeAt(0);
      if (hasBidiControls(ch) && !names.includes(charName(code))) names.push(charName(code));
    }
    const joined = names.join(", ");
    sink.cell(t, block, r, cc.col, value, { code: "control-char", severity: "warning", body: { zh: `含双向文字控制字符 ${joined}：文字显示的顺序与实际内容不同（可被用来伪装内容）。请删除该字符。`, en: `Contains the bidirectional control ${joined}: the text shows in another order than it is written (a way to disguise content). Delete the character.` }, suggestion: stripBidiControls(text) }, customerId);
  }
  return false;
}

function rowIsBlank(row: readonly Cell[]): boolean {
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v !== null && v !== undefined && !(typeof v === "string" && blankText(v))) return false;
  }
  return true;
}

type RowRule = (row: readonly Cell[], r: number, customerId: string | undefined) => void;

/** The rules that look at more than one cell of a row, or at other rows and tables. */
function makeRowRules(t: DetectedTable, block: SheetBlock, env: CheckEnv, records: RecordsContext, sink: Sink, colOf: (key: string) => MappedColumn | undefined, collectIds: CustomerIdRegistry | null, knownIds: CustomerIdRegistry | null): RowRule {
  const rules: RowRule[] = [];
  const sheetRow = (r: number) => block.firstRow + r;
  const idCol = colOf("customerId");

  if (idCol && collectIds) {
    // 客户编号 unique within Customers; the first row keeps it, later rows are reported.
    rules.push((row, r, id) => {
      if (!id) return;
      const first = collectIds.add(id, sheetRow(r));
      if (first !== undefined) sink.cell(t, block, r, idCol, row[idCol.index], { code: "unique", severity: "error", body: { zh: `客户编号「${show(id)}」与第 ${first} 行重复。编号必须唯一，请为其中一个客户分配新编号。`, en: `Customer id "${show(id)}" repeats row ${first}. Ids must be unique: give one of the customers a new id.` } }, id);
    });
  }
  if (idCol && knownIds) {
    rules.push((row, r, id) => {
      // Ids that are not well formed already have a pattern finding.
      if (!id || !knownIds.lacksWellFormed(id)) return;
      sink.cell(t, block, r, idCol, row[idCol.index], { code: "foreign-key", severity: "error", body: { zh: `客户编号「${show(id)}」在客户信息表中不存在。请核对编号，或先在客户信息表中登记该客户。`, en: `Customer id "${show(id)}" is not in the Customers table. Check the id, or add the customer there first.` } }, id);
    });
  }

  if (t.table === "Customers") {
    const name = colOf("name");
    if (name) {
      // One map op per row: near keys first (equal names have equal near keys); exact keys are
      // compared only inside a group of rows whose near keys collide.
      const type = colOf("type");
      const near = new Map<string, number>();
      const exactInGroups = new Map<string, number>();
      rules.push((row, r, id) => {
        const v = row[name.index];
        if (typeof v !== "string" || blankText(v) || isExcelError(v)) return;
        const key = nameKey(v);
        const nk = nearKeyOf(key);
        const firstR = near.get(nk);
        if (firstR === undefined) {
          near.set(nk, r);
          return;
        }
        const firstKey = nameKey(String(block.values[firstR][name.index]));
        if (!exactInGroups.has(firstKey)) exactInGroups.set(firstKey, sheetRow(firstR));
        const exactFirst = exactInGroups.get(key);
        if (exactFirst !== undefined) {
          // Two private persons may well share a name (王伟): for 个人 the same name is only a warning.
          const person = (type !== undefined && row[type.index] === "个人") || key.endsWith("(个人)");
          sink.cell(t, block, r, name, v, person
            ? { code: "duplicate-name", severity: "warning", body: { zh: `个人客户姓名与第 ${exactFirst} 行相同，可能是同一人。请核对联系方式后决定是否合并。`, en: `This private customer has the same name as row ${exactFirst} and may be the same person. Compare the phone numbers before merging.` } }
            : { code: "duplicate-name", severity: "error", body: { zh: `客户名称与第 ${exactFirst} 行相同（忽略空格、全角/半角和大小写）。同一客户只建一个档案，请合并。`, en: `Customer name is the same as row ${exactFirst} (ignoring spaces, full-width forms and case). Keep one file per customer: merge them.` } }, id);
          return;
        }
        exactInGroups.set(key, sheetRow(r));
        sink.cell(t, block, r, name, v, { code: "duplicate-name", severity: "warning", body: { zh: `客户名称与第 ${sheetRow(firstR)} 行几乎相同（仅标点或公司类型不同），可能是同一客户。请核对。`, en: `Customer name is nearly the same as row ${sheetRow(firstR)} (only punctuation or legal form differ); it may be the same customer. Check it.` } }, id);
      });
    }
    const opened = colOf("opened");
    if (idCol && opened) {
      rules.push((row, r, id) => {
        if (!id) return;
        const idDay = upperIdDay(id);
        const openedDay = cellDay(row[opened.index]);
        if (idDay === null || openedDay === null || idDay === openedDay) return;
        sink.cell(t, block, r, opened, row[opened.index], { code: "date-mismatch", severity: "warning", body: { zh: `开户日期 ${formatDay(openedDay)} 与客户编号中的日期 ${formatDay(idDay)} 不一致。请核对哪一个正确（客户编号不可更改）。`, en: `Opening date ${formatDay(openedDay)} differs from the date ${formatDay(idDay)} inside the customer id. Check which is right (the id cannot change).` } }, id);
      });
    }
    const verified = colOf("verifiedOn");
    if (verified) {
      const staleBefore = monthsBefore(env.asOfDay, 12);
      rules.push((row, r, id) => {
        const day = cellDay(row[verified.index]);
        if (day === null || day >= staleBefore) return;
        sink.cell(t, block, r, verified, row[verified.index], { code: "stale", severity: "warning", body: { zh: `最近核实日期 ${formatDay(day)} 已超过 12 个月（截至 ${formatDay(env.asOfDay)}）。制度要求每年至少回访核实一次，请回访后更新。`, en: `Last verified ${formatDay(day)}, more than 12 months before ${formatDay(env.asOfDay)}. Policy asks to confirm customer details at least yearly: call back and update it.` } }, id);
      });
    }
    const status = colOf("status");
    const stopped = colOf("stoppedOn");
    if (status && stopped) {
      const dormantBefore = monthsBefore(env.asOfDay, 36);
      rules.push((row, r, id) => {
        const s = row[status.index];
        if (typeof s !== "string" || s.trim() !== "停止合作") return;
        const day = cellDay(row[stopped.index]);
        if (day === null || day > dormantBefore) return;
        sink.cell(t, block, r, status, s, { code: "dormant", severity: "info", body: { zh: `自 ${formatDay(day)} 停止合作已满 3 年，经审批后可将合作状态改为「休眠」。`, en: `Cooperation stopped on ${formatDay(day)}, 3 or more years ago; after approval the status can be set to "休眠" (dormant).` }, suggestion: "休眠" }, id);
      });
    }
  }

  if (t.table === "Interactions") {
    const attachment = colOf("attachment");
    const date = colOf("date");
    if (attachment) {
      rules.push((row, r, id) => {
        const v = row[attachment.index];
        if (typeof v !== "string" || isBlank(v) || isExcelError(v)) return;
        const name = v.trim();
        if (attachmentFollowsConvention(name, id)) return;
        const suggestion = suggestAttachmentName(name, id ?? "", date ? cellDay(row[date.index]) : null);
        sink.cell(t, block, r, attachment, v, {
          code: "attachment-name", severity: "warning",
          body: { zh: `附件名称「${show(v)}」不符合「客户编号_文件类型_YYYYMMDD.扩展名」的约定${suggestion ? `，建议改为「${suggestion}」` : ""}。`, en: `Attachment name "${show(v)}" does not follow {customer id}_{file type}_{YYYYMMDD}.{ext}${suggestion ? `; suggested: "${suggestion}"` : ""}.` },
          suggestion: suggestion ?? undefined,
        }, id);
      });
    }
  }

  if (t.table === "Archive") {
    const archiveId = colOf("archiveId");
    if (archiveId) {
      const seen = new Map<string, number>();
      rules.push((row, r, id) => {
        const v = row[archiveId.index];
        if (isBlank(v) || isExcelError(v)) return;
        const key = String(v).trim();
        const first = seen.get(key);
        if (first === undefined) seen.set(key, sheetRow(r));
        else sink.cell(t, block, r, archiveId, v, { code: "unique", severity: "error", body: { zh: `归档编号「${show(v)}」与第 ${first} 行重复。归档编号必须唯一。`, en: `Archive number "${show(v)}" repeats row ${first}. Archive numbers must be unique.` } }, id);
      });
    }
    const handler = colOf("handler");
    const reviewer = colOf("reviewer");
    if (handler && reviewer) {
      rules.push((row, r, id) => {
        const h = row[handler.index];
        const v = row[reviewer.index];
        if (isBlank(h) || isBlank(v) || isExcelError(h) || isExcelError(v)) return;
        if (personKey(String(h)) !== personKey(String(v))) return;
        sink.cell(t, block, r, reviewer, v, { code: "same-person", severity: "error", body: { zh: `审核人与经办人是同一人（${show(v)}）。归档须由另一人审核，请更换审核人。`, en: `The reviewer is the same person as the handler (${show(v)}). Another person must review the filing: change the reviewer.` } }, id);
      });
    }
  }

  // 回款记录: every row credit grading leaves out, by credit's own row reader (core/credit readPaymentRow).
  const paymentRule = paymentRowRule(t, block, env.asOfDay, {
    cell: (...args) => sink.cell(...args),
    hasError: (row, columnNumber) => {
      const f = sink.findings;
      for (let i = f.length - 1; i >= 0 && f[i].row === row && f[i].sheet === t.sheet; i--) if (f[i].columnNumber === columnNumber && f[i].severity === "error") return true;
      return false;
    },
  }, colOf);
  if (paymentRule) rules.push(paymentRule);

  pushAll(rules, recordRules(t, block, records, sink, colOf));

  return (row, r, id) => {
    for (let i = 0; i < rules.length; i++) rules[i](row, r, id);
  };
}

/** customerIdDay(id.toUpperCase()) without making the upper-case copy when the id is already well formed. */
function upperIdDay(id: string): number | null {
  const day = customerIdDay(id);
  // A well-formed id is C + digits: its upper-case form is itself.
  return day !== null ? day : customerIdDay(id.toUpperCase());
}

/**
 * Same answer as `m = ATTACHMENT_NAME.exec(name); m && (!id || m[1] === id.toUpperCase()) &&
 * customerIdDay(`C${m[3]}001`) !== null`, read by char codes: no match array or substrings per row.
 */
function attachmentFollowsConvention(name: string, id: string | undefined): boolean {
  const n = name.length;
  // C + 11 digits, then _
  if (n < 25 || name.charCodeAt(0) !== 67 /* C */ || name.charCodeAt(12) !== 95 /* _ */) return false;
  for (let i = 1; i < 12; i++) {
    const c = name.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  // ([^_]+)_ : the file type runs to the next underscore and is not empty.
  const u = name.indexOf("_", 13);
  if (u < 14) return false;
  // (\d{8})\.([A-Za-z0-9]{1,8})$
  const dot = u + 9;
  const extLength = n - dot - 1;
  if (extLength < 1 || extLength > 8 || name.charCodeAt(dot) !== 46 /* . */) return false;
  for (let i = u + 1; i < dot; i++) {
    const c = name.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  for (let i = dot + 1; i < n; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  if (id && !(id.length === 12 && name.startsWith(id)) && name.slice(0, 12) !== id.toUpperCase()) return false;
  return dayNumber(digitsAt(name, u + 1, 4), digitsAt(name, u + 5, 2), digitsAt(name, u + 7, 2)) !== null;
}

/** The template column definitions a report found for a table (for hosts that show them). */
export function mappedColumns(table: DetectedTable): readonly ColumnDef[] {
  return table.columns.map((c) => c.def);
}
