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
