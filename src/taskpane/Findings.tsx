/**
 * The 检查结果 tab: the credit summary, a filter by code, and the findings as one tree widget
 * (ui/ActiveList): errors, then warnings, then notes, then the recorded vs computed credit flags
 * (SPEC §8.1) under their own heading with the count of each; each group collapsible with its
 * count; Enter (or a click) on a finding or a flag selects its cell, a finding about a whole table
 * is not clickable. Rows carry data-code / data-sheet / data-address / data-severity for tests.
 */
import { memo, useMemo, useState } from "react";
import { Field, Select, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { LocatedCreditFlag } from "../excel/check";
import { codeLabel } from "../core/validate/labels";
import { withoutCellPlace } from "../core/validate/messages";
import type { CheckResult, LocatedFinding } from "./adapter";
import { data, markData, type Strings } from "./i18n";
import { markChinese } from "./i18n/format";
import { findingRows, groupOf, type FindingGroup, type FindingRow } from "./list-model";
import { ActiveList } from "./ui/ActiveList";
import { Rich } from "./ui/Rich";

/** Estimated row height of the findings list (a place line and two of message); rows size to their content. */
const FINDING_ROW_HEIGHT = 64;

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: "break-word" },
  filter: { flexShrink: 0 },
  group: {
    display: "flex", alignItems: "center", gap: "6px", padding: "4px 8px", boxSizing: "border-box", cursor: "pointer",
    fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200, backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  chevron: { display: "inline-block", width: "10px", flexShrink: 0, transitionProperty: "transform", transitionDuration: "0.1s" },
  heading: { minWidth: 0, overflowWrap: "break-word" },
  collapsed: { transform: "rotate(-90deg)" },
  finding: {
    display: "grid", gridTemplateColumns: "6px minmax(0, 1fr)", columnGap: "8px", boxSizing: "border-box",
    padding: "6px 8px", borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, textAlign: "left",
  },
  actionable: { cursor: "pointer", ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover } },
  bar: { borderRadius: "3px" },
  error: { backgroundColor: tokens.colorPaletteRedBackground3 },
  warning: { backgroundColor: tokens.colorPaletteMarigoldBackground3 },
  info: { backgroundColor: tokens.colorPaletteBlueBackground2 },
  head: { display: "flex", flexWrap: "wrap", columnGap: "6px", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  place: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  message: { display: "block", fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, overflowWrap: "break-word", minWidth: 0 },
});

/** A finding's message without the "sheet, cell, row, column" lead the core puts in front (the row's first line shows the place). */
function messageBody(f: LocatedFinding, lang: Strings["lang"]): string {
  const text = f.address ? withoutCellPlace(f.message[lang], f.sheet, f.address, lang) : f.message[lang];
  return markData(text, [f.sheet, f.column, f.table]);
}

/** A flag's message without its place (the row shows it), its Chinese values marked as data in English. */
function flagBody(f: LocatedCreditFlag, lang: Strings["lang"]): string {
  const text = f.address ? withoutCellPlace(f.message[lang], f.sheet, f.address, lang) : f.message[lang];
  return lang === "en-US" ? markChinese(text) : markData(text, [f.sheet, f.column]);
}

/** The credit line of a check: customers per grade and what N means; or why there is none. */
function CreditLine({ check, t }: { check: CheckResult; t: Strings }) {
  const styles = useStyles();
  const credit = check.credit;
  if (!credit) return null;
  const c = t.findings.credit;
  if (credit.kind === "unavailable") return <span className={styles.muted} data-testid="credit"><Rich text={c.unavailable} /></span>;
  return (
    <span className={styles.muted} data-testid="credit">
      {c.summary(credit.customers, Object.entries(credit.grades) as Array<[keyof typeof credit.grades, number]>)} {c.n}
      {credit.policyKey !== undefined && <> <Rich text={c.policy(credit.policyKey)} /></>}
    </span>
  );
}

/** Props of FindingsPanel. */
export interface FindingsPanelProps {
  check: CheckResult | null;
  t: Strings;
  /** Select the cell of a finding or a flag. */
  onSelect: (f: Pick<LocatedFinding, "sheet" | "address">) => void;
}

