/**
 * The 修正 tab (the codes with a safe fix, each opening a preview of its own; after a fix, the
 * cells changed as one list widget whose Enter selects a cell) and the fix preview dialog: each
 * planned cell with before → after and a check mark (all on), the 操作人 (remembered), what a
 * fix means (Excel's Undo cannot reverse it; old values go to 变更记录), then the write.
 */
import { memo, useMemo, useState } from "react";
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody,
  makeStyles, mergeClasses, tokens,
} from "@fluentui/react-components";
import { cellText, type Cell } from "../core/table";
import type { FindingCode } from "../core/validate";
import { hasCellFix } from "../core/validate/fixes";
import { codeLabel } from "../core/validate/labels";
import type { CheckResult, FixResult, PlannedFix } from "./adapter";
import { data, type Strings } from "./i18n";
import { ActiveList } from "./ui/ActiveList";
import { TickList } from "./ui/TickList";
import { Rich } from "./ui/Rich";

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: "break-word" },
  codes: { display: "flex", flexWrap: "wrap", gap: "6px", flexShrink: 0 },
  codeButton: { whiteSpace: "nowrap", minWidth: "auto" },
  cell: {
    display: "grid", gridTemplateColumns: "auto minmax(0, 1fr)", columnGap: "8px", padding: "4px 8px", fontSize: tokens.fontSizeBase200,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, boxSizing: "border-box", overflowWrap: "break-word", cursor: "pointer",
  },
  changed: { gridTemplateColumns: "minmax(0, 1fr)" },
  surface: { width: "calc(100vw - 16px)", maxWidth: "560px", maxHeight: "calc(100vh - 16px)", padding: "12px", boxSizing: "border-box" },
  content: { display: "flex", flexDirection: "column", gap: "8px", minWidth: 0 },
  previewList: { maxHeight: "max(120px, calc(100vh - 440px))", flexShrink: 0 },
  actions: { display: "flex", flexWrap: "wrap", justifyContent: "flex-end", gap: "8px" },
});

/** Changed cells as the list shows them: place, column, before → after. */
function CellText({ c }: { c: { sheet: string; address: string; column: string; before: Cell; after: Cell } }) {
  return (
    <span>
      <strong><Rich text={data(`${c.sheet}!${c.address}`)} /></strong> <Rich text={data(c.column)} />
      <br />
      <Rich text={`${data(cellText(c.before))} → ${data(cellText(c.after))}`} />
    </span>
  );
}

/** Props of FixPanel. */
export interface FixPanelProps {
  check: CheckResult | null;
  fixed: FixResult | null;
  t: Strings;
  disabled: boolean;
  onFixCode: (code: FindingCode, invoker: HTMLElement) => void;
  onSelectCell: (sheet: string, address: string) => void;
}

