/**
 * Pure logic of the pane's lists: findings grouped by severity (errors, then warnings, then
 * notes), then the recorded vs computed credit flags under their own heading; each group
 * collapsible, with its count and set positions; and where a key moves the current item. No DOM, no React: tested in jest on its own.
 */
import { CREDIT_FLAG_CODES, type CreditFlagCode } from "../core/credit/flags";
import type { Severity } from "../core/validate";
import type { LocatedCreditFlag, LocatedFinding } from "../excel/check";

/** Severities in the order the list shows them. */
export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"];

/** A group of the findings tree: a severity, or the recorded vs computed flags (SPEC §8.1), listed last under their own heading. */
export type FindingGroup = Severity | "credit";

/** A row of the findings tree: a group header, or a finding (a flag) under it. */
export type FindingRow =
  | { kind: "group"; key: string; severity: Severity; count: number; expanded: boolean; posinset: number; setsize: number }
  | { kind: "finding"; key: string; severity: Severity; finding: LocatedFinding; posinset: number; setsize: number; actionable: boolean }
  /** The heading of the flags, with the count of each code present (CREDIT_FLAG_CODES order). */
  | { kind: "credit-group"; key: string; count: number; counts: Array<[CreditFlagCode, number]>; expanded: boolean; posinset: number; setsize: number }
  | { kind: "flag"; key: string; severity: Severity; flag: LocatedCreditFlag; posinset: number; setsize: number; actionable: boolean };

/** Whether a filter code is a credit flag's (then the list shows those flags only). */
export function isFlagCode(code: string | null): code is CreditFlagCode {
  return code !== null && (CREDIT_FLAG_CODES as readonly string[]).includes(code);
}

/**
 * The rows of the findings tree: findings of `code` (all when null), grouped by severity in
 * SEVERITY_ORDER, each group's findings in the check's order, then the credit flags under their
 * own heading; a collapsed group shows its header only. A flag code as `code` shows those flags
 * only, a finding code no flags. Keys stay the same across filters and collapsing (the item's
 * index in its list), so the current item survives them.
 */
export function findingRows(findings: readonly LocatedFinding[], code: string | null, collapsed: ReadonlySet<FindingGroup>, flags: readonly LocatedCreditFlag[] = []): FindingRow[] {
  const groups = new Map<Severity, number[]>(SEVERITY_ORDER.map((s) => [s, []]));
  if (!isFlagCode(code)) {
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i];
      if (code !== null && f.code !== code) continue;
      (groups.get(f.severity) ?? groups.get("info")!).push(i);
    }
  }
  const flagged = code === null || isFlagCode(code) ? flags.flatMap((f, i) => (code === null || f.code === code ? [i] : [])) : [];
  const present = SEVERITY_ORDER.filter((s) => groups.get(s)!.length > 0);
  const setsize = present.length + (flagged.length > 0 ? 1 : 0);
  const rows: FindingRow[] = [];
  present.forEach((severity, g) => {
    const members = groups.get(severity)!;
    const expanded = !collapsed.has(severity);
    rows.push({ kind: "group", key: `g:${severity}`, severity, count: members.length, expanded, posinset: g + 1, setsize });
    if (!expanded) return;
    members.forEach((index, k) => {
      const finding = findings[index];
      // A finding about a whole table or column has no cell to select.
      rows.push({ kind: "finding", key: `f:${index}`, severity, finding, posinset: k + 1, setsize: members.length, actionable: finding.address !== null });
    });
  });
  if (flagged.length > 0) {
    const counts = CREDIT_FLAG_CODES.map((c): [CreditFlagCode, number] => [c, flagged.filter((i) => flags[i].code === c).length]).filter(([, n]) => n > 0);
    const expanded = !collapsed.has("credit");
    rows.push({ kind: "credit-group", key: "g:credit", count: flagged.length, counts, expanded, posinset: setsize, setsize });
    if (expanded) {
      flagged.forEach((index, k) => {
        const flag = flags[index];
        rows.push({ kind: "flag", key: `c:${index}`, severity: flag.severity, flag, posinset: k + 1, setsize: flagged.length, actionable: flag.address !== null });
      });
    }
  }
  return rows;
}

/** Index of the group header a row belongs to (the row itself for a header). */
export function groupOf(rows: readonly FindingRow[], index: number): number {
  for (let i = index; i >= 0; i--) if (rows[i].kind === "group" || rows[i].kind === "credit-group") return i;
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
