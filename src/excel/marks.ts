/**
 * Pointing at findings in the sheet: select one finding's cell; mark many cells at once with
 * conditional formats over RangeAreas (worksheet.getRanges("A2,C5,…"), ExcelApi 1.9) so the
 * user's own fills stay untouched. Marks are found again by their rule — custfile's formula and
 * one of its fills — not by stored ids: ConditionalFormat.id is the format's position in its
 * collection and shifts whenever a format is added or removed (issue 10), so "clear marks"
 * removes exactly custfile's, even after the workbook was closed, reopened or re-sorted.
 */
import type { Severity } from "../core/validate";
import type { ExcelRun } from "./check";

/** The rule of custfile's marks: always true, with custfile's name in it so the rule says whose it is. */
export const MARK_FORMULA = '=N("custfile")=0';
/** The workbook setting where custfile ≤ 0.1 listed its marks by id (read once to remove those marks, then deleted). */
export const LEGACY_MARKS_SETTING = "custfile.marks";
/** Longest address list given to one getRanges call (Excel refuses very long ones; 8,192 is the documented formula bound). */
export const MAX_ADDRESS_CHARS = 2000;
/** Fill of marked cells by severity (Excel's own "bad" / "neutral" / light blue styles). */
export const MARK_FILL: Readonly<Record<Severity, string>> = { error: "#FFC7CE", warning: "#FFEB9C", info: "#DDEBF7" };

/** One cell to mark. */
export interface MarkTarget {
  sheet: string;
  address: string | null;
  severity: Severity;
}

/** Group addresses into comma-joined lists of at most `max` characters. */
export function addressChunks(addresses: readonly string[], max = MAX_ADDRESS_CHARS): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const a of addresses) {
    if (current.length && length + a.length + 1 > max) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(a);
    length += a.length + 1;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Activate the finding's sheet and select its cell (one round trip). */
export async function selectCell(run: ExcelRun, sheet: string, address: string): Promise<void> {
  await run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(address).select();
    await context.sync();
  });
}

const FILLS = new Set(Object.values(MARK_FILL).map((f) => f.toUpperCase()));
const squeeze = (formula: string) => formula.replace(/\s+/g, "").toUpperCase();

/** Whether a conditional format is one of custfile's marks: custom, custfile's formula (or, in a workbook marked by an older custfile, =TRUE) and a mark fill. */
function isMark(type: string, formula: string, fill: string, legacy: boolean): boolean {
  if (type !== "Custom" || !FILLS.has(fill.toUpperCase())) return false;
  const f = squeeze(formula);
  return f === squeeze(MARK_FORMULA) || (legacy && f === "=TRUE");
}

/**
 * Queue the deletion of every mark on every sheet (two syncs: the sheets, then their conditional
 * formats with rule and fill); returns how many. Deleted from the last position to the first:
 * an item refers to a position, which a delete before it would shift.
 */
async function queueDeleteMarks(context: Excel.RequestContext): Promise<number> {
  const sheets = context.workbook.worksheets.load("items/name");
  const legacy = context.workbook.settings.getItemOrNullObject(LEGACY_MARKS_SETTING).load("isNullObject");
  await context.sync();
  const collections = sheets.items.map((s) =>
    s.getRange().conditionalFormats.load("items/type,items/customOrNullObject/rule/formula,items/customOrNullObject/format/fill/color"));
  await context.sync();
  let removed = 0;
  for (const formats of collections) {
    for (let i = formats.items.length - 1; i >= 0; i--) {
      const cf = formats.items[i];
      const custom = cf.customOrNullObject;
      if (custom.isNullObject) continue;
      if (!isMark(cf.type, custom.rule.formula, custom.format.fill.color, !legacy.isNullObject)) continue;
      cf.delete();
      removed++;
    }
  }
  if (!legacy.isNullObject) legacy.delete();
  return removed;
}

/**
 * Mark the cells of findings (earlier marks are replaced). Cells are grouped per sheet and
 * severity, in address lists short enough for getRanges; three round trips whatever the count.
 */
export async function markCells(run: ExcelRun, targets: readonly MarkTarget[]): Promise<{ cells: number }> {
  return run(async (context) => {
    await queueDeleteMarks(context);
    const groups = new Map<string, { sheet: string; severity: Severity; addresses: Set<string> }>();
    // A cell with an error and a warning is marked once, as an error.
    const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
    const best = new Map<string, MarkTarget>();
    for (const t of targets) {
      if (!t.address) continue;
      const key = `${t.sheet}\u0000${t.address}`;
      const cur = best.get(key);
      if (!cur || rank[t.severity] < rank[cur.severity]) best.set(key, t);
    }
    for (const t of best.values()) {
      const key = `${t.sheet}\u0000${t.severity}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { sheet: t.sheet, severity: t.severity, addresses: new Set() }));
      g.addresses.add(t.address!);
    }
    for (const g of groups.values()) {
      const ws = context.workbook.worksheets.getItem(g.sheet);
      for (const chunk of addressChunks([...g.addresses])) {
        const cf = ws.getRanges(chunk.join(",")).conditionalFormats.add("Custom" as Excel.ConditionalFormatType);
        cf.custom.rule.formula = MARK_FORMULA;
        cf.custom.format.fill.color = MARK_FILL[g.severity];
      }
    }
    await context.sync();
    return { cells: best.size };
  });
}

/** Remove custfile's marks (and nothing else); returns how many conditional formats were removed. */
export async function clearMarks(run: ExcelRun): Promise<number> {
  return run(async (context) => {
    const removed = await queueDeleteMarks(context);
    await context.sync();
    return removed;
  });
}