/** The 修正 tab's content (memoized, like the findings list). */
export const FixPanel = memo(function FixPanel({ check, fixed, t, disabled, onFixCode, onSelectCell }: FixPanelProps) {
  const styles = useStyles();
  const fixable = useMemo(() => {
    const byCode = new Map<FindingCode, number>();
    for (const f of check?.findings ?? []) if (hasCellFix(f)) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    return [...byCode.entries()];
  }, [check]);
  return (
    <>
      <strong>{t.fix.fixable}</strong>
      {!check && <span className={styles.muted}>{t.fix.needCheck}</span>}
      {check && fixable.length === 0 && <span className={styles.muted} data-testid="no-fixable">{t.fix.noFixable}</span>}
      {fixable.length > 0 && (
        <div className={styles.codes}>
          {fixable.map(([code, n]) => (
            <Button key={code} size="small" className={styles.codeButton} data-testid="fix-code" data-code={code} disabledFocusable={disabled} onClick={(e) => onFixCode(code, e.currentTarget)}>
              {t.fix.fixCode(codeLabel(code, t.lang), n)}
            </Button>
          ))}
        </div>
      )}
      {fixed && fixed.skipped > 0 && <MessageBar intent="warning" data-testid="fix-skipped"><MessageBarBody>{t.fix.skipped(fixed.skipped)}</MessageBarBody></MessageBar>}
      {fixed && fixed.changed.length > 0 && (
        <>
          <strong>{t.fix.changedTitle(fixed.changed.length)}</strong>
          <ActiveList
            rows={fixed.changed}
            role="listbox"
            label={t.fix.changedTitle(fixed.changed.length)}
            hint={t.fix.changedHint}
            estimate={44}
            testId="changed"
            rowKey={(c) => `${c.sheet}!${c.address}`}
            rowProps={(c, s) => ({ role: "option", "aria-selected": s.active, "aria-setsize": fixed.changed.length, "aria-posinset": fixed.changed.indexOf(c) + 1, "data-testid": "changed-cell", "data-address": c.address, "data-sheet": c.sheet, "data-code": c.code })}
            onActivate={(c) => onSelectCell(c.sheet, c.address)}
            renderRow={(c) => <div className={mergeClasses(styles.cell, styles.changed)}><CellText c={c} /></div>}
          />
        </>
      )}
    </>
  );
});

/** Props of FixPreviewDialog. */
export interface FixPreviewProps {
  fixes: readonly PlannedFix[];
  t: Strings;
  operator: string;
  /** Write the chosen fixes (their ids) as `operator`. */
  onConfirm: (ids: string[], operator: string) => void;
  onCancel: () => void;
}

/** The preview (a modal dialog): choose, name yourself, confirm. */
export function FixPreviewDialog({ fixes, t, operator: initialOperator, onConfirm, onCancel }: FixPreviewProps) {
  const styles = useStyles();
  const p = t.fix.preview;
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(fixes.map((f) => f.id)));
  const [operator, setOperator] = useState(initialOperator);
  const [tried, setTried] = useState(false);
  const nameMissing = operator.trim() === "";
  const confirm = () => {
    setTried(true);
    if (nameMissing || chosen.size === 0) return;
    onConfirm(fixes.filter((f) => chosen.has(f.id)).map((f) => f.id), operator.trim());
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_e, d) => { if (!d.open) onCancel(); }}>
      <DialogSurface className={styles.surface} data-testid="fix-preview">
        <DialogBody>
          <DialogTitle>{p.title(fixes.length)}</DialogTitle>
          <DialogContent className={styles.content}>
            <Field
              label={p.operator} hint={p.operatorHint} required size="small"
              validationState={tried && nameMissing ? "error" : "none"} validationMessage={tried && nameMissing ? p.operatorMissing : undefined}
            >
              <Input data-testid="operator" value={operator} size="small" onChange={(_e, d) => setOperator(d.value)} onKeyDown={(e) => { if (e.key === "Enter") confirm(); }} />
            </Field>
            <TickList
              rows={fixes}
              rowKey={(f) => f.id}
              chosen={chosen}
              onChange={setChosen}
              allLabel={p.all}
              allTestId="preview-all"
              label={p.list}
              hint={p.listHint}
              estimate={44}
              testId="preview-list"
              className={styles.previewList}
              rowData={(f) => ({ "data-testid": "preview-cell", "data-address": f.address, "data-sheet": f.sheet, "data-code": f.code })}
              renderRow={(f) => <CellText c={f} />}
            />
            <MessageBar intent="warning" layout="multiline" data-testid="preview-warning"><MessageBarBody><Rich text={p.warning} /></MessageBarBody></MessageBar>
          </DialogContent>
          <DialogActions className={styles.actions} fluid>
            <Button appearance="secondary" data-testid="preview-cancel" onClick={onCancel}>{p.cancel}</Button>
            <Button appearance="primary" data-testid="preview-confirm" disabledFocusable={chosen.size === 0} onClick={confirm}>{p.confirm(chosen.size)}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