/** The findings tab's content (memoized: a run's progress re-renders App, not this list). */
export const FindingsPanel = memo(function FindingsPanel({ check, t, onSelect }: FindingsPanelProps) {
  const styles = useStyles();
  const [code, setCode] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<FindingGroup>>(new Set());
  const findings = check?.findings;
  const flags = check?.creditFlags;
  const codes = useMemo(() => Object.entries(check?.stats.byCode ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])), [check]);
  const flagCodes = useMemo(() => {
    const counts = new Map<LocatedCreditFlag["code"], number>();
    for (const f of flags ?? []) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    return [...counts];
  }, [flags]);
  const active = code !== null && (codes.some(([c]) => c === code) || flagCodes.some(([c]) => c === code)) ? code : null;
  const rows = useMemo(() => findingRows(findings ?? [], active, collapsed, flags ?? []), [findings, active, collapsed, flags]);
  const total = (findings?.length ?? 0) + (flags?.length ?? 0);

  if (!check) return <span className={styles.muted} data-testid="not-checked">{t.findings.notChecked}</span>;

  const toggle = (group: FindingGroup, open?: boolean) => setCollapsed((prev) => {
    const next = new Set(prev);
    if (open ?? next.has(group)) next.delete(group);
    else next.add(group);
    return next;
  });
  const groupId = (row: FindingRow): FindingGroup | null => (row.kind === "group" ? row.severity : row.kind === "credit-group" ? "credit" : null);

  const activate = (row: FindingRow) => {
    const group = groupId(row);
    if (group) toggle(group);
    else if (row.kind === "finding" && row.actionable) onSelect(row.finding);
    else if (row.kind === "flag" && row.actionable) onSelect(row.flag);
  };

  return (
    <>
      <CreditLine check={check} t={t} />
      {total === 0 ? (
        <span data-testid="no-findings">{t.findings.noFindings}</span>
      ) : (
        <>
          <Field label={t.findings.filter} orientation="horizontal" size="small" className={styles.filter}>
            <Select size="small" data-testid="code-filter" value={active ?? ""} onChange={(_e, d) => setCode(d.value === "" ? null : d.value)}>
              <option value="">{t.findings.all(total)}</option>
              {codes.map(([c, n]) => <option key={c} value={c} data-code={c}>{t.findings.codeOption(codeLabel(c, t.lang), n)}</option>)}
              {flagCodes.map(([c, n]) => <option key={c} value={c} data-code={c}>{t.findings.codeOption(t.credit.flags.label(c), n)}</option>)}
            </Select>
          </Field>
          <ActiveList
            rows={rows}
            role="tree"
            label={t.findings.list}
            hint={t.findings.listHint}
            estimate={FINDING_ROW_HEIGHT}
            testId="findings"
            rowKey={(r) => r.key}
            rowProps={(r, s) => r.kind === "group"
              ? { role: "treeitem", "aria-level": 1, "aria-expanded": r.expanded, "aria-setsize": r.setsize, "aria-posinset": r.posinset, "aria-selected": s.active, "data-testid": "finding-group", "data-severity": r.severity }
              : r.kind === "credit-group"
                ? { role: "treeitem", "aria-level": 1, "aria-expanded": r.expanded, "aria-setsize": r.setsize, "aria-posinset": r.posinset, "aria-selected": s.active, "data-testid": "credit-group" }
                : r.kind === "flag"
                  ? {
                    role: "treeitem", "aria-level": 2, "aria-setsize": r.setsize, "aria-posinset": r.posinset, "aria-selected": s.active,
                    "data-testid": "credit-flag", "data-code": r.flag.code, "data-sheet": r.flag.sheet, "data-address": r.flag.address ?? "", "data-severity": r.severity, "data-actionable": String(r.actionable),
                  }
                  : {
                    role: "treeitem", "aria-level": 2, "aria-setsize": r.setsize, "aria-posinset": r.posinset, "aria-selected": s.active,
                    "data-testid": "finding", "data-code": r.finding.code, "data-sheet": r.finding.sheet, "data-address": r.finding.address ?? "", "data-severity": r.severity, "data-actionable": String(r.actionable),
                  }}
            onActivate={activate}
            onKey={(key, row, index, move) => {
              // The tree pattern: Left closes a group (or goes to it), Right opens it (or enters it).
              const group = groupId(row);
              const expanded = (row.kind === "group" || row.kind === "credit-group") && row.expanded;
              if (key === "ArrowLeft") {
                if (group && expanded) toggle(group, false);
                else move(groupOf(rows, index));
                return true;
              }
              if (key === "ArrowRight" && group) {
                if (!expanded) toggle(group, true);
                else move(index + 1);
                return true;
              }
              return false;
            }}
            renderRow={(r) => r.kind === "group" || r.kind === "credit-group" ? (
              <div className={styles.group}>
                <span className={mergeClasses(styles.chevron, !r.expanded && styles.collapsed)} aria-hidden="true">▾</span>
                <span className={styles.heading}>{r.kind === "group" ? t.findings.group(r.severity, r.count) : t.credit.flags.heading(r.count, r.counts)}</span>
              </div>
            ) : r.kind === "flag" ? (
              <div className={mergeClasses(styles.finding, r.actionable && styles.actionable)}>
                <span className={mergeClasses(styles.bar, styles[r.severity])} />
                <span>
                  <span className={styles.head}>
                    <span className={styles.place}><Rich text={data(r.flag.address ? `${r.flag.sheet}!${r.flag.address}` : r.flag.sheet)} /></span>
                    <span><Rich text={data(r.flag.column)} /></span>
                    <span>{t.credit.flags.label(r.flag.code)}</span>
                    <span>{t.findings.severity[r.severity]}</span>
                  </span>
                  <span className={styles.message}><Rich text={flagBody(r.flag, t.lang)} /></span>
                </span>
              </div>
            ) : (
              <div className={mergeClasses(styles.finding, r.actionable && styles.actionable)}>
                <span className={mergeClasses(styles.bar, styles[r.severity])} />
                <span>
                  <span className={styles.head}>
                    <span className={styles.place}><Rich text={data(r.finding.address ? `${r.finding.sheet}!${r.finding.address}` : r.finding.sheet || r.finding.table)} /></span>
                    {r.finding.column && <span><Rich text={data(r.finding.column)} /></span>}
                    <span>{codeLabel(r.finding.code, t.lang)}</span>
                    <span>{r.finding.address ? t.findings.severity[r.severity] : `${t.findings.severity[r.severity]} · ${t.findings.wholeTable}`}</span>
                  </span>
                  <span className={styles.message}><Rich text={messageBody(r.finding, t.lang)} /></span>
                </span>
              </div>
            )}
          />
        </>
      )}
    </>
  );
});
