/**
 * The task pane: Set up, Check (counts by code, virtualized findings, select / mark / clear),
 * Fix (all or per code, then what changed), Audit, and changed customer ids with a restore.
 * Every workbook operation goes through the `adapter` prop; one runs at a time, with a progress
 * bar and a message in the status area.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Button, Field, Input, MessageBar, MessageBarActions, MessageBarBody, ProgressBar, Tab, TabList, makeStyles, mergeClasses, tokens,
} from "@fluentui/react-components";
import { cellText } from "../core/table";
import type { FindingCode, Lang } from "../core/validate";
import { hasCellFix } from "../core/validate/fixes";
import { codeLabel } from "../core/validate/labels";
import type { CheckResult, FixResult, IdChangesState, LocatedFinding, PaneAdapter } from "./adapter";
import { AuditPanel } from "./AuditPanel";
import { Counts, FindingsList } from "./Findings";
import { strings } from "./i18n";
import { VirtualList } from "./VirtualList";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "8px", padding: "12px", boxSizing: "border-box", minHeight: "100vh", fontFamily: tokens.fontFamilyBase },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subtitle: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  toolbar: { display: "flex", flexWrap: "wrap", gap: "6px" },
  status: { minHeight: "20px", fontSize: tokens.fontSizeBase300 },
  hidden: { display: "none" },
  error: { color: tokens.colorPaletteRedForeground1 },
  section: { display: "flex", flexDirection: "column", gap: "6px" },
  changed: { display: "grid", gridTemplateColumns: "auto 1fr", columnGap: "8px", padding: "4px 8px", fontSize: tokens.fontSizeBase200, borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, boxSizing: "border-box", overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  idRow: { display: "flex", alignItems: "center", justifyContent: "space-between", gap: "8px" },
});

/** Where Office is: starting (waiting for onReady), ready, or absent (plain browser, office.js failed). */
export type OfficeState = "starting" | "ready" | "absent";

type TabId = "findings" | "fix" | "audit" | "ids";

/** Props of App. */
export interface AppProps {
  adapter: PaneAdapter | null;
  lang: Lang;
  office: OfficeState;
}

