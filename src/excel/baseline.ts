/**
 * Persisting the change tracker's baseline in the workbook, so a reopen keeps it.
 *
 * Storage: a very hidden sheet `_custfile_baseline`, column A. A1 holds the directory
 * (format version, then the order of slots); slot s is the text of one chunk of ~200 rows in
 * cell A(s+2). Why a sheet and not a custom XML part: a part is read and written whole
 * (`getXml`/`setXml`), so 100,000 customers (~15 MB of text) would be rewritten on every
 * edit and exceed Excel on the web's 5 MB request limit; cells let us rewrite only the chunks
 * an edit touched, and read/write in batches under the limit. Very hidden keeps it out of the
 * Unhide dialog; it travels with the file and co-authors see the same baseline.
 */
import { Baseline, type BaselineWrite } from "../core/changes";

/** Name of the very hidden sheet holding the baseline. */
export const BASELINE_SHEET = "_custfile_baseline";

/** Characters per sync when writing or reading chunks (JSON may escape CJK to 6 bytes each; 5 MB request limit). */
export const CHARS_PER_SYNC = 600_000;
/** Chunk cells read per sync (each ≤ 30,000 characters). */
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
  const maxSlot = slots.length ? Math.max(...slots) : -1;
  const texts: string[] = [];
  for (let start = 0; start <= maxSlot; start += SLOTS_PER_READ) {
    const count = Math.min(SLOTS_PER_READ, maxSlot + 1 - start);
    const range = sheet.getRangeByIndexes(start + 1, 0, count, 1).load("values");
    await context.sync();
    range.values.forEach((r, i) => { texts[start + i] = String(r[0] ?? ""); });
  }
  try {
    return { baseline: Baseline.load(directory, (slot) => texts[slot] ?? ""), sheetExists: true };
  } catch (e) {
    throw new Error(`${BASELINE_SHEET}!A1: ${(e as Error).message}`);
  }
}

/**
 * Queue the writes of a baseline's changed chunks (creating the very hidden sheet when
 * missing), syncing between batches only when a batch would exceed CHARS_PER_SYNC, counting
 * `queuedChars` already queued in this request (ChangeLog rows). The caller syncs the last
 * batch (so it rides with its other writes).
 */
export async function queueBaselineWrite(context: Excel.RequestContext, write: BaselineWrite, sheetExists: boolean, queuedChars = 0): Promise<void> {
  let sheet: Excel.Worksheet;
  if (sheetExists) sheet = context.workbook.worksheets.getItem(BASELINE_SHEET);
  else {
    sheet = context.workbook.worksheets.add(BASELINE_SHEET);
    sheet.visibility = "VeryHidden" as Excel.SheetVisibility;
  }
  let chars = queuedChars;
  for (const { slot, text } of write.slots) {
    if (chars > 0 && chars + text.length > CHARS_PER_SYNC) {
      await context.sync();
      chars = 0;
    }
    sheet.getRangeByIndexes(slot + 1, 0, 1, 1).values = [[text]];
    chars += text.length;
  }
  for (const slot of write.freedSlots) sheet.getRangeByIndexes(slot + 1, 0, 1, 1).values = [[""]];
  // The directory goes last: a reader never sees a directory naming chunks not yet written.
  sheet.getRange("A1").values = [[write.directory]];
}
