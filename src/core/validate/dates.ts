/** Reading date cells: real Excel date cells, exact YYYY-MM-DD text, and the other ways people type a date. */
import { dayNumber, excelSerialToDay } from "../dates";
import { isoDay } from "./fast";
import { toHalfWidth } from "./text";

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

/** Other date spellings: 2024/3/5, 2024-3-5, 2024.3.5, 2024年3月5日, 2024 年 3 月 5 日, with an optional 00:00[:00] time. */
const LOOSE = /^(\d{4})\s*(?:[/\-.]|年)\s*(\d{1,2})\s*(?:[/\-.]|月)\s*(\d{1,2})\s*日?(?:\s+0{1,2}:00(?::00)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** How a text date reads: `exact` = already YYYY-MM-DD; otherwise the day it means (fixable), or not a real day. */
export type TextDate = { kind: "exact"; day: number } | { kind: "fixable"; day: number } | { kind: "impossible" } | { kind: "unreadable" };

/** Read a date typed as text. An impossible calendar day (2022-22-22, 2024/2/30) is never rolled over. */
export function readTextDate(raw: string): TextDate {
  if (raw.length === 10) {
    const exact = isoDay(raw);
    if (exact !== null) return { kind: "exact", day: exact };
  }
  const text = toHalfWidth(raw).trim();
  const m = LOOSE.exec(text) ?? COMPACT.exec(text);
  if (!m) return { kind: "unreadable" };
  const day = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  if (day === null) return { kind: "impossible" };
  return { kind: "fixable", day };
}

/** The day an Excel serial number means, or null when it is outside 1900-03-01 … 9999-12-31 or not a whole day. */
export function serialDay(serial: number): number | null {
  if (!Number.isFinite(serial) || serial < 61 || serial > 2958465) return null;
  return excelSerialToDay(serial);
}
