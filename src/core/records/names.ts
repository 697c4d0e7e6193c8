/** Names of the sheets and tables custfile adds: what Excel accepts, and not one the workbook has already. */

/** Excel's longest sheet name. */
export const MAX_SHEET_NAME = 31;

/** A sheet name Excel accepts: no []:*?/\, no apostrophe at either end, at most 31 characters (counted in UTF-16 units, as Excel does). */
export function safeSheetName(name: string): string {
  const cleaned = name.replace(/[[\]:*?/\\]/g, "_").replace(/^'+|'+$/g, "").trim();
  return (cleaned || "Sheet").slice(0, MAX_SHEET_NAME).trim();
}

/** `base` made safe, with " (2)", " (3)" … when the workbook has a sheet of that name already (compared case-insensitively, like Excel). */
export function uniqueSheetName(base: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((s) => s.toLowerCase()));
  const first = safeSheetName(base);
  if (!taken.has(first.toLowerCase())) return first;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = safeSheetName(base).slice(0, MAX_SHEET_NAME - suffix.length).trim() + suffix;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** An Excel table name (letters, digits, underscore; a letter or underscore first) not yet used, with _2, _3 … when needed. */
export function uniqueTableName(base: string, existing: readonly string[]): string {
  let name = base.replace(/[^A-Za-z0-9_]/g, "_");
  if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
  const taken = new Set(existing.map((s) => s.toLowerCase()));
  if (!taken.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name}_${n}`.toLowerCase())) return `${name}_${n}`;
}

/** Length in UTF-16 units (Excel counts a sheet name's length so). */
const units = (text: string) => text.length;

/** `text` cut to at most `max` UTF-16 units on a character boundary, the cut marked with "…". */
function cutTo(text: string, max: number): string {
  if (units(text) <= max) return text;
  if (max <= 0) return "";
  let out = "";
  for (const ch of text) {
    if (units(out) + units(ch) > max - 1) break;
    out += ch;
  }
  return out + "…";
}

/** A person's name as part of a sheet name: no characters Excel refuses, spaces collapsed. */
function sheetPart(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, "_").replace(/\s+/g, " ").trim() || "_";
}

/**
 * The name of a handover's sheet, `交接清单 YYYY-MM-DD X→Y` (SPEC §10.1), within Excel's 31
 * characters and not one the workbook has: when the two names are too long, each is cut to a
 * fair share of the room left (a short name keeps all of it, the longer one takes the rest) and
 * the cut is marked with "…", so the date and the arrow always stay; a second list of the same
 * day and people gets " (2)", " (3)" … and shorter names to make room. Deterministic.
 */
export function handoverSheetName(date: string, from: string, to: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((s) => s.toLowerCase()));
  const x = sheetPart(from);
  // A sheet name may not end with an apostrophe.
  const y = sheetPart(to).replace(/'+$/, "") || "_";
  const prefix = `交接清单 ${date} `;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : ` (${n})`;
    const room = MAX_SHEET_NAME - units(prefix) - units("→") - units(suffix);
    let a = x;
    let b = y;
    if (units(x) + units(y) > room) {
      const half = Math.floor(room / 2);
      if (units(x) <= half) b = cutTo(y, room - units(x));
      else if (units(y) <= half) a = cutTo(x, room - units(y));
      else {
        a = cutTo(x, room - half);
        b = cutTo(y, half);
      }
      // A cut that ends inside a surrogate pair is avoided by cutTo; fill what it left unused.
      if (units(a) + units(b) < room && units(b) < units(y)) b = cutTo(y, room - units(a));
    }
    const name = `${prefix}${a}→${b}${suffix}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}
