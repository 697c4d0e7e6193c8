/**
 * The 交接 tab (SPEC §10.1): pick 移交人 / 接收人 (and 监交人) from the names in 负责人 and the
 * staff list (a leaver marked; a name not listed may be typed), preview the customers that
 * would move (one list widget: all ticked, Space unticks), confirm with the 操作人 and a note,
 * then one write. A refusal (unknown name, the same person, nobody to hand over, a receiver
 * who left …) is the core's message, shown in the panel; nothing is written then. Below, how
 * custfile's protected record sheets can be unprotected by a person who truly needs to.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Button, Combobox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody,
  Option, makeStyles, mergeClasses, tokens,
} from "@fluentui/react-components";
import { CUSTOMERS, STAFF } from "../core/template/tables";
import type { LocalizedText } from "../core/validate/types";
import type { HandoverCandidate, HandoverChoice, HandoverOutcome, PaneAdapter } from "./adapter";
import type { HandoverDone, HandoverPreview } from "../excel/handover";
import { markData, type Strings } from "./i18n";
import type { Runner } from "./run";
import { restoreFocus } from "./run";
import { TickList } from "./ui/TickList";
import type { PaneTab } from "./ui/PaneTabs";
import { Rich } from "./ui/Rich";

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: "break-word" },
  about: { margin: 0, paddingLeft: "16px", display: "flex", flexDirection: "column", gap: "2px" },
  fields: { display: "flex", flexDirection: "column", gap: "4px", flexShrink: 0 },
  combo: { width: "100%", minWidth: 0, boxSizing: "border-box" },
  comboInput: { width: "100%", minWidth: 0 },
  list: { maxHeight: "max(120px, calc(100vh - 460px))", flexShrink: 0 },
  surface: { width: "calc(100vw - 16px)", maxWidth: "480px", maxHeight: "calc(100vh - 16px)", padding: "12px", boxSizing: "border-box" },
  content: { display: "flex", flexDirection: "column", gap: "8px", minWidth: 0 },
  actions: { display: "flex", flexWrap: "wrap", justifyContent: "flex-end", gap: "8px" },
  bar: { flexShrink: 0 },
});

/** What the panel shows under the fields. */
type Problem = { kind: "refused"; message: LocalizedText } | { kind: "changed" } | { kind: "no-id"; rows: number[] } | { kind: "none-chosen" } | { kind: "need-names" };

