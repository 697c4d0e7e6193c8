/**
 * What a draw leaves in the workbook and how it is read back: the `抽查 YYYYQn` sheet for the
 * checker, the rows of the Audits table (one per sampled customer, each carrying quarter, seed,
 * algorithm, N, fingerprint, rate and strata sizes so that any one row re-derives the draw),
 * and verify(), which re-derives a recorded draw from the workbook as it is now.
 */
import type { Cell, SheetBlock } from "../table";
import { AUDITS, CUSTOMERS, header, normalizeHeader } from "../template/tables";
import { cellText, isBlank } from "../table";
import { timestampText, type ColumnFormat, type RecordEntry, type SheetSpec } from "../sheets";
import { detectTables } from "../validate/detect";
import type { Finding } from "../validate/types";
import { CHECKED_FIELDS, readAuditInput, type AuditInput } from "./input";
import { parseQuarter } from "./quarter";
import { ALGORITHM, drawSample, STRATA, STRATUM_LABEL, type AuditSample, type Stratum } from "./sample";

/** Name of the sheet that lists a quarter's sample: `抽查 2026Q4`. */
export function auditSheetName(quarter: string): string {
  return `抽查 ${quarter}`;
}

/** The checker's result column and its allowed values (the dropdown). */
export const CHECK_RESULT_HEADER = "核对结果";
export const CHECK_RESULTS = ["一致", "已更正", "无法联系"] as const;

/** Headers of the audit sheet: what was drawn and why, the fields to check, then the empty result columns. */
export const AUDIT_SHEET_HEADERS: readonly string[] = [
  "序号", header(CUSTOMERS, "customerId"), header(CUSTOMERS, "name"), "层", "抽取原因",
  ...CHECKED_FIELDS.map((k) => header(CUSTOMERS, k)),
  CHECK_RESULT_HEADER, "核对人", "核对日期", "备注",
];

/** 0-based column index of 核对结果 in the audit sheet (for the list validation). */
export const CHECK_RESULT_COLUMN = AUDIT_SHEET_HEADERS.indexOf(CHECK_RESULT_HEADER);

/** The columns a checker types into (核对结果, 核对人, 核对日期, 备注): never lost when the sheet is written again. */
export const CHECK_HEADERS: readonly string[] = AUDIT_SHEET_HEADERS.slice(CHECK_RESULT_COLUMN);

/** What was on a quarter's audit sheet before it is written again: each row by 客户编号, its cells by AUDIT_SHEET_HEADERS. */
export interface AuditSheetKept {
  /** Rows in sheet order, keyed by 客户编号 (the first row of an id wins). */
  rows: Map<string, Cell[]>;
  /** Ids whose row holds something in a CHECK_HEADERS column. */
  checked: Set<string>;
}

/**
 * Read an existing audit sheet's rows by its headers, whatever their order (the header row is the
 * first of the sheet's first rows that has 客户编号), so a re-run keeps what the checkers typed.
 * Returns null when the sheet has no 客户编号 header.
 */
export function readAuditSheet(values: readonly (readonly Cell[])[]): AuditSheetKept | null {
  const idHeader = AUDIT_SHEET_HEADERS[1];
  const headerRow = values.slice(0, 10).findIndex((row) => row.some((h) => normalizeHeader(cellText(h)) === normalizeHeader(idHeader)));
  if (headerRow < 0) return null;
  const head = values[headerRow];
  const colOf = AUDIT_SHEET_HEADERS.map((h) => head.findIndex((x) => normalizeHeader(cellText(x)) === normalizeHeader(h)));
  const idCol = colOf[1];
  const kept: AuditSheetKept = { rows: new Map(), checked: new Set() };
  for (let r = headerRow + 1; r < values.length; r++) {
    const src = values[r] ?? [];
    const id = cellText(src[idCol] ?? null).trim();
    if (id === "" || kept.rows.has(id)) continue;
    const row = colOf.map((c) => (c >= 0 ? src[c] ?? null : null));
    kept.rows.set(id, row);
    if (row.slice(CHECK_RESULT_COLUMN).some((c) => !isBlank(c))) kept.checked.add(id);
  }
  return kept;
}

