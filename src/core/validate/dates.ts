/** Date number formats: whether a number cell is a real Excel date cell (the day itself is read by core/dates readDay). */

const formatCache = new Map<string, boolean>();

let lastFormat = "";
let lastIsDate = false;

/** True when an Excel number format shows a date (yyyy-mm-dd, m/d/yy, [$-804]yyyy"年"m"月"d"日" …), not a number or a time only. */
export function isDateFormat(format: string | undefined): boolean {
  if (format === undefined || format === "General" || format === "@" || format === "") return false;
  // A date column repeats one format down its rows.
  if (format === lastFormat) return lastIsDate;
  let cached = formatCache.get(format);
  if (cached === undefined) {
    // Quoted literals, escaped characters and [colour/locale] sections are not date tokens.
    const bare = format.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/\[[^\]]*\]/g, "").split(";")[0];
    cached = /[yd]/i.test(bare) || (/m/i.test(bare) && !/[hs]/i.test(bare)) || /e/.test(bare);
    formatCache.set(format, cached);
  }
  lastFormat = format;
  lastIsDate = cached;
  return cached;
}
