/**
 * The validation report's contract (SPEC §3): every other part of custfile (CLI, task pane,
 * audit key items, change tracking) reads findings through these types.
 */
import type { Cell } from "../table";

export type Severity = "error" | "warning" | "info";

/** Stable finding codes (SPEC §3). New codes may be added; existing ones never change meaning. */
export type FindingCode =
  | "missing-column" | "unknown-column" | "missing-table" | "no-header" | "blank-row" | "required" | "type" | "enum"
  | "pattern" | "unique" | "foreign-key" | "immutable-id" | "future-date" | "date-mismatch" | "date"
  | "phone" | "email" | "address" | "uscc" | "same-person" | "attachment-name" | "duplicate-name"
  | "stale" | "dormant" | "formula-injection" | "error-value" | "too-long" | "control-char" | "postcode"
  // SPEC §10
  | "owner-left" | "single-contact" | "overdue-loan" | "retention" | "log-tampered";

/** A message in both languages custfile speaks. */
export interface LocalizedText {
  "zh-CN": string;
  "en-US": string;
}

export type Lang = keyof LocalizedText;

/** One problem at one place. */
export interface Finding {
  /** Template table key (Customers, Interactions, Archive, Payments, Lists ...). */
  table: string;
  /** Worksheet name. */
  sheet: string;
  /** The sheet's own 1-based row number (the header row for column findings). */
  row: number;
  /** The header as written in the file (the template header for a missing column). */
  column: string;
  /** 1-based sheet column number; 0 when the finding is about a missing column or a whole table. */
  columnNumber: number;
  code: FindingCode;
  severity: Severity;
  /** The cell's value as read. */
  value: Cell;
  message: LocalizedText;
  /** The exact, safe replacement value, only where one exists (SPEC §3). */
  fix?: Cell;
  /**
   * A suggested value that is not safe to write without a person's decision (the attachment
   * name of the convention, 休眠 for a dormant customer); never written by applying fixes.
   */
  suggestion?: Cell;
  /** The customer id of the row, where the row has one (used by audit key items and the pane). */
  customerId?: string;
}

/** Counts of a report. */
export interface ReportStats {
  rows: number;
  errors: number;
  warnings: number;
  infos: number;
  byCode: Record<string, number>;
}

/** The result of validating a workbook. */
export interface Report {
  valid: boolean;
  stats: ReportStats;
  findings: Finding[];
}