/**
 * Rows of the audit sheet (header first): one per sampled customer, in the sample's order. With
 * `kept` (the sheet as it was), each sampled customer keeps its 核对结果 / 核对人 / 核对日期 / 备注,
 * and a customer checked there but not in this sample keeps its row at the end, marked as such:
 * what people typed is never dropped.
 */
export function auditSheetRows(sample: AuditSample, input: AuditInput, kept?: AuditSheetKept | null): Cell[][] {
  const byId = new Map(input.customers.map((c) => [c.id, c]));
  const rows: Cell[][] = [[...AUDIT_SHEET_HEADERS]];
  const checksOf = (id: string): Cell[] => kept?.rows.get(id)?.slice(CHECK_RESULT_COLUMN) ?? CHECK_HEADERS.map(() => null);
  sample.sample.forEach((s, i) => {
    const c = byId.get(s.id);
    rows.push([i + 1, s.id, c?.fields.name ?? null, STRATUM_LABEL[s.stratum], s.reason, ...CHECKED_FIELDS.map((k) => c?.fields[k] ?? null), ...checksOf(s.id)]);
  });
  const drawn = new Set(sample.sample.map((s) => s.id));
  for (const id of kept?.checked ?? []) {
    if (drawn.has(id)) continue;
    const old = kept!.rows.get(id)!;
    const reason = cellText(old[4]);
    rows.push([rows.length, ...old.slice(1, 4), `${KEPT_REASON}${reason ? ` (${reason})` : ""}`, ...old.slice(5)]);
  }
  return rows;
}

/** 抽取原因 of a checked row kept from an earlier draw of the quarter that this draw did not take. */
export const KEPT_REASON = "not in this draw; kept with its check results from the earlier sheet";

/** 分层规模 text: `high=40;medium=200;low=260`. */
export function strataText(sample: Pick<AuditSample, "strata">): string {
  return STRATA.map((s) => `${s}=${sample.strata[s].size}`).join(";");
}

/** Rows for the Audits table (no header), in template column order (see auditRecords). */
export function auditsTableRows(sample: AuditSample, drawnAt: string, draw: number): Cell[][] {
  return auditRecords(sample, drawnAt, draw).map((r) => AUDITS.columns.map((c) => r[c.key] ?? null));
}

/** The Audits records of a draw by column key, one per sampled customer. `drawnAt` is the host's clock as "YYYY-MM-DD HH:mm:ss" text (a writer turns it into an Excel date-time); `draw` counts draws of the quarter (1 = first). */
export function auditRecords(sample: AuditSample, drawnAt: string, draw: number): RecordEntry[] {
  return sample.sample.map((s) => Object.fromEntries(AUDITS.columns.map((c): [string, Cell] => [c.key, auditCell(c.key, sample, s, drawnAt, draw)])));
}

function auditCell(key: string, sample: AuditSample, s: AuditSample["sample"][number], drawnAt: string, draw: number): Cell {
  switch (key) {
    case "quarter": return sample.quarter;
    case "drawnAt": return drawnAt;
    case "customerId": return s.id;
    case "stratum": return s.stratum;
    case "reason": return s.reason;
    case "seed": return sample.seed;
    case "algorithm": return sample.algorithm;
    case "population": return sample.population;
    case "fingerprint": return sample.fingerprint;
    case "rate": return String(sample.rate);
    case "strata": return strataText(sample);
    case "draw": return draw;
    default: return null;
  }
}

/** One draw as recorded in the Audits table. */
export interface AuditRecord {
  quarter: string;
  draw: number;
  drawnAt: string;
  seed: string;
  algorithm: string;
  population: number;
  fingerprint: string;
  rate: number;
  strata: string;
  /** Sampled ids in the order of the rows. */
  ids: string[];
  /** Stratum and reason per id, as recorded. */
  entries: { id: string; stratum: string; reason: string }[];
  /** Sheet rows of the record. */
  rows: number[];
}

