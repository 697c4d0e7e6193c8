/**
 * Pure logic of the pane's lists: findings grouped by severity (errors, then warnings, then
 * notes; each group collapsible, with its count and set positions), and where a key moves the
 * current item. No DOM, no React: tested in jest on its own.
 */
import type { Severity } from "../core/validate";
import type { LocatedFinding } from "../excel/check";

/** Severities in the order the list shows them. */
export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"];

/** A row of the findings tree: a group header, or a finding under it. */
export type FindingRow =
  | { kind: "group"; key: string; severity: Severity; count: number; expanded: boolean; posinset: number; setsize: number }
  | { kind: "finding"; key: string; severity: Severity; finding: LocatedFinding; posinset: number; setsize: number; actionable: boolean };

/**
 * The rows of the findings tree: findings of `code` (all when null), grouped by severity in
 * SEVERITY_ORDER, each group's findings in the check's order; a collapsed group shows its header
 * only. Keys stay the same across filters and collapsing (the finding's index in `findings`), so
 * the current item survives them.
 */
export function findingRows(findings: readonly LocatedFinding[], code: string | null, collapsed: ReadonlySet<Severity>): FindingRow[] {
  const groups = new Map<Severity, number[]>(SEVERITY_ORDER.map((s) => [s, []]));
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (code !== null && f.code !== code) continue;
    (groups.get(f.severity) ?? groups.get("info")!).push(i);
  }
  const present = SEVERITY_ORDER.filter((s) => groups.get(s)!.length > 0);
  const rows: FindingRow[] = [];
  present.forEach((severity, g) => {
    const members = groups.get(severity)!;
    const expanded = !collapsed.has(severity);
    rows.push({ kind: "group", key: `g:${severity}`, severity, count: members.length, expanded, posinset: g + 1, setsize: present.length });
    if (!expanded) return;
    members.forEach((index, k) => {
      const finding = findings[index];
      // A finding about a whole table or column has no cell to select.
      rows.push({ kind: "finding", key: `f:${index}`, severity, finding, posinset: k + 1, setsize: members.length, actionable: finding.address !== null });
    });
  });
  return rows;
}

/** Index of the group header a row belongs to (the row itself for a header). */
export function groupOf(rows: readonly FindingRow[], index: number): number {
  for (let i = index; i >= 0; i--) if (rows[i].kind === "group") return i;
  return index;
}

/** Keys that move the current item of a list. */
export type MoveKey = "ArrowDown" | "ArrowUp" | "Home" | "End" | "PageDown" | "PageUp";

/** Where `key` moves the current item (index `at` of `count` rows, `page` rows to a screen), or null when it is not a move key. */
export function moveIndex(key: string, at: number, count: number, page: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const step = Math.max(1, page);
  const from = Math.min(Math.max(at, 0), last);
  switch (key) {
    case "ArrowDown": return Math.min(last, from + 1);
    case "ArrowUp": return Math.max(0, from - 1);
    case "Home": return 0;
    case "End": return last;
    case "PageDown": return Math.min(last, from + step);
    case "PageUp": return Math.max(0, from - step);
    default: return null;
  }
}
