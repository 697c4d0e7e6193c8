/**
 * Pointing at findings in the sheet: select one finding's cell; mark many cells at once with
 * conditional formats over RangeAreas (worksheet.getRanges("A2,C5,…"), ExcelApi 1.9) so the
 * user's own fills stay untouched; remember the formats' ids in a workbook setting so "clear
 * marks" removes exactly those, even after the workbook was closed and reopened.
 */
import type { Severity } from "../core/validate";
import type { ExcelRun } from "./check";

/** The workbook setting that lists the conditional formats custfile added. */
export const MARKS_SETTING = "custfile.marks";
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

/** A conditional format custfile added: the sheet, a cell it covers and its id. */
interface StoredMark {
  sheet: string;
  anchor: string;
  id: string;
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

async function readStored(context: Excel.RequestContext): Promise<{ item: Excel.Setting; stored: StoredMark[] }> {
  const item = context.workbook.settings.getItemOrNullObject(MARKS_SETTING);
  item.load("value");
  const sheets = context.workbook.worksheets.load("items/name");
  await context.sync();
  if (item.isNullObject) return { item, stored: [] };
  // Marks on a sheet deleted since are gone with it.
  const names = new Set(sheets.items.map((s) => s.name));
  try {
    const v: unknown = typeof item.value === "string" ? JSON.parse(item.value) : item.value;
    return { item, stored: Array.isArray(v) ? (v as StoredMark[]).filter((m) => names.has(m.sheet)) : [] };
  } catch {
    return { item, stored: [] };
  }
}

/** Delete the stored marks' conditional formats (the caller syncs); those already gone are skipped. */
async function deleteStored(context: Excel.RequestContext, stored: StoredMark[]): Promise<number> {
  if (stored.length === 0) return 0;
  // The conditional formats of each sheet with marks, by id: looked up over the whole sheet, since
  // Excel moves a format with its cells when rows are inserted or deleted above it. (Not
  // ConditionalFormatCollection.getItemOrNullObject: ExcelApi 1.14, above the 1.9 custfile requires.)
  const sheets = [...new Set(stored.map((m) => m.sheet))];
  const collections = new Map(sheets.map((name) => [name, context.workbook.worksheets.getItem(name).getRange().conditionalFormats.load("items/id")]));
  await context.sync();
  let removed = 0;
  for (const m of stored) {
    // Removed by hand since: nothing to do.
    const cf = collections.get(m.sheet)!.items.find((f) => f.id === m.id);
    if (!cf) continue;
    cf.delete();
    removed++;
  }
  return removed;
}

/**
 * Mark the cells of findings (earlier marks are replaced). Cells are grouped per sheet and
 * severity, in address lists short enough for getRanges; three round trips whatever the count.
 */
export async function markCells(run: ExcelRun, targets: readonly MarkTarget[]): Promise<{ cells: number }> {
  return run(async (context) => {
    const { stored } = await readStored(context);
    await deleteStored(context, stored);
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
    const added: Array<{ sheet: string; anchor: string; cf: Excel.ConditionalFormat }> = [];
    for (const g of groups.values()) {
      const ws = context.workbook.worksheets.getItem(g.sheet);
      for (const chunk of addressChunks([...g.addresses])) {
        const cf = ws.getRanges(chunk.join(",")).conditionalFormats.add("Custom");
        cf.custom.rule.formula = "=TRUE";
        cf.custom.format.fill.color = MARK_FILL[g.severity];
        cf.load("id");
        added.push({ sheet: g.sheet, anchor: chunk[0], cf });
      }
    }
    await context.sync();
    const marks: StoredMark[] = added.map((a) => ({ sheet: a.sheet, anchor: a.anchor, id: a.cf.id }));
    context.workbook.settings.add(MARKS_SETTING, JSON.stringify(marks));
    await context.sync();
    return { cells: best.size };
  });
}

/** Remove custfile's marks (and nothing else); returns how many conditional formats were removed. */
export async function clearMarks(run: ExcelRun): Promise<number> {
  return run(async (context) => {
    const { item, stored } = await readStored(context);
    if (stored.length === 0) return 0;
    const removed = await deleteStored(context, stored);
    item.delete();
    await context.sync();
    return removed;
  });
}
