/**
 * Errors custfile raises on purpose, with a stable code and the data a host needs to say them
 * in the user's language (the task pane translates the code; the message is English, for logs
 * and the command line). Anything else thrown is a host's or a bug's error and is shown as it is.
 */

/** The codes of custfile's own errors (stable, like finding codes). */
export type CustfileErrorCode =
  /** A fix would create the ChangeLog table on a sheet of that name that holds other data. */
  | "changelog-sheet-taken"
  /** Excel gave no cells for one row even when asked for it alone (Excel on the web's response bound). */
  | "no-cells"
  /** Restore was asked for a row whose 客户编号 has not changed. */
  | "nothing-to-restore"
  /** Change tracking is not running, so there is nothing to restore with. */
  | "tracking-off";

/** Data of an error's message: sheet names, rows, counts. */
export type ErrorData = Readonly<Record<string, string | number>>;

/** An error with a code (see CustfileErrorCode) and the data of its message. */
export class CustfileError extends Error {
  constructor(readonly code: CustfileErrorCode, readonly data: ErrorData, message: string) {
    super(message);
    this.name = "CustfileError";
  }
}

/** The code and data of an error when it is custfile's own (also after crossing a worker boundary as a plain object). */
export function custfileErrorOf(e: unknown): { code: CustfileErrorCode; data: ErrorData } | null {
  if (e instanceof CustfileError) return { code: e.code, data: e.data };
  const o = e as { name?: unknown; code?: unknown; data?: unknown } | null;
  if (o && typeof o === "object" && o.name === "CustfileError" && typeof o.code === "string" && o.data && typeof o.data === "object") {
    return { code: o.code as CustfileErrorCode, data: o.data as ErrorData };
  }
  return null;
}
