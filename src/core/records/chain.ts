/**
 * The tamper-evident ChangeLog (SPEC §10.5c): every row custfile writes carries a 校验 value
 * `n:h`, where n is the row's place in the chain (1, 2, 3 …) and h = SHA-256 of a canonical text
 * of (the previous row's 校验, n, the row's cells). Editing a cell, deleting a row or inserting
 * one by hand breaks the chain at that row, and verification says which and where.
 *
 * Why the sequence number: with a hash alone, "row R was edited" and "the row before R was
 * deleted" look the same (R no longer links to what precedes it). With n, a deletion is a gap,
 * an inserted row has no (or a repeated) n, an edit is a row whose hash fails while the next row
 * still links to it. It also lets the rows be verified in chain order when someone sorted the log.
 *
 * Canonical text: the same whether a row was read back from Excel or from SheetJS. 时间 becomes
 * `YYYY-MM-DD HH:MM:SS` whether the cell holds that text or a datetime serial; numbers are kept
 * to Excel's 15 significant digits; booleans are TRUE/FALSE; blanks are "". The cells are the
 * template's ChangeLog columns (时间 … 操作人) in template order, found by header wherever they
 * sit; a column the log lacks counts as blank; columns outside the template are not covered.
 *
 * The hash is injected (Web Crypto in the add-in, node:crypto in the CLI): the core calls no
 * platform API. The chain is not keyed: it detects edits made in Excel, not someone who
 * recomputes every 校验 with this algorithm; keeping the head (the last 校验) elsewhere, and
 * checking later that it is still there (`expectHead`), closes that gap and detects rows removed
 * from the end.
 */
import { formatDay } from "../dates";
import { cellText, isBlank, type Cell, type SheetBlock } from "../table";
import { CHANGELOG, type TableKey } from "../template/tables";
import { detectTables, type DetectedTable } from "../validate/detect";
import type { LocalizedText } from "../validate/types";
import type { ChangeLogEntry } from "../changes";
import { sha256Hex } from "../audit/crypto";

/** SHA-256 of the UTF-8 text, as 64 lower-case hex digits; sync (node:crypto) or async (Web Crypto). */
export type HashFn = (text: string) => string | Promise<string>;

/** SHA-256 through Web Crypto (the add-in; Node 20 has it too). */
export const webCryptoSha256: HashFn = sha256Hex;

/** The template keys of the cells a 校验 covers, in the order they are hashed (every ChangeLog column but 校验). */
export const CHAIN_KEYS: readonly string[] = CHANGELOG.columns.filter((c) => c.key !== "check").map((c) => c.key);

/** Version tag inside the hashed text, so the canonical form can change without ambiguity. */
const CHAIN_VERSION = "custfile-changelog-v1";

const CHECK = /^(\d{1,9}):([0-9a-f]{64})$/;
const TEXT_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** A 校验 value read: its place in the chain and its hash; null when the text is not one custfile writes. */
export function parseCheck(text: string): { seq: number; hash: string } | null {
  const m = CHECK.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2] } : null;
}

