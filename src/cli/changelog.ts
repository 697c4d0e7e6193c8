/**
 * The one way the command line appends ChangeLog (变更记录) rows: through the file writer, each
 * row with its 校验 chained to the row before it (SPEC §10.5c), the log's last row as it is in
 * the file when the log already has a chain, otherwise the chain starts at the first new row.
 */
import type { ChangeLogEntry } from "../core/changes";
import { chainCellsSync, changeLogCells } from "../core/records/chain";
import type { Cell } from "../core/table";
import { CHANGELOG } from "../core/template/tables";
import { nodeSha256 } from "./crypto";
import type { RecordCells, TableAppend } from "./workbook";

/** ChangeLog entries as an append for writeWorkbookCopy, 校验 computed per row. */
export function changeLogAppend(entries: readonly ChangeLogEntry[]): TableAppend {
  const hash = nodeSha256 as (text: string) => string;
  return {
    table: CHANGELOG,
    entries: entries as unknown as RecordCells[],
    extend: (previous, entry) => {
      const head = typeof previous?.check === "string" ? previous.check : null;
      return { check: chainCellsSync(head, changeLogCells(entry as unknown as ChangeLogEntry), hash) as Cell };
    },
  };
}
