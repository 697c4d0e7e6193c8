/**
 * Calendar quarters as the audit names them: `2026Q4` = 2026-10-01 … 2026-12-31. Day numbers
 * come from core/dates, so a quarter never depends on a time zone once "today" is known.
 */
import { dayNumber, dayParts, daysInMonth } from "../dates";

/** A calendar quarter. */
export interface Quarter {
  year: number;
  /** 1–4. */
  q: number;
}

const QUARTER_TEXT = /^(\d{4})\s*-?\s*Q([1-4])$/i;

/** Parse `2026Q4` (also `2026-Q4`, `2026q4`); null when it is not a quarter. */
export function parseQuarter(text: string): Quarter | null {
  const m = QUARTER_TEXT.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900) return null;
  return { year, q: Number(m[2]) };
}

/** The canonical text of a quarter: `2026Q4`. */
export function quarterText(quarter: Quarter): string {
  return `${quarter.year}Q${quarter.q}`;
}

/** The quarter a day number falls in. */
export function quarterOfDay(day: number): Quarter {
  const p = dayParts(day);
  return { year: p.year, q: Math.floor((p.month - 1) / 3) + 1 };
}

/** First day (day number) of a quarter. */
export function quarterStart(quarter: Quarter): number {
  return dayNumber(quarter.year, (quarter.q - 1) * 3 + 1, 1)!;
}

/** Last day (day number) of a quarter. */
export function quarterEnd(quarter: Quarter): number {
  const month = quarter.q * 3;
  return dayNumber(quarter.year, month, daysInMonth(quarter.year, month))!;
}
