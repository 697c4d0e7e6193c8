/**
 * A list to choose from before a write (the fix preview's cells, the customers of a handover):
 * an "all" checkbox (ticked, unticked or mixed) above one multi-select list widget (ActiveList:
 * one Tab stop, arrows move, Space ticks or unticks, a click too), each row with its tick mark.
 */
import type { ReactNode } from "react";
import { Checkbox, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ActiveList } from "./ActiveList";

const useStyles = makeStyles({
  row: {
    display: "grid", gridTemplateColumns: "auto minmax(0, 1fr)", columnGap: "8px", padding: "4px 8px", fontSize: tokens.fontSizeBase200,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, boxSizing: "border-box", overflowWrap: "break-word", cursor: "pointer",
  },
  mark: {
    width: "14px", height: "14px", marginTop: "2px", boxSizing: "border-box", borderRadius: tokens.borderRadiusSmall,
    border: `1px solid ${tokens.colorNeutralStrokeAccessible}`, display: "inline-flex", alignItems: "center", justifyContent: "center",
    fontSize: "10px", lineHeight: "1", color: tokens.colorNeutralForegroundOnBrand,
  },
  markOn: { backgroundColor: tokens.colorCompoundBrandBackground, border: `1px solid ${tokens.colorCompoundBrandBackground}` },
});

/** Props of TickList. */
export interface TickListProps<R> {
  rows: readonly R[];
  rowKey: (row: R) => string;
  /** Keys of the ticked rows. */
  chosen: ReadonlySet<string>;
  onChange: (chosen: ReadonlySet<string>) => void;
  /** The row's content beside its tick. */
  renderRow: (row: R) => ReactNode;
  /** Test and data attributes of a row (role, aria-selected and positions are set here). */
  rowData: (row: R) => Record<string, string | number>;
  /** The "all" checkbox's label for `chosen` of `total`. */
  allLabel: (chosen: number, total: number) => string;
  label: string;
  hint: string;
  estimate: number;
  testId: string;
  allTestId: string;
  className?: string;
}

/** The list (see the module comment). */
export function TickList<R>({ rows, rowKey, chosen, onChange, renderRow, rowData, allLabel, label, hint, estimate, testId, allTestId, className }: TickListProps<R>) {
  const styles = useStyles();
  const index = new Map(rows.map((r, i) => [rowKey(r), i]));
  const all = chosen.size === rows.length ? true : chosen.size === 0 ? false : "mixed";
  const toggle = (key: string) => {
    const next = new Set(chosen);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onChange(next);
  };
  return (
    <>
      <Checkbox data-testid={allTestId} checked={all} label={allLabel(chosen.size, rows.length)} onChange={() => onChange(all === true ? new Set() : new Set(rows.map(rowKey)))} />
      <ActiveList
        rows={rows}
        role="listbox"
        multiselectable
        label={label}
        hint={hint}
        estimate={estimate}
        testId={testId}
        className={className}
        rowKey={rowKey}
        rowProps={(r) => ({ role: "option", "aria-selected": chosen.has(rowKey(r)), "aria-setsize": rows.length, "aria-posinset": (index.get(rowKey(r)) ?? 0) + 1, ...rowData(r) })}
        onToggle={(r) => toggle(rowKey(r))}
        renderRow={(r) => (
          <div className={styles.row}>
            <span className={mergeClasses(styles.mark, chosen.has(rowKey(r)) && styles.markOn)} aria-hidden="true">{chosen.has(rowKey(r)) ? "✓" : ""}</span>
            {renderRow(r)}
          </div>
        )}
      />
    </>
  );
}
