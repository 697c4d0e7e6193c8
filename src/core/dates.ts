/**
 * Calendar dates without time zones. Excel stores a date as a serial day number counted
 * from 1899-12-30 (the 1900 leap-year bug makes that the right epoch for every date from
 * 1900-03-01 on); the template writes dates as YYYY-MM-DD text. Both map to a whole day
 * number here so that date arithmetic never touches local time.
 */

/** Days since 1970-01-01 for a proleptic Gregorian date (month 1–12), or null when not a real day. */
export function dayNumber(year: number, month: number, day: number): number | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  return Math.floor(new Date(0).setUTCFullYear(year, month - 1, day) / 86400000);
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

/** Excel serial day number (1900 system) → day number since 1970-01-01. */
export function excelSerialToDay(serial: number): number {
  return Math.floor(serial) - 25569;
}

/** Day number since 1970-01-01 → Excel serial (1900 system). */
export function dayToExcelSerial(day: number): number {
  return day + 25569;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse exact YYYY-MM-DD text to a day number; null when the form or the calendar day is wrong (never rolls over). */
export function parseIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  return dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
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