/** The canonical text of one cell of a ChangeLog row (see the module comment). */
export function canonicalCell(key: string, value: Cell | undefined): string {
  if (value === null || value === undefined) return "";
  if (key === "time") {
    if (typeof value === "number" && Number.isFinite(value) && value >= 1) {
      let day = Math.floor(value);
      let seconds = Math.round((value - day) * 86400);
      if (seconds >= 86400) {
        day += 1;
        seconds -= 86400;
      }
      const two = (n: number) => String(n).padStart(2, "0");
      return `${formatDay(day - 25569)} ${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
    }
    if (typeof value === "string") {
      const m = TEXT_TIME.exec(value.trim());
      if (m) return `${m[1]} ${(m[2] ?? "0").padStart(2, "0")}:${m[3] ?? "00"}:${m[4] ?? "00"}`;
    }
  }
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return value;
}

/** The text hashed for one row: the previous 校验 ("" for the first row), the row's place, its canonical cells. */
export function chainText(previous: string, seq: number, cells: readonly Cell[]): string {
  return JSON.stringify([CHAIN_VERSION, previous, seq, ...CHAIN_KEYS.map((k, i) => canonicalCell(k, cells[i]))]);
}

/**
 * The 校验 of a new ChangeLog row: `cells` in CHAIN_KEYS order (changeLogCells gives them for an
 * entry), `previous` the chain's head (chainHead of the log's 校验 column; null or "" when the
 * log has no chain yet: the chain then starts at this row). What the writers call.
 */
export async function chainCells(previous: string | null | undefined, cells: readonly Cell[], hash: HashFn): Promise<string> {
  const prev = previous ? parseCheck(previous) : null;
  const seq = prev ? prev.seq + 1 : 1;
  const h = await hash(chainText(prev ? previous!.trim() : "", seq, cells));
  return `${seq}:${h}`;
}

/** chainCells with a synchronous hash (node:crypto in the CLI), for writers whose row hook is synchronous. */
export function chainCellsSync(previous: string | null | undefined, cells: readonly Cell[], hash: (text: string) => string): string {
  const prev = previous ? parseCheck(previous) : null;
  const seq = prev ? prev.seq + 1 : 1;
  return `${seq}:${hash(chainText(prev ? previous!.trim() : "", seq, cells))}`;
}

/** The 校验 values of rows appended in order after `previous` (each row chained to the one before). */
export async function chainRows(previous: string | null | undefined, rows: readonly (readonly Cell[])[], hash: HashFn): Promise<string[]> {
  const out: string[] = [];
  let head = previous ?? null;
  for (const cells of rows) {
    head = await chainCells(head, cells, hash);
    out.push(head);
  }
  return out;
}

/** A ChangeLog entry's cells in CHAIN_KEYS order. */
export function changeLogCells(entry: ChangeLogEntry): Cell[] {
  return CHAIN_KEYS.map((k) => (entry as unknown as Record<string, string>)[k] ?? "");
}

/** The head of the chain among a 校验 column's values: the valid 校验 with the highest place (the log may have been sorted); null when none. */
export function chainHead(checks: readonly Cell[]): string | null {
  let best: { seq: number; text: string } | null = null;
  for (const c of checks) {
    if (typeof c !== "string") continue;
    const p = parseCheck(c);
    if (p && (!best || p.seq > best.seq)) best = { seq: p.seq, text: c.trim() };
  }
  return best?.text ?? null;
}

/** One data row of the log as verification reads it. */
export interface ChainRow {
  /** The sheet's row number. */
  row: number;
  /** Cells in CHAIN_KEYS order. */
  cells: Cell[];
  /** The 校验 cell's text, trimmed ("" when blank). */
  check: string;
}

/** What went wrong at a row. */
export type ChainProblemKind =
  /** The row's cells no longer match its 校验 (an edited cell; for the last row, possibly its 校验). */
  | "edited"
  /** The row's 校验 itself was changed: neither it nor the next row match. */
  | "check-changed"
  /** Entries are missing before this row (a row deleted, or its 校验 cleared). */
  | "deleted"
  /** A row without 校验 after the chain started (added by hand, or its 校验 cleared). */
  | "inserted"
  /** A row repeating another row's place in the chain (copied or inserted by hand). */
  | "duplicate"
  /** A 校验 that is not of the form custfile writes. */
  | "bad-check"
  /** The head recorded earlier is gone: rows were removed from the end, or the log replaced. */
  | "head-missing";

/** One break of the chain, at a sheet row. */
export interface ChainProblem {
  row: number;
  kind: ChainProblemKind;
  /** The place in the chain it concerns, where known. */
  seq?: number;
  message: LocalizedText;
}

/** The result of verifying a chain. */
export interface ChainResult {
  /** True when nothing is broken. */
  ok: boolean;
  /** Rows in the chain (with a 校验). */
  chained: number;
  /** Sheet row of the first chained row, null when there is no chain. */
  chainStartRow: number | null;
  /** Rows above the chain without a 校验 (written before the 校验 column): not covered. */
  uncovered: { count: number; firstRow: number; lastRow: number } | null;
  /** The chain's head: the row with the highest place. */
  head: { row: number; seq: number; check: string } | null;
  /** Every break found, by sheet row; the first is where the chain breaks. */
  problems: ChainProblem[];
  /** True when the rows are not in chain order (sorted): they were verified in chain order. */
  reordered: boolean;
}

interface Entry {
  row: number;
  seq: number;
  check: string;
  cells: Cell[];
  /** The previous 校验 values this row's hash matches with. */
  linksTo: Set<string>;
}

const text = (zh: string, en: string): LocalizedText => ({ "zh-CN": zh, "en-US": en });

/** Verify chain rows (in sheet order); `expectHead` is a 校验 recorded earlier that must still be in the chain. */
export async function verifyChain(rows: readonly ChainRow[], hash: HashFn, options: { expectHead?: string } = {}): Promise<ChainResult> {
  const live = rows.filter((r) => r.check !== "" || r.cells.some((c) => !isBlank(c)));
  const start = live.findIndex((r) => r.check !== "");
  const problems: ChainProblem[] = [];
  const uncoveredRows = start < 0 ? live : live.slice(0, start);
  const uncovered = uncoveredRows.length ? { count: uncoveredRows.length, firstRow: uncoveredRows[0].row, lastRow: uncoveredRows[uncoveredRows.length - 1].row } : null;
  if (start < 0) {
    const missing = options.expectHead ? headMissing(options.expectHead, live.at(-1)?.row ?? 0) : null;
    return { ok: !missing, chained: 0, chainStartRow: null, uncovered, head: null, problems: missing ? [missing] : [], reordered: false };
  }
  const startRow = live[start].row;
  const entries: Entry[] = [];
  for (const r of live.slice(start)) {
    if (r.check === "") {
      problems.push({ row: r.row, kind: "inserted", message: text(
        `第 ${r.row} 行没有校验值，而校验链从第 ${startRow} 行开始：该行是手工添加的，或其校验值被清除。`,
        `Row ${r.row} has no 校验 although the chain starts at row ${startRow}: the row was added by hand, or its 校验 was cleared.`) });
      continue;
    }
    const parsed = parseCheck(r.check);
    if (!parsed) {
      problems.push({ row: r.row, kind: "bad-check", message: text(
        `第 ${r.row} 行的校验值「${short(r.check)}」不是 custfile 写入的格式（序号:SHA-256），已被改动。`,
        `Row ${r.row}: the 校验 "${short(r.check)}" is not of the form custfile writes (place:SHA-256); it was changed.`) });
      continue;
    }
    entries.push({ row: r.row, seq: parsed.seq, check: r.check, cells: r.cells, linksTo: new Set() });
  }
  const bySeq = new Map<number, Entry[]>();
  for (const e of entries) (bySeq.get(e.seq) ?? bySeq.set(e.seq, []).get(e.seq)!).push(e);

  // Every row's hash against each candidate predecessor, computed together (Web Crypto is asynchronous per call).
  const jobs: Array<{ e: Entry; prev: string }> = [];
  for (const e of entries) {
    const preds = e.seq === 1 ? [""] : (bySeq.get(e.seq - 1) ?? []).map((p) => p.check);
    for (const prev of preds) jobs.push({ e, prev });
  }
  const hashes = await Promise.all(jobs.map(async (j) => hash(chainText(j.prev, j.e.seq, j.e.cells))));
  jobs.forEach((j, i) => {
    if (`${j.e.seq}:${hashes[i]}` === j.e.check) j.e.linksTo.add(j.prev);
  });

  const maxSeq = entries.reduce((m, e) => Math.max(m, e.seq), 0);
  const explained = new Set<Entry>();
  for (let s = 1; s <= maxSeq; s++) {
    const here = bySeq.get(s);
    if (!here) {
      let t = s;
      while (t + 1 <= maxSeq && !bySeq.has(t + 1)) t++;
      const next = [...bySeq.get(t + 1)!].sort((a, b) => a.row - b.row);
      const range = s === t ? `第 ${s} 条` : `第 ${s}–${t} 条`;
      const rangeEn = s === t ? `entry ${s}` : `entries ${s}–${t}`;
      problems.push({ row: next[0].row, kind: "deleted", seq: s, message: text(
        `变更记录缺少${range}（第 ${next[0].row} 行是第 ${t + 1} 条）：在此行之前有 ${t - s + 1} 行记录被删除，或其校验值被清除。`,
        `The log lacks ${rangeEn} (row ${next[0].row} is entry ${t + 1}): ${t - s + 1} row${t > s ? "s were" : " was"} deleted before this row, or had its 校验 cleared.`) });
      for (const e of next) explained.add(e);
      s = t;
      continue;
    }
    const sorted = [...here].sort((a, b) => a.row - b.row);
    const genuine = sorted.find((e) => e.linksTo.size > 0) ?? sorted[0];
    for (const e of sorted) {
      if (e === genuine) continue;
      problems.push({ row: e.row, kind: "duplicate", seq: s, message: text(
        `第 ${e.row} 行与第 ${genuine.row} 行是同一条记录（第 ${s} 条）：该行是复制或手工插入的。`,
        `Row ${e.row} claims the same place in the chain as row ${genuine.row} (entry ${s}): it was copied or inserted by hand.`) });
    }
    if (genuine.linksTo.size > 0 || explained.has(genuine)) continue;
    const next = bySeq.get(s + 1) ?? [];
    if (next.length > 0 && !next.some((n) => n.linksTo.has(genuine.check))) {
      problems.push({ row: genuine.row, kind: "check-changed", seq: s, message: text(
        `第 ${genuine.row} 行（第 ${s} 条）的校验值被改动：它与本行内容不符，下一条记录也不再与它衔接。`,
        `Row ${genuine.row} (entry ${s}): its 校验 was changed; it matches neither the row's cells nor the next entry's link.`) });
      for (const n of next) explained.add(n);
    } else {
      const last = next.length === 0;
      problems.push({ row: genuine.row, kind: "edited", seq: s, message: text(
        `第 ${genuine.row} 行（第 ${s} 条）写入后被修改：其内容与校验值不符${last ? "（或其校验值被改动）" : ""}。变更记录只能由 custfile 追加，不应手工修改。`,
        `Row ${genuine.row} (entry ${s}) was changed after it was written: its cells no longer match its 校验${last ? " (or its 校验 was changed)" : ""}. Only custfile appends to the change log; nobody should edit it.`) });
    }
  }

  const headEntry = entries.reduce<Entry | null>((h, e) => (!h || e.seq > h.seq || (e.seq === h.seq && e.row < h.row) ? e : h), null);
  const head = headEntry ? { row: headEntry.row, seq: headEntry.seq, check: headEntry.check } : null;
  if (options.expectHead && !entries.some((e) => e.check === options.expectHead!.trim())) problems.push(headMissing(options.expectHead, head?.row ?? 0));
  problems.sort((a, b) => a.row - b.row);
  const reordered = entries.some((e, i) => i > 0 && e.seq < entries[i - 1].seq);
  return { ok: problems.length === 0, chained: entries.length, chainStartRow: startRow, uncovered, head, problems, reordered };
}

function headMissing(expected: string, row: number): ChainProblem {
  const p = parseCheck(expected);
  return { row, kind: "head-missing", seq: p?.seq, message: text(
    `此前记下的校验值「${short(expected)}」已不在变更记录中：${p ? `第 ${p.seq} 条及以后的记录被删除，或` : ""}变更记录被替换。`,
    `The 校验 recorded earlier ("${short(expected)}") is no longer in the log: ${p ? `entry ${p.seq} and later ones were removed, or ` : ""}the log was replaced.`) };
}

function short(s: string): string {
  return s.length > 16 ? s.slice(0, 13) + "…" : s;
}

/** The result of verifying a workbook's ChangeLog. */
export interface ChangeLogVerification extends ChainResult {
  /** Whether the workbook has a ChangeLog (变更记录) table. */
  found: boolean;
  sheet: string;
  /** 1-based sheet column of 校验, 0 when the log has no such column. */
  checkColumn: number;
  /** Data rows of the log (non-blank). */
  rows: number;
  /** Sentences for people: what is covered and what is not (the upgrade rule of SPEC §10.5c). */
  notes: LocalizedText[];
}

/** The ChangeLog's data rows as chain rows (cells in CHAIN_KEYS order, by header). */
export function changeLogChainRows(block: SheetBlock, table: DetectedTable): ChainRow[] {
  if (table.headerRowIndex < 0) return [];
  const index = (key: string) => table.columns.find((c) => c.def.key === key)?.index ?? -1;
  const cols = CHAIN_KEYS.map(index);
  const check = index("check");
  const out: ChainRow[] = [];
  for (let r = table.headerRowIndex + 1; r < block.values.length; r++) {
    const row = block.values[r] ?? [];
    out.push({ row: block.firstRow + r, cells: cols.map((c) => (c >= 0 ? row[c] ?? null : null)), check: check >= 0 ? cellText(row[check] ?? null).trim() : "" });
  }
  return out;
}

/** The tables verifyChangeLog reads (a host may read only their sheets). */
export const CHAIN_TABLES: readonly TableKey[] = ["ChangeLog"];

/** Verify the workbook's ChangeLog (found like validation finds it). Read-only. */
export async function verifyChangeLog(blocks: readonly SheetBlock[], hash: HashFn, options: { expectHead?: string; tables?: readonly DetectedTable[] } = {}): Promise<ChangeLogVerification> {
  const table = (options.tables ?? detectTables(blocks)).find((t) => t.table === "ChangeLog");
  if (!table) {
    return { found: false, sheet: "", checkColumn: 0, rows: 0, notes: [], ok: true, chained: 0, chainStartRow: null, uncovered: null, head: null, problems: [], reordered: false };
  }
  const block = blocks[table.blockIndex];
  const rows = changeLogChainRows(block, table);
  const checkCol = table.columns.find((c) => c.def.key === "check");
  const result = await verifyChain(rows, hash, { expectHead: options.expectHead });
  const count = rows.filter((r) => r.check !== "" || r.cells.some((c) => !isBlank(c))).length;
  const notes: LocalizedText[] = [];
  if (!checkCol) {
    notes.push(text(
      `「${table.sheet}」没有「校验」列：变更记录尚未启用防篡改校验（${count} 行未受保护）。custfile 下次写入变更记录时添加该列，校验链从那一行开始。`,
      `${table.sheet} has no 校验 column: the change log is not tamper-evident yet (${count} rows not covered). custfile adds the column with the next row it writes; the chain starts at that row.`));
  } else if (result.chainStartRow === null) {
    notes.push(text(
      `「校验」列是空的：${count} 行都写于校验链启用之前，不受保护；校验链从 custfile 下一次写入的行开始。`,
      `The 校验 column is empty: all ${count} rows were written before the chain started and are not covered; the chain starts with the next row custfile writes.`));
  } else if (result.uncovered) {
    const u = result.uncovered;
    notes.push(text(
      `第 ${u.firstRow}–${u.lastRow} 行（${u.count} 行）写于校验列启用之前，不在校验链保护范围内；校验链从第 ${result.chainStartRow} 行开始。`,
      `Rows ${u.firstRow}–${u.lastRow} (${u.count}) were written before the 校验 column and are not covered; the chain starts at row ${result.chainStartRow}.`));
  }
  if (result.reordered) notes.push(text("变更记录的行顺序与写入顺序不同（可能被排序过），已按校验链的序号核对。", "The log's rows are not in the order they were written (sorted?); they were verified in chain order."));
  return { ...result, found: true, sheet: table.sheet, checkColumn: checkCol?.columnNumber ?? 0, rows: count, notes };
}
