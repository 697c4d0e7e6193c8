/**
 * Calendar dates without time zones. Excel stores a date as a serial day number counted
 * from 1899-12-30 (the 1900 leap-year bug makes that the right epoch for every date from
 * 1900-03-01 on); the template writes dates as YYYY-MM-DD text. Both map to a whole day
 * number here so that date arithmetic never touches local time.
 *
 * This is also the one reader of a cell as a calendar day (readDay, dayOfCell, cellDay):
 * validation, credit, the audit and the custom functions all read dates through it, so a
 * blank, a time of day, an error value or a 0 means the same thing everywhere (docs/dates.md).
 */
import { isExcelError, type Cell } from "./table";
import { toHalfWidth } from "./validate/text";

/** The value of `count` decimal digits of `text` from `at`, or -1 when one is not a digit (no allocation: the hot loops call it per cell). */
export function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (month 1–12, years 1–9999), or null when not a real day. */
export function dayNumber(year: number, month: number, day: number): number | null {
  // Integer arithmetic (H. Hinnant's days_from_civil), not Date objects: validation calls this per cell.
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || year < 1 || year > 9999) return null;
  if (day > daysInMonth(year, month)) return null;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Number of days in a month of a year (Gregorian leap rules). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The YYYY-MM-DD text of a day number. */
export function formatDay(day: number): string {
  const d = new Date(day * 86400000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const dd = d.getUTCDate();
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${dd < 10 ? "0" : ""}${dd}`;
}

/** Day number since 1970-01-01 → Excel serial (1900 system). */
export function dayToExcelSerial(day: number): number {
  return day + 25569;
}

/** Parse exact YYYY-MM-DD text to a day number; null when the form or the calendar day is wrong (never rolls over). */
export function parseIsoDate(text: string): number | null {
  // Char codes, not a regex: every date cell of a workbook passes here.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const y = digitsAt(text, 0, 4);
  const m = digitsAt(text, 5, 2);
  const d = digitsAt(text, 8, 2);
  if (y < 0 || m < 0 || d < 0) return null;
  return dayNumber(y, m, d);
}

/** The parts of a day number. */
export function dayParts(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * 86400000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Add whole calendar months to a day number, clamping to the month's end (2024-03-31 − 1 month = 2024-02-29). */
export function addMonths(day: number, months: number): number {
  const p = dayParts(day);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return dayNumber(year, month, Math.min(p.day, daysInMonth(year, month)))!;
}

/** Today's date as a day number, in the given IANA time zone (default Asia/Shanghai, the users' zone). */
export function today(timeZone = "Asia/Shanghai", now: Date = new Date()): number {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  return parseIsoDate(parts)!;
}

/** Excel serials custfile reads as days: 1900-03-01 (61) up to the end of 9999-12-31; below 61 lies Excel's fictitious 1900-02-29. */
const FIRST_SERIAL = 61;
const END_SERIAL = 2958466;
/** Day number of Excel serial 0 (1899-12-30). */
const SERIAL_EPOCH = 25569;

/** The calendar day of an Excel serial (a fraction is the time of day, dropped), or null outside 1900-03-01 … 9999-12-31, 0 and negatives included. */
export function serialDay(serial: number): number | null {
  if (!(serial >= FIRST_SERIAL && serial < END_SERIAL)) return null;
  return Math.floor(serial) - SERIAL_EPOCH;
}

/**
 * How a cell reads as a calendar day:
 * - `blank`: null, "" or only white space (no date given; whether that is allowed is the caller's rule);
 * - `day`, with the form it was written in: `serial` (a number: a date cell, or a datetime whose time is
 *   dropped), `iso` (exactly YYYY-MM-DD), `text` (another spelling of a day: 2024/3/5, 2024年3月5日,
 *   20240305, full-width digits, spaces around, a midnight time), `datetime` (a date and a time of day:
 *   2024-03-05 14:30:00, 2024-03-05T14:30Z; the day is the date as written, a zone mark does not move it);
 * - `impossible`: a date spelling whose month or day does not exist (2022-22-22, 2024/2/30): never rolled over;
 * - `not-a-day`: anything else, with its cause: an error value (#N/A), a boolean, other text, or a number
 *   that is no serial of 1900-03-01 … 9999-12-31 (0 included: hosts that hand empty cells as 0 clear them first).
 */
export type DayReading =
  | { kind: "blank" }
  | { kind: "day"; day: number; form: "serial" | "iso" | "text" | "datetime" }
  | { kind: "impossible" }
  | { kind: "not-a-day"; cause: "error" | "boolean" | "number" | "text" };

/** A date written as text, with an optional time of day (hours 0–23) and zone mark. */
const DATE_TEXT = /^(\d{4})\s*(?:[/\-.]|年)\s*(\d{1,2})\s*(?:[/\-.]|月)\s*(\d{1,2})\s*日?(?:(?:\s+|T)([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

const BLANK_READING: DayReading = { kind: "blank" };
const IMPOSSIBLE: DayReading = { kind: "impossible" };
const NOT_A_DAY = {
  error: { kind: "not-a-day", cause: "error" },
  boolean: { kind: "not-a-day", cause: "boolean" },
  number: { kind: "not-a-day", cause: "number" },
  text: { kind: "not-a-day", cause: "text" },
} as const satisfies Record<string, DayReading>;

/** Read a cell as a calendar day (see DayReading for every decision). */
export function readDay(value: Cell | undefined): DayReading {
  if (value === null || value === undefined) return BLANK_READING;
  if (typeof value === "number") {
    const day = serialDay(value);
    return day === null ? NOT_A_DAY.number : { kind: "day", day, form: "serial" };
  }
  if (typeof value === "boolean") return NOT_A_DAY.boolean;
  const exact = parseIsoDate(value);
  if (exact !== null) return { kind: "day", day: exact, form: "iso" };
  const text = toHalfWidth(value).trim();
  if (text === "") return BLANK_READING;
  const m = DATE_TEXT.exec(text) ?? COMPACT.exec(text);
  if (!m) return isExcelError(value) ? NOT_A_DAY.error : NOT_A_DAY.text;
  const day = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  if (day === null) return IMPOSSIBLE;
  const midnight = m[4] === undefined || (Number(m[4]) === 0 && Number(m[5]) === 0 && Number(m[6] ?? 0) === 0);
  return { kind: "day", day, form: midnight ? "text" : "datetime" };
}

/** What dayOfCell returns for a blank cell (day numbers lie within ±3.7 million; NaN means not a day). */
export const BLANK_DAY = -1e9;

/**
 * A cell's calendar day as a number, for hot loops: the day, BLANK_DAY when blank, NaN when it is
 * no day (impossible or not-a-day). Always the verdict of readDay, without allocating for the
 * common cells (serials and exact YYYY-MM-DD text).
 */
export function dayOfCell(value: Cell | undefined): number {
  if (typeof value === "number") return serialDay(value) ?? Number.NaN;
  if (value === null || value === undefined) return BLANK_DAY;
  if (typeof value === "string" && value.length === 10) {
    const day = parseIsoDate(value);
    if (day !== null) return day;
  }
  const r = readDay(value);
  return r.kind === "day" ? r.day : r.kind === "blank" ? BLANK_DAY : Number.NaN;
}

/** A cell's calendar day, or null when it is blank or no day (readDay's verdict, for rules that only use a day when there is one). */
export function cellDay(value: Cell | undefined): number | null {
  const day = dayOfCell(value);
  return day === BLANK_DAY || Number.isNaN(day) ? null : day;
}
