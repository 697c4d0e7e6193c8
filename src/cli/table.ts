/** Plain-text tables for the terminal: columns padded to the widest cell by display width (a CJK character takes two columns). */
import { displayWidth } from "./io";

/** Lines of an aligned table: `rows[0]` is the header; columns marked in `right` are right-aligned; `indent` goes before every line. */
export function alignedTable(rows: readonly (readonly string[])[], right: readonly boolean[], indent = "  ", gap = 2): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, c) => { widths[c] = Math.max(widths[c] ?? 0, displayWidth(cell)); });
  return rows.map((row) =>
    indent + row.map((cell, c) => {
      const fill = " ".repeat(widths[c] - displayWidth(cell));
      const padded = right[c] ? fill + cell : cell + fill;
      return c === 0 ? padded : " ".repeat(gap) + padded;
    }).join("").trimEnd(),
  );
}