/** Read every draw recorded in the Audits table (grouped by quarter and draw number), with notes on rows it cannot use. */
export function readAuditRecords(blocks: readonly SheetBlock[]): { records: AuditRecord[]; notes: string[]; found: boolean } {
  const t = detectTables(blocks).find((d) => d.table === "Audits");
  const notes: string[] = [];
  if (!t || t.headerRowIndex < 0) return { records: [], notes, found: false };
  const block = blocks[t.blockIndex];
  const idx = (key: string) => t.columns.find((c) => c.def.key === key)?.index ?? -1;
  const cols = Object.fromEntries(AUDITS.columns.map((c) => [c.key, idx(c.key)]));
  const byKey = new Map<string, AuditRecord>();
  for (let r = t.headerRowIndex + 1; r < block.values.length; r++) {
    const row = block.values[r] ?? [];
    if (row.every((c) => isBlank(c))) continue;
    const get = (k: string): string => (cols[k] >= 0 ? cellText(row[cols[k]] ?? null).trim() : "");
    const sheetRow = block.firstRow + r;
    const q = parseQuarter(get("quarter"));
    if (!q || get("customerId") === "") {
      notes.push(`${t.sheet} row ${sheetRow}: 季度 or 客户编号 unreadable; row ignored.`);
      continue;
    }
    const quarter = `${q.year}Q${q.q}`;
    const draw = Number(get("draw")) || 1;
    const key = `${quarter}#${draw}`;
    let rec = byKey.get(key);
    if (!rec) {
      // 抽取时间: an Excel date-time since issue 10, text in older workbooks (and from the command line).
      const drawnAt = cols.drawnAt >= 0 ? timestampText(row[cols.drawnAt] ?? null) : "";
      rec = { quarter, draw, drawnAt, seed: get("seed").toLowerCase(), algorithm: get("algorithm") || ALGORITHM, population: Number(get("population")), fingerprint: get("fingerprint").toLowerCase(), rate: Number(get("rate")), strata: get("strata"), ids: [], entries: [], rows: [] };
      byKey.set(key, rec);
    }
    rec.ids.push(get("customerId"));
    rec.entries.push({ id: get("customerId"), stratum: get("stratum"), reason: get("reason") });
    rec.rows.push(sheetRow);
  }
  return { records: [...byKey.values()], notes, found: true };
}

/** The latest draw of a quarter (highest draw number), or undefined. */
export function latestRecord(records: readonly AuditRecord[], quarter: string): AuditRecord | undefined {
  return records.filter((r) => r.quarter === quarter).sort((a, b) => b.draw - a.draw)[0];
}

/** Why a verification failed, as data a host words in its language (problems holds the English sentences). */
export type VerifyReason =
  | { code: "algorithm"; algorithm: string }
  | { code: "quarter"; quarter: string }
  | { code: "draw-failed"; detail: string }
  | { code: "population"; now: number; then: number }
  | { code: "fingerprint" }
  | { code: "sample"; missing: string[]; extra: string[] };

/** The outcome of re-deriving a recorded draw. */
export interface VerifyResult {
  ok: boolean;
  /** What differs, one sentence each (empty when ok). */
  problems: string[];
  /** The same as data, one per problem in the same order. */
  reasons: VerifyReason[];
  /** The sample derived now. */
  derived: AuditSample | null;
  /** Ids recorded but not derived now, and derived but not recorded. */
  missing: string[];
  extra: string[];
}

/** The workbook as verify reads it: its blocks and the current validation findings. */
export interface AuditWorkbook {
  blocks: readonly SheetBlock[];
  findings?: readonly Finding[];
}