/** The task pane. */
export function App({ adapter, lang, office }: AppProps) {
  const styles = useStyles();
  const t = strings(lang);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean }>({ text: office === "starting" ? t.starting : office === "ready" ? t.ready : "" });
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [fixed, setFixed] = useState<FixResult | null>(null);
  const [filter, setFilter] = useState<string | null>(null);
  const [tab, setTab] = useState<TabId>("findings");
  const [ids, setIds] = useState<IdChangesState | null>(null);
  const busyRef = useRef(false);
  const [operator, setOperator] = useState(() => adapter?.operator.get() ?? "");

  useEffect(() => {
    if (office === "ready") setMessage({ text: t.ready });
  }, [office, t]);

  useEffect(() => {
    if (!adapter) return undefined;
    setIds(adapter.ids.current());
    return adapter.ids.subscribe(setIds);
  }, [adapter]);

  /** Run one workbook operation: progress bar on, buttons off, then a message (or the error). */
  const run = useCallback(async <T,>(work: () => Promise<T>, done: (result: T) => string) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setMessage({ text: t.working });
    try {
      const result = await work();
      setMessage({ text: done(result) });
    } catch (e) {
      setMessage({ text: t.failed((e as Error).message ?? String(e)), error: true });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [t]);

  const summary = (c: CheckResult) => (c.findings.length === 0 ? t.allGood(c.stats.rows) : t.checked(c.stats.rows, c.stats.errors, c.stats.warnings, c.stats.infos));

  const onSetup = () => adapter && run(() => adapter.setUp(), (r) => t.setupDone(r.added.map((a) => t.tableOnSheet(a.table, a.sheet)), r.kept.map((k) => k.table), r.skipped.map((s) => s.sheet), r.listsAdded));
  const onCheck = () => adapter && run(() => adapter.check(), (c) => { setCheck(c); setFixed(null); setFilter(null); setTab("findings"); return summary(c); });
  const onMark = () => adapter && check && run(() => adapter.mark(check.findings), (r) => t.marked(r.cells));
  const onClear = () => adapter && run(() => adapter.clearMarks(), (n) => t.cleared(n));
  const onFix = (codes?: FindingCode[]) => adapter && run(() => adapter.fix(codes), (r) => { setFixed(r); setCheck(r.check); setFilter(null); setTab("fix"); return t.fixed(r.changed.length); });
  const selectAt = (sheet: string, address: string | null) => {
    // Selecting is quick and harmless: it does not wait for, or block, other operations.
    if (adapter && address) adapter.select(sheet, address).catch((e: Error) => setMessage({ text: t.failed(e.message), error: true }));
  };
  const onSelect = (f: LocatedFinding) => selectAt(f.sheet, f.address);
  const onRestore = (sheetRow: number) => adapter && run(() => adapter.ids.restore(sheetRow), () => t.ids.restored(sheetRow));

  const shown = useMemo(() => (check ? (filter ? check.findings.filter((f) => f.code === filter) : check.findings) : []), [check, filter]);
  const fixable = useMemo(() => {
    const byCode = new Map<FindingCode, number>();
    for (const f of check?.findings ?? []) if (hasCellFix(f)) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    return [...byCode.entries()];
  }, [check]);

  const disabled = busy || !adapter;
  const idChanges = ids?.idChanges ?? [];
  const credit = check?.credit;

  return (
    <main className={styles.root}>
      <header>
        <h1 className={styles.title}>{t.title}</h1>
        <p className={styles.subtitle}>{t.subtitle}</p>
      </header>

      {office === "absent" && (
        <MessageBar intent="warning" data-testid="no-office">
          <MessageBarBody>{t.noOffice}</MessageBarBody>
        </MessageBar>
      )}

      <div className={styles.toolbar}>
        <Button data-testid="setup" onClick={onSetup} disabled={disabled}>{t.setup}</Button>
        <Button data-testid="check" appearance="primary" onClick={onCheck} disabled={disabled}>{t.check}</Button>
        <Button data-testid="mark" onClick={onMark} disabled={disabled || !check || check.findings.length === 0}>{t.mark}</Button>
        <Button data-testid="clear-marks" onClick={onClear} disabled={disabled}>{t.clearMarks}</Button>
        <Button data-testid="fix-all" onClick={() => onFix()} disabled={disabled}>{t.fixAll}</Button>
      </div>

      {busy ? <ProgressBar data-testid="progress" aria-label={t.working} /> : adapter && <div style={{ height: 2 }} />}
      <div
        data-testid="status" role="status" aria-live="polite"
        className={mergeClasses(styles.status, message.error && styles.error, !message.text && !busy && !adapter && styles.hidden)}
      >
        {message.text}
      </div>

      {idChanges.length > 0 && tab !== "ids" && (
        <MessageBar intent="error" layout="multiline" data-testid="id-change-notice">
          <MessageBarBody>
            {t.ids.notice(idChanges.map((c) => c.sheetRow), idChanges.length === 1 ? idChanges[0] : undefined)}
          </MessageBarBody>
          <MessageBarActions>
            {idChanges.length === 1
              ? <Button size="small" data-testid="notice-restore" onClick={() => onRestore(idChanges[0].sheetRow)} disabled={disabled}>{t.ids.restore}</Button>
              : <Button size="small" data-testid="notice-review" onClick={() => setTab("ids")}>{t.ids.review}</Button>}
          </MessageBarActions>
        </MessageBar>
      )}

      <TabList selectedValue={tab} onTabSelect={(_e, d) => setTab(d.value as TabId)} size="small" disabled={!adapter}>
        <Tab value="findings" data-testid="tab-findings">{t.tabFindings}{check ? ` (${check.findings.length})` : ""}</Tab>
        <Tab value="fix" data-testid="tab-fix">{t.tabFix}</Tab>
        <Tab value="audit" data-testid="tab-audit">{t.tabAudit}</Tab>
        <Tab value="ids" data-testid="tab-ids">{t.tabIds}{idChanges.length ? ` (${idChanges.length})` : ""}</Tab>
      </TabList>

      {tab === "findings" && (
        <section className={styles.section}>
          {!check && <span className={styles.muted}>{t.notChecked}</span>}
          {check && <Counts check={check} filter={filter} onFilter={setFilter} lang={lang} t={t} />}
          {credit && credit.kind === "grades" && (
            <span className={styles.muted} data-testid="credit">
              {t.credit.title}: {Object.entries(credit.grades).map(([g, n]) => t.credit.grade(g, n)).join(" · ")}
            </span>
          )}
          {credit && credit.kind === "unavailable" && <span className={styles.muted} data-testid="credit">{t.credit.title}: {credit.reason}</span>}
          {check && check.findings.length === 0 && <span>{t.noFindings}</span>}
          {shown.length > 0 && <FindingsList findings={shown} lang={lang} t={t} onSelect={onSelect} />}
        </section>
      )}

      {tab === "fix" && (
        <section className={styles.section}>
          <Field label={t.operator} hint={t.operatorHint} size="small">
            <Input
              data-testid="operator" value={operator} disabled={!adapter} size="small"
              onChange={(_e, d) => setOperator(d.value)} onBlur={() => adapter?.operator.set(operator)}
            />
          </Field>
          <strong>{t.fixable}</strong>
          {fixable.length === 0 && <span className={styles.muted}>{check ? t.noFixable : t.notChecked}</span>}
          <div className={styles.toolbar}>
            {fixable.map(([code, n]) => (
              <Button key={code} size="small" data-testid="fix-code" data-code={code} onClick={() => onFix([code])} disabled={disabled}>{t.fixCode(codeLabel(code, lang), n)}</Button>
            ))}
          </div>
          {fixed && fixed.changed.length > 0 && (
            <>
              <strong>{t.changedTitle} ({fixed.changed.length})</strong>
              <VirtualList
                items={fixed.changed} rowHeight={36} label={t.changedTitle} testId="changed"
                renderRow={(c) => (
                  <div className={styles.changed} data-testid="changed-cell" data-address={c.address} data-sheet={c.sheet} data-code={c.code} role="button" tabIndex={0} onClick={() => selectAt(c.sheet, c.address)}>
                    <strong>{c.sheet}!{c.address}</strong>
                    <span>{c.column}: {cellText(c.before)} → {cellText(c.after)}</span>
                  </div>
                )}
              />
            </>
          )}
        </section>
      )}

      {tab === "audit" && adapter && <AuditPanel audit={adapter.audit} t={t} run={run} busy={busy} />}

      {tab === "ids" && (
        <section className={styles.section} data-testid="id-changes">
          <strong>{t.ids.title}</strong>
          {ids && <span className={styles.muted}>{t.ids.tracking(ids.state)}{ids.message ? ` — ${ids.message}` : ""}</span>}
          {idChanges.length === 0 && <span className={styles.muted}>{t.ids.none}</span>}
          {idChanges.map((c) => (
            <div key={c.sheetRow} className={styles.idRow} data-testid="id-change" data-row={c.sheetRow}>
              <span>{t.ids.row(c.sheetRow, c.before, c.after)}</span>
              <Button size="small" data-testid="restore-id" onClick={() => onRestore(c.sheetRow)} disabled={disabled}>{t.ids.restore}</Button>
            </div>
          ))}
        </section>
      )}
    </main>
  );
}
