/** This quarter's audit (issue 6): status, verify, and "draw again" behind a confirmation. */
import { useCallback, useEffect, useState } from "react";
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, tokens,
} from "@fluentui/react-components";
import type { AuditStatus, PaneAdapter } from "./adapter";
import type { Strings } from "./i18n";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: "8px" },
  actions: { display: "flex", gap: "8px", flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** Props of AuditPanel. */
export interface AuditPanelProps {
  audit: PaneAdapter["audit"];
  t: Strings;
  /** Runs a pane operation with the progress indicator and status message. */
  run: <T>(work: () => Promise<T>, done: (result: T) => string) => Promise<void>;
  busy: boolean;
}

/** The Audit panel. */
export function AuditPanel({ audit, t, run, busy }: AuditPanelProps) {
  const styles = useStyles();
  const [status, setStatus] = useState<AuditStatus | null>(null);
  const [confirming, setConfirming] = useState(false);
  const a = t.audit;

  const refresh = useCallback(() => run(() => audit.status(), (s) => { setStatus(s); return a.quarter(s.quarter); }), [audit, run, a]);
  useEffect(() => { void refresh(); }, [refresh]);

  const draw = (again: boolean) => run(async () => { const o = await audit.draw(again); setStatus(await audit.status()); return o; }, (o) => o.message);
  const verify = () => run(() => audit.verify(), (v) => (v === null ? a.verifyNone : v.ok ? a.verifyOk : a.verifyFail(v.problems.join("; "))));

  const record = status?.record;
  const progress = status?.progress;
  return (
    <div className={styles.panel} data-testid="audit-panel">
      {status && <strong>{a.quarter(status.quarter)}</strong>}
      {status && !record && <span data-testid="audit-none">{a.none}</span>}
      {record && <span data-testid="audit-record">{a.record(record.draw, record.sampleSize, record.population, record.rate)}</span>}
      {progress && (
        <span data-testid="audit-progress">
          {a.progress(progress.checked, progress.sampled)}{" "}
          {Object.keys(progress.results).length > 0 && (
            <span className={styles.muted}>{a.results}: {Object.entries(progress.results).map(([k, n]) => `${k} ${n}`).join(" · ")}</span>
          )}
        </span>
      )}
      <div className={styles.actions}>
        <Button onClick={() => void refresh()} disabled={busy} data-testid="audit-refresh">{a.refresh}</Button>
        <Button onClick={() => void verify()} disabled={busy || !record} data-testid="audit-verify">{a.verify}</Button>
        {record ? (
          <Button onClick={() => setConfirming(true)} disabled={busy} data-testid="audit-draw-again">{a.drawAgain}</Button>
        ) : (
          <Button appearance="primary" onClick={() => void draw(false)} disabled={busy || !status} data-testid="audit-draw">{a.draw}</Button>
        )}
      </div>
      <Dialog open={confirming} onOpenChange={(_e, d) => setConfirming(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{a.confirmTitle}</DialogTitle>
            <DialogContent>{a.confirmBody}</DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setConfirming(false)}>{a.cancel}</Button>
              <Button appearance="primary" data-testid="audit-confirm" onClick={() => { setConfirming(false); void draw(true); }}>{a.confirm}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