/**
 * Re-derive a recorded draw from the workbook as it is now with the recorded quarter, seed
 * and rate, and compare population size, fingerprint and sampled ids. A customer added or
 * removed since the draw changes the fingerprint; a change to a grade, a 最近核实日期, the
 * ChangeLog or the findings can move a customer between strata or key items, and shows as ids
 * that differ under an unchanged fingerprint.
 */
export async function verify(record: AuditRecord, workbook: AuditWorkbook): Promise<VerifyResult> {
  const problems: string[] = [];
  const reasons: VerifyReason[] = [];
  const fail = (reason: VerifyReason, problem: string): VerifyResult => ({ ok: false, problems: [problem], reasons: [reason], derived: null, missing: [], extra: [] });
  if (record.algorithm !== ALGORITHM) {
    return fail({ code: "algorithm", algorithm: record.algorithm }, `algorithm '${record.algorithm}' is not ${ALGORITHM}; this version cannot re-derive it`);
  }
  const quarter = parseQuarter(record.quarter);
  if (!quarter) return fail({ code: "quarter", quarter: record.quarter }, `quarter '${record.quarter}' is unreadable`);
  let derived: AuditSample;
  try {
    derived = await drawSample(readAuditInput(workbook.blocks), { quarter, rate: record.rate, seed: record.seed, findings: workbook.findings });
  } catch (e) {
    return fail({ code: "draw-failed", detail: (e as Error).message }, (e as Error).message);
  }
  if (derived.population !== record.population) {
    problems.push(`population is ${derived.population} now, ${record.population} when drawn`);
    reasons.push({ code: "population", now: derived.population, then: record.population });
  }
  if (derived.fingerprint !== record.fingerprint) {
    problems.push(`population fingerprint differs (customers added, removed, renumbered or set to 休眠 since the draw)`);
    reasons.push({ code: "fingerprint" });
  }
  const now = new Set(derived.sample.map((s) => s.id));
  const then = new Set(record.ids);
  const missing = record.ids.filter((id) => !now.has(id));
  const extra = derived.sample.map((s) => s.id).filter((id) => !then.has(id));
  if (missing.length || extra.length) {
    problems.push(`sample differs: ${missing.length} recorded id(s) not derived now${missing.length ? ` (${missing.slice(0, 5).join(", ")}${missing.length > 5 ? " …" : ""})` : ""}, ${extra.length} derived id(s) not recorded${extra.length ? ` (${extra.slice(0, 5).join(", ")}${extra.length > 5 ? " …" : ""})` : ""}`);
    reasons.push({ code: "sample", missing, extra });
  }
  return { ok: problems.length === 0, problems, reasons, derived, missing, extra };
}

/** Stratum from its recorded text (English key or Chinese label). */
export function stratumFromText(text: string): Stratum | undefined {
  return STRATA.find((s) => s === text || STRATUM_LABEL[s] === text);
}

/** How far the checking of a quarter's sample has got, from its 抽查 sheet. */
export interface AuditProgress {
  sampled: number;
  checked: number;
  /** Count per 核对结果 value (一致 / 已更正 / 无法联系, and anything else typed). */
  results: Record<string, number>;
}

/** Read progress from the audit sheet's cells (header row first): rows with a 客户编号, and their 核对结果. */
export function auditProgress(values: readonly (readonly Cell[])[]): AuditProgress {
  const head = values[0] ?? [];
  const idCol = head.findIndex((h) => cellText(h).trim() === AUDIT_SHEET_HEADERS[1]);
  const resultCol = head.findIndex((h) => cellText(h).trim() === CHECK_RESULT_HEADER);
  const progress: AuditProgress = { sampled: 0, checked: 0, results: {} };
  if (idCol < 0) return progress;
  for (const row of values.slice(1)) {
    if (isBlank(row[idCol] ?? null)) continue;
    progress.sampled++;
    const result = resultCol >= 0 ? cellText(row[resultCol] ?? null).trim() : "";
    if (result === "") continue;
    progress.checked++;
    progress.results[result] = (progress.results[result] ?? 0) + 1;
  }
  return progress;
}
