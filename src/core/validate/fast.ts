/**
 * Allocation-free helpers for the hot loop (a workbook has millions of cells): day numbers by
 * integer arithmetic instead of Date objects, digit checks by char codes instead of regexes.
 */

/** Days since 1970-01-01 of a proleptic Gregorian date, or null when it is not a real day (H. Hinnant's days_from_civil). */
export function civilDay(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || year < 1 || year > 9999) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const dim = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (day > dim) return null;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The value of `count` decimal digits of `text` from `at`, or -1 when one is not a digit. */
export function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Exact YYYY-MM-DD text → day number, or null (wrong form or not a real day). */
export function isoDay(text: string): number | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const y = digitsAt(text, 0, 4);
  const m = digitsAt(text, 5, 2);
  const d = digitsAt(text, 8, 2);
  if (y < 0 || m < 0 || d < 0) return null;
  return civilDay(y, m, d);
}

/** True when text is empty or only white space (what String.trim removes), checking the first character before trimming. */
export function blankText(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  // Printable ASCII and CJK never count as white space: most cells stop here.
  if ((c > 32 && c < 127) || (c >= 0x3400 && c <= 0x9fff)) return false;
  return text.trim() === "";
}
