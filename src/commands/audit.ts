/**
 * The 季度抽查 ribbon button (manifest action id `quarterlyAudit`, associated in commands.ts).
 * It runs in the shared runtime, so what it did is published to `auditNotices` as data (the
 * task pane subscribes and words it in the user's language) and, when something went wrong, the task pane is
 * opened with Office.addin.showAsTaskpane() so the message is seen: a ribbon command has no
 * UI of its own, and a dialog would need a page of its own. Every path calls event.completed().
 */
import { runQuarterlyAudit, type AuditOutcome } from "../excel/audit";
import type { ExcelRun } from "../excel/check";
import { readBudgetFor } from "../excel/read";

/** What the audit command did, for the pane: its outcome, or the error Excel gave. */
export interface AuditNotice {
  kind: AuditOutcome["kind"] | "error";
  outcome?: AuditOutcome;
  /** Excel's (or the runtime's) error message when kind is "error"; Office words its own errors. */
  error?: string;
  /** True when the command could not do its work. */
  failed: boolean;
}

/** Messages published so far (the pane shows the last ones when it opens after the fact). */
export const auditNotices: AuditNotice[] = [];
const listeners = new Set<(notice: AuditNotice) => void>();

/** Subscribe to the audit command's messages; returns the unsubscribe function. */
export function onAuditNotice(listener: (notice: AuditNotice) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function publish(notice: AuditNotice): void {
  auditNotices.push(notice);
  for (const l of listeners) l(notice);
}

async function showPane(): Promise<void> {
  try {
    await Office.addin.showAsTaskpane();
  } catch (e) {
    // The message stays in auditNotices; the console is the last place left to say it.
    console.error("custfile: could not open the task pane to show an audit message", e);
  }
}

const FAILED: ReadonlySet<AuditNotice["kind"]> = new Set(["missing-table", "empty", "refused", "error"]);

/** The 季度抽查 button: draw this quarter's sample, or show the one already drawn. */
export async function quarterlyAudit(event: Office.AddinCommands.Event): Promise<void> {
  try {
    // Excel on the web refuses a response over 5 MB: read under its budget there (20,000 customers and a long ChangeLog).
    const outcome = await runQuarterlyAudit(Excel.run as unknown as ExcelRun, { requestBudget: readBudgetFor(Office.context?.platform) });
    const notice: AuditNotice = { kind: outcome.kind, outcome, failed: FAILED.has(outcome.kind) };
    publish(notice);
    if (notice.failed) await showPane();
  } catch (e) {
    publish({ kind: "error", error: (e as Error).message ?? String(e), failed: true });
    await showPane();
  } finally {
    event.completed();
  }
}