/** One picker: a name from the list, or typed. */
function PersonField({ label, value, people, t, testId, required, onChange }: {
  label: string; value: string; people: readonly HandoverCandidate[]; t: Strings; testId: string; required?: boolean; onChange: (name: string) => void;
}) {
  const styles = useStyles();
  return (
    <Field label={label} size="small" required={required}>
      <Combobox
        freeform size="small" className={styles.combo} input={{ className: styles.comboInput }} data-testid={testId}
        placeholder={t.records.pick} value={value} selectedOptions={people.some((p) => p.name === value) ? [value] : []}
        onChange={(e) => onChange(e.target.value)}
        onOptionSelect={(_e, d) => onChange(d.optionValue ?? "")}
        // Fluent leaves aria-activedescendant naming an option of the list it unmounts when focus leaves
        // (a name typed, then Tab): an id that resolves to nothing, which screen readers and axe reject.
        onBlur={(e) => e.currentTarget.removeAttribute("aria-activedescendant")}
      >
        {people.map((p) => (
          <Option key={p.name} value={p.name} text={p.name} data-testid={`${testId}-option`} data-name={p.name}>
            {/* One span: the option lays its children out as flex items. */}
            <span><Rich text={t.records.person(p)} /></span>
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}

/** The confirmation: what will be written, the 操作人 (required, remembered) and a note. */
function ConfirmDialog({ preview, count, t, operator: initialOperator, onConfirm, onCancel }: {
  preview: HandoverPreview; count: number; t: Strings; operator: string; onConfirm: (operator: string, note: string) => void; onCancel: () => void;
}) {
  const styles = useStyles();
  const r = t.records;
  const [operator, setOperator] = useState(initialOperator);
  const [note, setNote] = useState("");
  const [tried, setTried] = useState(false);
  const missing = operator.trim() === "";
  const confirm = () => {
    setTried(true);
    if (!missing) onConfirm(operator.trim(), note.trim());
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_e, d) => { if (!d.open) onCancel(); }}>
      <DialogSurface className={styles.surface} data-testid="handover-confirm">
        <DialogBody>
          <DialogTitle>{r.confirmTitle(count)}</DialogTitle>
          <DialogContent className={styles.content}>
            <span data-testid="handover-confirm-body"><Rich text={r.confirmBody(preview, count)} /></span>
            <Field
              label={t.fix.preview.operator} hint={t.fix.preview.operatorHint} required size="small"
              validationState={tried && missing ? "error" : "none"} validationMessage={tried && missing ? t.fix.preview.operatorMissing : undefined}
            >
              <Input data-testid="handover-operator" value={operator} size="small" onChange={(_e, d) => setOperator(d.value)} onKeyDown={(e) => { if (e.key === "Enter") confirm(); }} />
            </Field>
            <Field label={r.note} size="small">
              <Input data-testid="handover-note" value={note} size="small" onChange={(_e, d) => setNote(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions className={styles.actions} fluid>
            <Button appearance="secondary" data-testid="handover-cancel" onClick={onCancel}>{r.cancel}</Button>
            <Button appearance="primary" data-testid="handover-write" onClick={confirm}>{r.confirm(count)}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** The 交接 tab: its panel and its own actions (preview, hand over…, refresh names). */
export function useHandoverTab(adapter: PaneAdapter | null, t: Strings, run: Runner, busy: boolean, selected: boolean): PaneTab {
  const styles = useStyles();
  const r = t.records;
  const [people, setPeople] = useState<HandoverCandidate[] | null>(null);
  const [names, setNames] = useState({ from: "", to: "", supervisor: "" });
  const [preview, setPreview] = useState<HandoverPreview | null>(null);
  /** The ticked customers, by sheet row (as text: TickList keys). */
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<HandoverDone | null>(null);
  const [confirming, setConfirming] = useState<HTMLElement | null>(null);
  const shown = useRef(false);

  const load = useCallback((invoker: HTMLElement | null) => {
    if (!adapter) return;
    void run(invoker, () => adapter.handover.people(), (p) => { setPeople(p); return r.loaded(p.length); });
  }, [adapter, run, r]);
  useEffect(() => {
    if (selected && !shown.current && adapter) {
      shown.current = true;
      load(null);
    }
  }, [selected, adapter, load]);

  /** The core's sentences, with the names and sheet names in them marked as data. */
  const marked = useCallback((text: LocalizedText) => markData(text[t.lang], [
    ...(people ?? []).map((p) => p.name), names.from, names.to, names.supervisor, CUSTOMERS.sheet, STAFF.sheet, "负责人", "客户编号",
  ]), [people, names, t.lang]);

  const setName = (key: keyof typeof names) => (value: string) => {
    setNames((n) => ({ ...n, [key]: value }));
    // A preview of other names would be stale.
    setPreview(null);
    setProblem(null);
  };
  const choice = (): HandoverChoice => ({ from: names.from.trim(), to: names.to.trim(), ...(names.supervisor.trim() ? { supervisor: names.supervisor.trim() } : {}) });
  const showPreview = (p: HandoverPreview) => {
    setPreview(p);
    setChosen(new Set(p.customers.map((c) => String(c.row))));
  };
  /** Word an outcome for the status line, and show it in the panel. */
  const settle = (o: HandoverOutcome): string => {
    switch (o.kind) {
      case "preview":
        showPreview(o.preview);
        setProblem(null);
        return r.previewReady(o.preview.customers.length);
      case "changed":
        showPreview(o.preview);
        setProblem({ kind: "changed" });
        return r.refusedStatus;
      case "refused":
        setPreview(null);
        setProblem({ kind: "refused", message: o.error.message });
        return r.refusedStatus;
      case "done":
        setPreview(null);
        setProblem(null);
        setDone(o.done);
        return r.doneShort(o.done);
    }
  };

  const onPreview = (invoker: HTMLElement | null) => {
    if (!adapter) return;
    setDone(null);
    if (!names.from.trim() || !names.to.trim()) return setProblem({ kind: "need-names" });
    void run(invoker, (job) => adapter.handover.preview(choice(), job), settle);
  };
  const picked = useMemo(() => (preview ? preview.customers.filter((c) => chosen.has(String(c.row))) : []), [preview, chosen]);
  const onHandOver = (invoker: HTMLElement | null) => {
    if (!preview) return;
    if (picked.length === 0) return setProblem({ kind: "none-chosen" });
    const noId = picked.length < preview.customers.length ? picked.filter((c) => c.id === "").map((c) => c.row) : [];
    if (noId.length) return setProblem({ kind: "no-id", rows: noId });
    setProblem(null);
    setConfirming(invoker);
  };
  const onConfirm = (operator: string, note: string) => {
    if (!adapter || !preview) return;
    const invoker = confirming;
    setConfirming(null);
    adapter.operator.set(operator);
    const all = picked.length === preview.customers.length;
    const request: HandoverChoice = { ...choice(), user: operator, ...(note ? { note } : {}), ...(all ? {} : { ids: picked.map((c) => c.id) }) };
    void run(invoker, async (job) => {
      const outcome = await adapter.handover.apply(request, picked.map((c) => c.row), job);
      // The owners' counts changed: the pickers show them as they are now.
      if (outcome.kind === "done") setPeople(await adapter.handover.people());
      return outcome;
    }, settle);
  };
  const onCancelConfirm = () => {
    const el = confirming;
    setConfirming(null);
    setTimeout(() => restoreFocus(el), 0);
  };

  const total = preview?.customers.length ?? 0;
  const off = busy || !adapter;
  const list = people ?? [];

  const problemText = (p: Problem): string => {
    switch (p.kind) {
      case "refused": return marked(p.message);
      case "changed": return r.changed;
      case "no-id": return r.noId(p.rows);
      case "none-chosen": return r.noneChosen;
      case "need-names": return r.needNames;
    }
  };

  return {
    id: "handover",
    label: r.tab,
    testId: "tab-handover",
    actions: [
      { id: "handover-preview", label: r.preview, testId: "handover-preview", appearance: preview ? "secondary" : "primary", disabled: off, onClick: onPreview, priority: 3 },
      { id: "handover-go", label: r.handOver, testId: "handover-go", appearance: preview ? "primary" : "secondary", disabled: off || !preview || picked.length === 0, onClick: onHandOver, priority: 2 },
      { id: "handover-refresh", label: r.refresh, testId: "handover-refresh", disabled: off, onClick: (el) => load(el) },
    ],
    panel: (
      <div data-testid="handover-panel" style={{ display: "contents" }}>
        <span className={styles.muted}><Rich text={r.intro} /></span>
        <div className={styles.fields}>
          <PersonField label={r.from} value={names.from} people={list.filter((p) => p.customers > 0)} t={t} testId="handover-from" required onChange={setName("from")} />
          <PersonField label={r.to} value={names.to} people={list} t={t} testId="handover-to" required onChange={setName("to")} />
          <PersonField label={r.supervisor} value={names.supervisor} people={list.filter((p) => !p.left)} t={t} testId="handover-supervisor" onChange={setName("supervisor")} />
        </div>
        {people && people.length === 0 && <span className={styles.muted}><Rich text={r.noPeople} /></span>}
        {problem && (
          <MessageBar intent={problem.kind === "refused" || problem.kind === "changed" ? "error" : "warning"} layout="multiline" className={styles.bar} data-testid="handover-problem" data-kind={problem.kind}>
            <MessageBarBody><Rich text={problemText(problem)} /></MessageBarBody>
          </MessageBar>
        )}
        {done && (
          <MessageBar intent="success" layout="multiline" className={styles.bar} data-testid="handover-done">
            <MessageBarBody><Rich text={r.done(done)} /></MessageBarBody>
          </MessageBar>
        )}
        {(done?.warnings ?? []).map((w) => (
          <MessageBar key={w["en-US"]} intent="warning" layout="multiline" className={styles.bar} data-testid="handover-warning"><MessageBarBody><Rich text={marked(w)} /></MessageBarBody></MessageBar>
        ))}
        {preview && (
          <>
            <strong><Rich text={r.listTitle(total, preview.from, preview.to)} /></strong>
            {preview.warnings.map((w) => (
              <MessageBar key={w["en-US"]} intent="warning" layout="multiline" className={styles.bar} data-testid="handover-warning"><MessageBarBody><Rich text={marked(w)} /></MessageBarBody></MessageBar>
            ))}
            <TickList
              rows={preview.customers}
              rowKey={(c) => String(c.row)}
              chosen={chosen}
              onChange={setChosen}
              allLabel={r.all}
              allTestId="handover-all"
              label={r.list}
              hint={r.listHint}
              estimate={30}
              testId="handover-list"
              className={styles.list}
              rowData={(c) => ({ "data-testid": "handover-customer", "data-row": c.row, "data-id": c.id })}
              renderRow={(c) => <span><Rich text={r.customer(c.id, c.name, c.row)} /></span>}
            />
            <span className={styles.muted}><Rich text={r.sheetNote(preview.sheet)} /></span>
          </>
        )}
        <ul className={mergeClasses(styles.muted, styles.about)} data-testid="handover-about">
          {r.about.map((line) => <li key={line}><Rich text={line} /></li>)}
          <li data-testid="protection-help"><Rich text={r.protection} /></li>
        </ul>
        {confirming && preview && (
          <ConfirmDialog preview={preview} count={picked.length} t={t} operator={adapter?.operator.get() ?? ""} onConfirm={onConfirm} onCancel={onCancelConfirm} />
        )}
      </div>
    ),
  };
}
