/**
 * The task pane. Top to bottom, built for a 320–350 px pane: the title; one command bar (检查
 * primary, 全部修正… next to it, the rest in More); one status line (what a run is doing with
 * real counts, its progress bar and Cancel; then its result); notices (a changed customer id, a
 * message of the 季度抽查 ribbon button); the tabs, the selected one's panel filling the height
 * left. Every workbook operation goes through the `adapter` prop and `run` (run.ts): one at a
 * time, cancellable, focus back on the button that started it.
 *
 * Tabs are PaneTab values (ui/PaneTabs.tsx); a new tab is one more entry in `tabs` below, with
 * its panel, its own actions and its strings in an i18n section of its own.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody, ProgressBar, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { FindingCode, Lang } from "../core/validate";
import { hasCellFix } from "../core/validate/fixes";
import type { AuditNotice, CheckResult, FixResult, IdChangesState, LocatedFinding, PaneAdapter, PlannedFix } from "./adapter";
import { useAnalysisTab } from "./AnalysisPanel";
import { useAuditTab } from "./AuditPanel";
import { ChainNotice } from "./ChainNotice";
import { useHandoverTab } from "./HandoverPanel";
import { useCreditTab } from "./CreditPanel";
import { cancellable, progressFraction } from "./engine/progress";
import { FindingsPanel } from "./Findings";
import { FixPanel, FixPreviewDialog } from "./FixPanel";
import { strings, type Strings } from "./i18n";
import { IdsPanel } from "./IdsPanel";
import { errorText, restoreFocus, useProgress, useRunner, type Busy, type StatusMessage } from "./run";
import { CommandBar, type Command } from "./ui/CommandBar";
import { PaneTabs, type PaneTab } from "./ui/PaneTabs";
import { Rich } from "./ui/Rich";

const useStyles = makeStyles({
  root: {
    display: "flex", flexDirection: "column", gap: "6px", padding: "8px 10px", boxSizing: "border-box", height: "100vh", minWidth: 0,
    overflow: "hidden", fontFamily: tokens.fontFamilyBase, fontSize: tokens.fontSizeBase300,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold, flexShrink: 0 },
  status: { display: "flex", flexDirection: "column", gap: "4px", flexShrink: 0, minHeight: "20px" },
  statusRow: { display: "flex", alignItems: "center", gap: "8px", minWidth: 0 },
  statusText: { flex: "1 1 auto", minWidth: 0, fontSize: tokens.fontSizeBase200, overflowWrap: "break-word" },
  error: { color: tokens.colorPaletteRedForeground1 },
  cancel: { flexShrink: 0, whiteSpace: "nowrap", minWidth: "auto" },
  notice: { flexShrink: 0 },
});

/** Where Office is: starting (waiting for onReady), ready, or absent (plain browser, office.js failed). */
export type OfficeState = "starting" | "ready" | "absent";

/** Props of App. */
export interface AppProps {
  adapter: PaneAdapter | null;
  lang: Lang;
  office: OfficeState;
}

/** The status line: a run's step with its bar and Cancel, or the last message. */
function RunStatus({ busy, message, t }: { busy: Busy | null; message: StatusMessage; t: Strings }) {
  const styles = useStyles();
  return (
    <div className={styles.status}>
      {busy ? <RunProgress busy={busy} t={t} /> : (
        <div className={styles.statusRow}>
          <span data-testid="status" role="status" aria-live="polite" className={mergeClasses(styles.statusText, message.error && styles.error)}>
            <Rich text={message.text} />
          </span>
        </div>
      )}
    </div>
  );
}

/** A run's step, bar and Cancel; only this re-renders on each progress report. */
function RunProgress({ busy, t }: { busy: Busy; t: Strings }) {
  const styles = useStyles();
  const progress = useProgress(busy.progress);
  const canCancel = cancellable(progress);
  return (
    <>
      <ProgressBar data-testid="progress" value={progressFraction(progress)} aria-label={t.progress.working} thickness="medium" />
      <div className={styles.statusRow}>
        <span data-testid="status" role="status" aria-live="polite" className={styles.statusText}>
          <Rich text={t.progress.step(progress)} />
        </span>
        <Button
          size="small" className={styles.cancel} data-testid="cancel" data-restore-focus="away"
          disabledFocusable={!canCancel} title={canCancel ? undefined : t.progress.cancelWrite} onClick={busy.cancel}
        >
          {t.progress.cancel}
        </Button>
      </div>
    </>
  );
}

