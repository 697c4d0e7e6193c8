/** How the reading commands start: time the phases, show progress, read only the sheets a command needs. */
import type { TableKey } from "../core/template/tables";
import type { CliIO } from "./io";
import { PARSE_BYTES_PER_MS, Phases, Progress } from "./progress";
import { readWorkbook, type LoadedWorkbook, type ReadOptions } from "./xlsx";

/** A command run: its phases (for --verbose) and its progress line (on a terminal). */
export interface CommandRun {
  io: CliIO;
  phases: Phases;
  progress: Progress;
}

/** Start timing a command (`verbose`: print the phases at the end). */
export function startRun(io: CliIO, command: string, verbose: boolean): CommandRun {
  const label = `custfile ${command}`;
  return { io, phases: new Phases(io, label, verbose), progress: new Progress(io, label) };
}

/**
 * Read the sheets holding `tables` and the `sheets` named (the read phase), with a progress line
 * per sheet on a long read; without either, every sheet.
 */
export function readInput(run: CommandRun, file: string, tables: readonly TableKey[] | undefined, sheets?: ReadOptions["sheets"]): LoadedWorkbook {
  run.phases.start("read");
  const book = (run.io.open ?? readWorkbook)(file, {
    tables,
    sheets,
    onSheet: (sheet, done, count, bytes) => run.progress.update(`reading ${sheet} (sheet ${done + 1} of ${count})`, { step: true, longMs: bytes / PARSE_BYTES_PER_MS }),
  });
  for (const note of book.notes ?? []) run.io.err(note);
  const names = book.sheets.map((s) => s.sheet);
  run.phases.end(`${names.length} of ${book.sheetNames.length} sheets${names.length ? ` (${names.join(", ")})` : ""}, ${(book.bytes.length / 1e6).toFixed(1)} MB file`);
  return book;
}

/** End a run: clear the progress line and print the phases under --verbose. */
export function endRun(run: CommandRun): void {
  run.progress.clear();
  run.phases.report();
}
