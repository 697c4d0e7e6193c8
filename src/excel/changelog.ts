/**
 * The ChangeLog (变更记录) table as custfile writes it: column order by header text, and the
 * table made when it is missing. Shared by change tracking (src/excel/changes.ts) and fixes.
 */
import type { ChangeLogEntry } from "../core/changes";
import { columnLetter } from "../core/table";
import { CHANGELOG, normalizeHeader } from "../core/template/tables";

/**
 * The template's ChangeLog headers, in order, that the Excel writers fill today. 校验 (the hash
 * chain of SPEC §10.5c) is left out until the single writer computes it for every row it
 * appends (core/records/chain: chainCells); a log made now gets the column then, its chain
 * starting at that row.
 */
export const CHANGELOG_HEADERS: readonly string[] = CHANGELOG.columns.filter((c) => c.key !== "check").map((c) => c.header);

/** ChangeLog column → ChangeLogEntry key, by header text or alias (null for a column custfile does not fill). */
export function changeLogColumnOrder(headers: readonly string[]): (keyof ChangeLogEntry | null)[] {
  const byText = new Map<string, keyof ChangeLogEntry>();
  for (const c of CHANGELOG.columns) {
    // 校验 is not an entry field: its value is chained from the previous row (core/records/chain).
    if (c.key === "check") continue;
    for (const t of [c.header, ...c.aliases]) byText.set(normalizeHeader(t), c.key as keyof ChangeLogEntry);
  }
  return headers.map((h) => byText.get(normalizeHeader(h)) ?? null);
}

/** An entry as a row of a ChangeLog table with that column order ("" in a column custfile does not fill). */
export function changeLogRow(order: readonly (keyof ChangeLogEntry | null)[], entry: ChangeLogEntry): string[] {
  return order.map((k) => (k ? entry[k] : ""));
}

/**
 * Queue a new ChangeLog table on `sheet` holding `rows` (in template column order), its header on
 * 0-based sheet row `headerRow`. A table made over a header row alone gets an empty first data
 * row in Excel, so it is made over the header and the first rows at once.
 */
export function queueNewChangeLogTable(sheet: Excel.Worksheet, rows: string[][], headerRow = 0): Excel.Table {
  const headers = CHANGELOG_HEADERS as string[];
  sheet.getRangeByIndexes(headerRow, 0, rows.length + 1, headers.length).values = [headers, ...rows];
  const table = sheet.tables.add(`A${headerRow + 1}:${columnLetter(headers.length)}${headerRow + rows.length + 1}`, true);
  table.name = CHANGELOG.tableName;
  return table;
}