/** The task pane. */
export function App({ adapter, lang, office }: AppProps) {
  const styles = useStyles();
  const t = strings(lang);
  const { busy, message, setMessage, run } = useRunner(t, { text: office === "starting" ? t.common.starting : office === "ready" ? t.common.ready : "" });
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [fixed, setFixed] = useState<FixResult | null>(null);
  const [tab, setTab] = useState("findings");
  const [ids, setIds] = useState<IdChangesState | null>(null);
  const [preview, setPreview] = useState<{ fixes: PlannedFix[]; codes?: FindingCode[]; invoker: HTMLElement | null } | null>(null);
  const [notice, setNotice] = useState<AuditNotice | null>(null);

  useEffect(() => {
    if (office === "ready") setMessage({ text: t.common.ready });
  }, [office, t, setMessage]);

  useEffect(() => {
    if (!adapter) return undefined;
    setIds(adapter.ids.current());
    return adapter.ids.subscribe(setIds);
  }, [adapter]);

  useEffect(() => {
    if (!adapter) return undefined;
    // The ribbon button opens the pane when it failed: show what it said then, and anything it says later.
    const last = adapter.audit.notices().at(-1);
    if (last?.failed) setNotice(last);
    return adapter.audit.onNotice(setNotice);
  }, [adapter]);

  const fixableCount = useMemo(() => (check ? check.findings.filter(hasCellFix).length : 0), [check]);

  // Stable callbacks for the memoized panels (a run's progress must not re-render the findings list).
  const selectAt = useCallback((sheet: string, address: string | null) => {
    // Selecting is quick and harmless: it does not wait for, or block, other operations.
    if (adapter && address) adapter.select(sheet, address).catch((e: unknown) => setMessage({ text: errorText(t, e), error: true }));
  }, [adapter, t, setMessage]);
  const onSelect = useCallback((f: Pick<LocatedFinding, "sheet" | "address">) => selectAt(f.sheet, f.address), [selectAt]);
  /** Step 1 of a fix: the preview (all fixes, or those of `codes`). */
  const onPreview = useCallback((invoker: HTMLElement | null, codes?: FindingCode[]) => adapter && run(invoker, (job) => adapter.previewFix(codes, job), (p) => {
    setCheck(p.check);
    if (p.fixes.length === 0) return t.fix.nothingToFix;
    setPreview({ fixes: p.fixes, codes, invoker });
    return "";
  }), [adapter, run, t]);
  const onFixCode = useCallback((code: FindingCode, el: HTMLElement) => onPreview(el, [code]), [onPreview]);
  const off = busy !== null || !adapter;
  const audit = useAuditTab(adapter, t, run, busy !== null, tab === "audit");
  const handover = useHandoverTab(adapter, t, run, busy !== null, tab === "handover");
  const credit = useCreditTab({ adapter, t, run, busy: busy !== null, check, onSelectCell: selectAt });
  const analysis = useAnalysisTab(adapter, t, run, busy !== null, tab === "analysis");

  if (office === "absent" || (!adapter && office !== "starting")) {
    return (
      <main className={styles.root}>
        <h1 className={styles.title}>{t.common.title}</h1>
        <MessageBar intent="warning" layout="multiline" data-testid="no-office">
          <MessageBarBody>{t.common.noOffice}</MessageBarBody>
        </MessageBar>
      </main>
    );
  }

  const summary = (c: CheckResult) => {
    const customers = c.rowsByTable?.Customers ?? 0;
    const flags = c.creditFlags?.length ?? 0;
    const found = c.findings.length === 0 && flags === 0 ? t.findings.allGood(customers) : t.findings.checked(customers, c.stats.errors, c.stats.warnings, c.stats.infos);
    return flags ? `${found}${t.credit.flags.checked(flags)}` : found;
  };

  const onCheck = (invoker: HTMLElement | null) => adapter && run(invoker, (job) => adapter.check(job), (c) => {
    setCheck(c);
    setFixed(null);
    setTab("findings");
    return summary(c);
  });
  const onSetup = (invoker: HTMLElement | null) => adapter && run(invoker, () => adapter.setUp(), (r) => {
    // What was found before set-up (a missing table …) no longer holds: clear it rather than show it under "added".
    setCheck(null);
    setFixed(null);
    return t.common.setupDone(r.added.map((a) => t.common.tableOnSheet(a.table, a.sheet)), r.kept.map((k) => k.table), r.skipped.map((s) => s.sheet), r.listsAdded);
  });
  const onMark = (invoker: HTMLElement | null) => adapter && check && run(invoker, () => adapter.mark(check.findings), (r) => t.common.marked(r.cells));
  const onClear = (invoker: HTMLElement | null) => adapter && run(invoker, () => adapter.clearMarks(), (n) => t.common.cleared(n));
  /** Step 2: write the chosen ones as `operator`. */
  const onConfirm = (ids: string[], operator: string) => {
    if (!adapter || !preview) return;
    const { codes, invoker } = preview;
    adapter.operator.set(operator);
    setPreview(null);
    void run(invoker, (job) => adapter.fix(ids, codes, job), (r) => {
      setFixed(r);
      setCheck(r.check);
      setTab("fix");
      return t.fix.fixed(r.changed.length);
    });
  };
  const onCancelPreview = () => {
    const invoker = preview?.invoker ?? null;
    setPreview(null);
    setTimeout(() => restoreFocus(invoker), 0);
  };
  const onRestore = (sheetRow: number, invoker: HTMLElement | null) => adapter && run(invoker, () => adapter.ids.restore(sheetRow), () => t.ids.restored(sheetRow));

  const commands: Command[] = [
    { id: "check", label: t.common.check, testId: "check", appearance: "primary", disabled: off, onClick: onCheck, priority: 3 },
    { id: "fix-all", label: t.common.fixAll, testId: "fix-all", disabled: off || fixableCount === 0, onClick: (el) => onPreview(el), priority: 2 },
    { id: "mark", label: t.common.mark, testId: "mark", disabled: off || !check || check.findings.length === 0, onClick: onMark, inMenu: true },
    { id: "clear-marks", label: t.common.clearMarks, testId: "clear-marks", disabled: off, onClick: onClear, inMenu: true },
    { id: "setup", label: t.common.setup, testId: "setup", disabled: off, onClick: onSetup, inMenu: true },
  ];

  const idChanges = ids?.idChanges ?? [];
  const tabs: PaneTab[] = [
    {
      id: "findings", label: t.common.tabFindings, badge: check ? check.findings.length + (check.creditFlags?.length ?? 0) : undefined, testId: "tab-findings",
      panel: <FindingsPanel check={check} t={t} onSelect={onSelect} />,
    },
    {
      id: "fix", label: t.common.tabFix, testId: "tab-fix",
      panel: <FixPanel check={check} fixed={fixed} t={t} disabled={off} onFixCode={onFixCode} onSelectCell={selectAt} />,
    },
    audit,
    credit,
    {
      id: "ids", label: t.common.tabIds, badge: idChanges.length, testId: "tab-ids",
      panel: <IdsPanel ids={ids} t={t} disabled={off} onRestore={onRestore} />,
    },
    handover,
    analysis,
  ];

  return (
    <main className={styles.root}>
      <h1 className={styles.title}>{t.common.title}</h1>
      <CommandBar commands={commands} label={t.common.commands} moreLabel={t.common.more} testId="commands" />
      <RunStatus busy={busy} message={message} t={t} />

      {notice && (
        <MessageBar intent={notice.failed ? "error" : "success"} layout="multiline" className={styles.notice} data-testid="audit-notice">
          <MessageBarBody><Rich text={notice.outcome ? t.audit.outcome(notice.outcome) : t.audit.ribbonFailed(notice.error ?? "")} /></MessageBarBody>
          <MessageBarActions>
            <Button size="small" data-testid="audit-notice-close" onClick={() => setNotice(null)}>{t.common.close}</Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <ChainNotice adapter={adapter} t={t} />

      {idChanges.length > 0 && tab !== "ids" && (
        <MessageBar intent="error" layout="multiline" className={styles.notice} data-testid="id-change-notice">
          <MessageBarBody><Rich text={t.ids.notice(idChanges.map((c) => c.sheetRow), idChanges.length === 1 ? idChanges[0] : undefined)} /></MessageBarBody>
          <MessageBarActions>
            {idChanges.length === 1
              ? <Button size="small" data-testid="notice-restore" disabledFocusable={off} onClick={(e) => onRestore(idChanges[0].sheetRow, e.currentTarget)}>{t.ids.restore}</Button>
              : <Button size="small" data-testid="notice-review" onClick={() => setTab("ids")}>{t.ids.review}</Button>}
          </MessageBarActions>
        </MessageBar>
      )}

      <PaneTabs
        tabs={tabs} selected={tab} onSelect={setTab} disabled={!adapter}
        label={t.common.tabs} moreTabs={t.common.moreTabs} moreLabel={t.common.more} num={t.f.num}
      />

      {preview && <FixPreviewDialog fixes={preview.fixes} t={t} operator={adapter?.operator.get() ?? ""} onConfirm={onConfirm} onCancel={onCancelPreview} />}
    </main>
  );
}
