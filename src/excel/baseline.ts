/**
 * Persisting the change tracker's baseline in the workbook, so a reopen keeps it.
 *
 * Storage: a very hidden sheet `_custfile_baseline`, column A. A1 holds the directory
 * (format version, then the order of slots); slot s is the text of one chunk of ~200 rows in
 * cell A(s+2). Why a sheet and not a custom XML part: a part is read and written whole
 * (`getXml`/`setXml`), so 100,000 customers (~15 MB of text) would be rewritten on every
 * edit and exceed Excel on the web's 5 MB request limit; cells let us rewrite only the chunks
 * an edit touched, and read/write in batches under the limit. Very hidden keeps it out of the
 * Unhide dialog; it travels with the file and co-authors see the same baseline. Cells are
 * written as text ("@"): a chunk must never be read by Excel as a number, a date or a formula.
 */
import { Baseline, type BaselineWrite } from "../core/changes";
import { readBlocks, VALUE_BYTES } from "./read";
import { queueCellWrites, type CellWrite, type RequestBudget } from "./write";
import { maxOf } from "../core/arrays";

/** Name of the very hidden sheet holding the baseline. */
export const BASELINE_SHEET = "_custfile_baseline";

/** Chunk cells read per sync (each ≤ 30,000 characters: 20 stay well under Excel on the web's 5 MB). */
export const SLOTS_PER_READ = 20;

/** Load the persisted baseline (null when the workbook has none yet). Syncs: 2 + one per SLOTS_PER_READ chunks. */
export async function loadBaseline(context: Excel.RequestContext): Promise<{ baseline: Baseline | null; sheetExists: boolean }> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(BASELINE_SHEET);
  sheet.load("isNullObject");
  await context.sync();
  if (sheet.isNullObject) return { baseline: null, sheetExists: false };
  const head = sheet.getRange("A1").load("values");
  await context.sync();
  const directory = String(head.values[0][0] ?? "");
  if (directory === "") return { baseline: null, sheetExists: true };
  const slotLine = directory.split("\n")[1] ?? "";
  const slots = slotLine ? slotLine.split(",").map(Number) : [];
  const maxSlot = maxOf(slots, -1);
  // The reader's estimate counts VALUE_BYTES a cell: this budget packs SLOTS_PER_READ chunk cells per sync.
  const [chunks] = maxSlot >= 0 ? await readBlocks(context, [{ sheet: BASELINE_SHEET, row: 1, column: 0, rows: maxSlot + 1, columns: 1 }], { budget: SLOTS_PER_READ * VALUE_BYTES }) : [{ values: [] }];
  const texts = chunks.values.map((r) => String(r[0] ?? ""));
  try {
    return { baseline: Baseline.load(directory, (slot) => texts[slot] ?? ""), sheetExists: true };
  } catch (e) {
    throw new Error(`${BASELINE_SHEET}!A1: ${(e as Error).message}`);
  }
}

/**
 * Queue the writes of a baseline's changed chunks (creating the very hidden sheet when
 * missing), syncing between parts only when `budget` says the request would pass its limits.
 * The caller syncs the last part (so it rides with its other writes).
 */
export async function queueBaselineWrite(context: Excel.RequestContext, write: BaselineWrite, sheetExists: boolean, budget: RequestBudget): Promise<void> {
  if (!sheetExists) {
    const sheet = context.workbook.worksheets.add(BASELINE_SHEET);
    sheet.visibility = "VeryHidden" as Excel.SheetVisibility;
  }
  const cell = (slot: number, value: string): CellWrite => ({ sheet: BASELINE_SHEET, row: slot + 2, column: 1, value, format: "text" });
  await queueCellWrites(context, [...write.slots.map((s) => cell(s.slot, s.text)), ...write.freedSlots.map((slot) => cell(slot, ""))], budget);
  // The directory goes last: a reader never sees a directory naming chunks not yet written.
  await queueCellWrites(context, [cell(-1, write.directory)], budget);
}
