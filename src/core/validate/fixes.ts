/** Applying the exact, safe fixes of a report: as new blocks (pure) or as cell edits a host writes. */
import type { Cell, SheetBlock } from "../table";
import type { Finding, Report } from "./types";

/** One cell to change: where, the value before (for ChangeLog) and after, and the finding it fixes. */
export interface CellEdit {
  sheet: string;
  /** The sheet's 1-based row number. */
  row: number;
  /** 1-based sheet column number. */
  columnNumber: number;
  before: Cell;
  after: Cell;
  finding: Finding;
}

/** Whether a finding has a safe fix for a cell (a fix, and a row and column to write it to). */
export function hasCellFix<F extends Pick<Finding, "fix" | "row" | "columnNumber">>(f: F): f is F & { fix: Cell } {
  return f.fix !== undefined && f.row > 0 && f.columnNumber > 0;
}

/** The cell edits that carry out every fix of a report (one per cell: the first finding with a fix wins; all fixes of a cell agree). */
export function fixEdits(report: Pick<Report, "findings">): CellEdit[] {
  const edits: CellEdit[] = [];
  const seen = new Set<string>();
  for (const f of report.findings) {
    if (!hasCellFix(f)) continue;
    const key = `${f.sheet}\u0000${f.row}\u0000${f.columnNumber}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edits.push({ sheet: f.sheet, row: f.row, columnNumber: f.columnNumber, before: f.value, after: f.fix, finding: f });
  }
  return edits;
}

/** New blocks with every finding's fix written in; the given blocks are not changed (rows that change are copied). */
export function applyFixes(blocks: readonly SheetBlock[], findings: readonly Finding[]): SheetBlock[] {
  const edits = fixEdits({ findings: [...findings] });
  const bySheet = new Map<string, CellEdit[]>();
  for (const e of edits) {
    const list = bySheet.get(e.sheet);
    if (list) list.push(e);
    else bySheet.set(e.sheet, [e]);
  }
  return blocks.map((block) => {
    const sheetEdits = bySheet.get(block.sheet);
    if (!sheetEdits) return block;
    const values = block.values.slice();
    const numberFormats = block.numberFormats?.slice();
    const copied = new Set<number>();
    for (const e of sheetEdits) {
      const r = e.row - block.firstRow;
      const c = e.columnNumber - block.firstColumn;
      if (r < 0 || r >= values.length || c < 0) continue;
      if (!copied.has(r)) {
        values[r] = values[r].slice();
        if (numberFormats && numberFormats[r]) numberFormats[r] = numberFormats[r].slice();
        copied.add(r);
      }
      while (values[r].length <= c) values[r].push(null);
      values[r][c] = e.after;
      // Text written over a number keeps no number format; a date fix is YYYY-MM-DD text.
      if (numberFormats && numberFormats[r] && typeof e.after === "string") numberFormats[r][c] = "General";
    }
    return { ...block, values, numberFormats };
  });
}
