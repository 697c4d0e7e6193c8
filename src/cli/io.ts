import type { LoadedWorkbook, ReadOptions } from "./xlsx";

/** What a CLI command may touch: its output streams. Tests pass their own to read what was printed. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** The raw error stream for progress (no newline added), and whether it is a terminal; none = no progress. */
  status?: { tty: boolean; write(text: string): void };
  /** A monotonic clock in milliseconds (progress waits a second before it shows; --verbose times phases). */
  now?(): number;
  /** How a command opens its input workbook; default: read the file (the demo hands over the workbook it just wrote, still in memory). */
  open?(path: string, options: ReadOptions): LoadedWorkbook;
}

/** Exit codes of every `custfile` command. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** An error that ends a command with a message for the user and an exit code (2 = usage or unreadable input). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.usage) {
    super(message);
    this.name = "CliError";
  }
}

/** One `custfile` subcommand. */
export interface CliCommand {
  name: string;
  /** One line for `custfile --help`. */
  summary: string;
  /** Full usage text for `custfile NAME --help`. */
  usage: string;
  /** Runs the command; returns the exit code. Throws CliError for usage and input problems. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** An IO that writes to the process's own streams. */
export const processIO: CliIO = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : text + "\n"),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : text + "\n"),
  status: { tty: process.stderr.isTTY === true, write: (text) => process.stderr.write(text) },
  now: () => performance.now(),
};

/** Display width of text in Excel columns and in a terminal: CJK characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

/** Pad text with spaces to a display width (CJK characters take two columns), leaving at least `gap` spaces after a text that is too long. */
export function padToWidth(text: string, width: number, gap = 0): string {
  return text + " ".repeat(Math.max(gap, width - displayWidth(text)));
}
