/** The 季度抽查 tab: this quarter's sample and checking progress, verify, and "draw again" behind a confirmation. */
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { AuditStatus, PaneAdapter } from "./adapter";
import type { Strings } from "./i18n";
import type { Runner } from "./run";
import { restoreFocus } from "./run";
import type { PaneTab } from "./ui/PaneTabs";
import { Rich } from "./ui/Rich";

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: "break-word" },
  about: { margin: 0, paddingLeft: "16px", display: "flex", flexDirection: "column", gap: "2px" },
  surface: { width: "calc(100vw - 16px)", maxWidth: "480px", padding: "12px", boxSizing: "border-box" },
  actions: { display: "flex", flexWrap: "wrap", justifyContent: "flex-end", gap: "8px" },
});

/** The audit tab: its panel and its own actions (refresh, verify, draw / draw again). */
export function useAuditTab(adapter: PaneAdapter | null, t: Strings, run: Runner, busy: boolean, selected: boolean): PaneTab {
  const styles = useStyles();
  const a = t.audit;
  const [status, setStatus] = useState<AuditStatus | null>(null);
  const [confirming, setConfirming] = useState<HTMLElement | null>(null);
  const shown = useRef(false);

  const refresh = useCallback((invoker: HTMLElement | null) => {
    if (!adapter) return;
    void run(invoker, () => adapter.audit.status(), (s) => { setStatus(s); return a.quarter(s.quarter); });
  }, [adapter, run, a]);
  useEffect(() => {
    if (selected && !shown.current && adapter) {
      shown.current = true;
      refresh(null);
    }
  }, [selected, adapter, refresh]);

  const draw = (again: boolean, invoker: HTMLElement | null) => adapter && void run(invoker, async () => {
    const outcome = await adapter.audit.draw(again);
    setStatus(await adapter.audit.status());
    return outcome;
  }, (o) => a.outcome(o));
  const verify = (invoker: HTMLElement | null) => adapter && void run(invoker, () => adapter.audit.verify(), (v) => (v === null ? a.verifyNone : v.ok ? a.verifyOk : a.verifyFail(v)));

  const record = status?.record;
  const progress = status?.progress;
  const off = busy || !adapter;
  return {
    id: "audit",
    label: t.common.tabAudit,
    testId: "tab-audit",
    actions: [
      record
        ? { id: "audit-draw-again", label: a.drawAgain, testId: "audit-draw-again", disabled: off, onClick: (el) => setConfirming(el), priority: 3 }
        : { id: "audit-draw", label: a.draw, testId: "audit-draw", appearance: "primary", disabled: off || !status, onClick: (el) => draw(false, el), priority: 3 },
      { id: "audit-verify", label: a.verify, testId: "audit-verify", disabled: off || !record, onClick: (el) => verify(el), priority: 2 },
      { id: "audit-refresh", label: a.refresh, testId: "audit-refresh", disabled: off, onClick: (el) => refresh(el) },
    ],
    panel: (
      <div data-testid="audit-panel" style={{ display: "contents" }}>
        {status && <strong>{a.quarter(status.quarter)}</strong>}
        {status && !record && <span data-testid="audit-none">{a.none}</span>}
        {record && <span data-testid="audit-record">{a.record(record)}</span>}
        {progress && (
          <span data-testid="audit-progress">
            {a.progress(progress.checked, progress.sampled)}{" "}
            {Object.keys(progress.results).length > 0 && (
              <span className={styles.muted}>{a.results}: <Rich text={Object.entries(progress.results).map(([k, n]) => a.result(k, n)).join(" · ")} /></span>
            )}
          </span>
        )}
        <ul className={mergeClasses(styles.muted, styles.about)} data-testid="audit-about">
          {a.about.map((line) => <li key={line}>{line}</li>)}
        </ul>
        {/* Mounted only while it asks: a Dialog kept mounted with open={false} fades out holding the focus, which then falls to the page (as in AnalysisPanel). */}
        {confirming !== null && <Dialog open onOpenChange={(_e, d) => { if (!d.open) { const el = confirming; setConfirming(null); setTimeout(() => restoreFocus(el), 0); } }}>
          <DialogSurface className={styles.surface}>
            <DialogBody>
              <DialogTitle>{a.confirmTitle}</DialogTitle>
              <DialogContent>{a.confirmBody}</DialogContent>
              <DialogActions className={styles.actions} fluid>
                <Button appearance="secondary" data-testid="audit-cancel" onClick={() => { const el = confirming; setConfirming(null); setTimeout(() => restoreFocus(el), 0); }}>{a.cancel}</Button>
                <Button appearance="primary" data-testid="audit-confirm" onClick={() => { const el = confirming; setConfirming(null); draw(true, el); }}>{a.confirm}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>}
      </div>
    ),
  };
}
