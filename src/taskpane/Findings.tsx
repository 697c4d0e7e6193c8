/** Counts by code and the virtualized findings list; a finding selects its cell when clicked. */
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { Lang } from "../core/validate";
import { codeLabel } from "../core/validate/labels";
import { withoutCellPlace } from "../core/validate/messages";
import type { CheckResult, LocatedFinding } from "./adapter";
import type { Strings } from "./i18n";
import { VirtualList } from "./VirtualList";

/** Estimated row height of the findings list (one line of place, two of message); rows size to their content. */
const FINDING_ROW_HEIGHT = 64;

const useStyles = makeStyles({
  counts: { display: "flex", flexWrap: "wrap", gap: "4px", margin: "4px 0 8px" },
  chip: {
    border: `1px solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusCircular, padding: "1px 8px",
    fontFamily: "inherit", fontSize: tokens.fontSizeBase200, backgroundColor: tokens.colorNeutralBackground1, cursor: "pointer", color: tokens.colorNeutralForeground1,
  },
  chipOn: { backgroundColor: tokens.colorBrandBackground2, border: `1px solid ${tokens.colorBrandStroke1}` },
  finding: {
    display: "grid", gridTemplateColumns: "6px 1fr", columnGap: "8px", boxSizing: "border-box",
    padding: "6px 8px", borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, cursor: "pointer", textAlign: "left",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  bar: { borderRadius: "3px" },
  error: { backgroundColor: tokens.colorPaletteRedBackground3 },
  warning: { backgroundColor: tokens.colorPaletteYellowBackground3 },
  info: { backgroundColor: tokens.colorPaletteBlueBackground2 },
  head: { display: "flex", flexWrap: "wrap", columnGap: "6px", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  place: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  message: { display: "block", fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, overflowWrap: "anywhere" },
});

/**
 * A finding's message without the "sheet, cell, row, column" lead the core puts in front (the
 * row's first line shows the place already).
 */
function messageBody(f: LocatedFinding, lang: Lang): string {
  return f.address ? withoutCellPlace(f.message[lang], f.sheet, f.address, lang) : f.message[lang];
}

/** Counts of a check by code, most frequent first; clicking one filters the list to it. */
export function Counts({ check, filter, onFilter, lang, t }: { check: CheckResult; filter: string | null; onFilter: (code: string | null) => void; lang: Lang; t: Strings }) {
  const styles = useStyles();
  const entries = Object.entries(check.stats.byCode).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (
    <div className={styles.counts} data-testid="counts" aria-label={t.counts}>
      {entries.map(([code, n]) => (
        <button
          key={code} type="button" data-code={code} aria-pressed={filter === code}
          className={mergeClasses(styles.chip, filter === code && styles.chipOn)}
          onClick={() => onFilter(filter === code ? null : code)}
        >
          {codeLabel(code, lang)} {n}
        </button>
      ))}
    </div>
  );
}

/** The findings, virtualized; each row carries data-code / data-sheet / data-address. */
export function FindingsList({ findings, lang, t, onSelect }: { findings: readonly LocatedFinding[]; lang: Lang; t: Strings; onSelect: (f: LocatedFinding) => void }) {
  const styles = useStyles();
  return (
    <VirtualList
      items={findings}
      rowHeight={FINDING_ROW_HEIGHT}
      label={t.tabFindings}
      renderRow={(f) => (
        <div
          role="button" tabIndex={0} className={styles.finding}
          data-testid="finding" data-code={f.code} data-sheet={f.sheet} data-address={f.address ?? ""} data-severity={f.severity}
          onClick={() => onSelect(f)}
          onKeyDown={(e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onSelect(f); } }}
        >
          <span className={mergeClasses(styles.bar, styles[f.severity])} />
          <span>
            <span className={styles.head}>
              <span className={styles.place}>{f.address ? `${f.sheet}!${f.address}` : f.sheet || f.table}</span>
              <span>{f.column}</span>
              <span>{codeLabel(f.code, lang)}</span>
              <span>{t.severity[f.severity]}</span>
            </span>
            <span className={styles.message}>{messageBody(f, lang)}</span>
          </span>
        </div>
      )}
    />
  );
}
