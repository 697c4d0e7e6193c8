/** The 客户编号 tab: change tracking's state and the ids changed by hand, each with a restore button. */
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import type { IdChangesState } from "./adapter";
import type { Strings } from "./i18n";
import { Rich } from "./ui/Rich";

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: "break-word" },
  row: { display: "flex", flexWrap: "wrap", alignItems: "center", justifyContent: "space-between", gap: "4px 8px" },
  restore: { whiteSpace: "nowrap", minWidth: "auto" },
});

/** Props of IdsPanel. */
export interface IdsPanelProps {
  ids: IdChangesState | null;
  t: Strings;
  disabled: boolean;
  onRestore: (sheetRow: number, invoker: HTMLElement) => void;
}

/** The ids tab's content. */
export function IdsPanel({ ids, t, disabled, onRestore }: IdsPanelProps) {
  const styles = useStyles();
  const changes = ids?.idChanges ?? [];
  return (
    <section data-testid="id-changes" style={{ display: "contents" }}>
      <strong>{t.ids.title}</strong>
      {ids && <span className={styles.muted} data-testid="tracking"><Rich text={t.ids.tracking(ids)} /></span>}
      {changes.length === 0 && <span className={styles.muted}>{t.ids.none}</span>}
      {changes.map((c) => (
        <div key={c.sheetRow} className={styles.row} data-testid="id-change" data-row={c.sheetRow}>
          <span><Rich text={t.ids.row(c.sheetRow, c.before, c.after)} /></span>
          <Button size="small" className={styles.restore} data-testid="restore-id" disabledFocusable={disabled} onClick={(e) => onRestore(c.sheetRow, e.currentTarget)}>{t.ids.restore}</Button>
        </div>
      ))}
    </section>
  );
}
