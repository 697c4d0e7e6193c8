/**
 * The 信用 tab (SPEC §8): the credit summary of the last Check as two small charts
 * (@fluentui/react-charts: customers per grade, open balance per aging bucket; the numbers also as
 * text), what the recorded vs computed flags count, and three actions: 生成评级调整表 (the year's
 * review sheet, 编制人 = the 操作人 the pane keeps; asks before replacing a year's sheet),
 * 应用已审批 (the approved rows into Customers, each old value to ChangeLog first; the rows listed
 * with their outcome, Enter selects the row's cell on the review sheet), 记录本月并生成异常报告
 * (the month into 信用月报 and its report sheet with native charts; says when a month was
 * replaced). The work is in src/excel/credit.ts through the adapter; the rules are core's.
 */
import { useEffect, useState } from "react";
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, mergeClasses, tokens,
} from "@fluentui/react-components";
import { DataVizPalette, getColorFromToken, HorizontalBarChart, type ChartProps } from "@fluentui/react-charts";
import { AGING_KEYS, type Grade } from "../core/credit/model";
import type { CreditFlagCode } from "../core/credit/flags";
import { monthOfDay } from "../core/credit/history";
import { withoutCellPlace } from "../core/validate/messages";
import { today } from "../core/dates";
import type { AppliedRow } from "../excel/credit";
import type { CheckResult, MonthOutcome, PaneAdapter, ReviewApplyOutcome, ReviewSheetOutcome } from "./adapter";
import { plain, type Strings } from "./i18n";
import { markChinese, markData } from "./i18n/format";
import { restoreFocus, type Runner } from "./run";
import { ActiveList } from "./ui/ActiveList";
import type { PaneTab } from "./ui/PaneTabs";
import { Rich } from "./ui/Rich";

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: "break-word" },
  fields: { display: "flex", flexWrap: "wrap", gap: "4px 8px", flexShrink: 0 },
  half: { flex: "1 1 120px", minWidth: 0 },
  input: { minWidth: 0, width: "100%" },
  section: { display: "flex", flexDirection: "column", gap: "4px", flexShrink: 0, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold },
  chart: { width: "100%", minWidth: 0, overflow: "hidden" },
  result: { fontSize: tokens.fontSizeBase200, overflowWrap: "break-word" },
  row: { display: "grid", gridTemplateColumns: "6px minmax(0, 1fr)", columnGap: "8px", padding: "6px 8px", boxSizing: "border-box", borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, cursor: "pointer" },
  bar: { borderRadius: "3px" },
  applied: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  unchanged: { backgroundColor: tokens.colorNeutralStroke1 },
  skipped: { backgroundColor: tokens.colorPaletteMarigoldBackground3 },
  head: { display: "flex", flexWrap: "wrap", columnGap: "6px", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  place: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  message: { display: "block", fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, overflowWrap: "break-word", minWidth: 0 },
  surface: { width: "calc(100vw - 16px)", maxWidth: "480px", padding: "12px", boxSizing: "border-box" },
  actions: { display: "flex", flexWrap: "wrap", justifyContent: "flex-end", gap: "8px" },
});

/** Grades in the order the chart shows them, and their colours (the chart palette's tokens as colours: a bar's fill takes no token). */
const GRADES: readonly Grade[] = ["A类", "B类", "C类", "N"];
const GRADE_COLORS: Readonly<Record<Grade, string>> = {
  A类: getColorFromToken(DataVizPalette.success), B类: getColorFromToken(DataVizPalette.color1), C类: getColorFromToken(DataVizPalette.error), N: getColorFromToken(DataVizPalette.disabled),
};
/** Aging buckets: not due, then warmer as the money gets older. */
const AGING_COLORS: readonly string[] = [DataVizPalette.success, DataVizPalette.color1, DataVizPalette.warning, DataVizPalette.warning, DataVizPalette.error, DataVizPalette.highError].map((c) => getColorFromToken(c));

/**
 * Rows of a part-to-whole bar chart: one bar per item showing its share of the whole, the value
 * on the right of its title (in the pane's language). Fresh objects each time: the chart writes
 * into the data it is given.
 */
function bars(items: ReadonlyArray<{ title: string; value: number; color: string; label: string }>): ChartProps[] {
  const total = Math.max(1, items.reduce((a, i) => a + i.value, 0));
  return items.map((i) => ({
    chartTitle: i.title,
    chartData: [{ legend: i.title, horizontalBarChartdata: { x: i.value, total }, color: i.color, xAxisCalloutData: i.title, yAxisCalloutData: i.label }],
  }));
}

/** The credit summary of a check as two charts, each with its numbers as text. */
export function CreditCharts({ credit, t }: { credit: NonNullable<CheckResult["credit"]>; t: Strings }) {
  const styles = useStyles();
  const s = t.credit.summary;
  if (credit.kind === "unavailable") return <span className={styles.muted} data-testid="credit-unavailable"><Rich text={t.findings.credit.unavailable} /></span>;
  const grades = GRADES.map((g): [Grade, number] => [g, credit.grades[g]]);
  const aging = AGING_KEYS.map((k, i): [number, number] => [i, Math.round(credit.agingFen[k] / 100)]);
  const total = aging.reduce((a, [, y]) => a + y, 0);
  return (
    <div className={styles.section} data-testid="credit-charts">
      <h4 className={styles.subheading} id="credit-grades-title">{s.grades(credit.customers)}</h4>
      <div className={styles.chart} data-testid="credit-grades-chart">
        <HorizontalBarChart
          data={bars(grades.map(([g, n]) => ({ title: s.grade(g), value: n, color: GRADE_COLORS[g], label: t.f.num(n) })))}
          culture={t.lang} barHeight={10} hideTooltip
        />
      </div>
      <span className={styles.muted} data-testid="credit-grades-text"><Rich text={s.gradesText(grades)} /></span>
      <h4 className={styles.subheading} id="credit-aging-title">{s.aging(total)}</h4>
      {total === 0 ? <span className={styles.muted}>{s.noOpen}</span> : (
        <div className={styles.chart} data-testid="credit-aging-chart">
          <HorizontalBarChart
            data={bars(aging.map(([i, yuan]) => ({ title: s.bucket(i), value: yuan, color: AGING_COLORS[i], label: t.f.num(yuan) })))}
            culture={t.lang} barHeight={10} hideTooltip
          />
        </div>
      )}
      <span className={styles.muted} data-testid="credit-aging-text"><Rich text={s.agingText(aging)} /></span>
      {credit.policyKey !== undefined && <span className={styles.muted}><Rich text={t.findings.credit.policy(credit.policyKey)} /></span>}
    </div>
  );
}

/** A core message (an apply outcome) for the list: its place left to the row's first line, data marked. */
function outcomeText(row: AppliedRow, sheet: string, t: Strings): string {
  const text = withoutCellPlace(row.message[t.lang], sheet, row.address, t.lang);
  return t.lang === "en-US" ? markChinese(text) : markData(text, [sheet]);
}

/** Props of the credit tab's hook. */
export interface CreditTabOptions {
  adapter: PaneAdapter | null;
  t: Strings;
  run: Runner;
  busy: boolean;
  check: CheckResult | null;
  /** Select a cell (the apply list's rows). */
  onSelectCell: (sheet: string, address: string | null) => void;
}

/** The 信用 tab: its panel and its own actions. */
export function useCreditTab({ adapter, t, run, busy, check, onSelectCell }: CreditTabOptions): PaneTab {
  const styles = useStyles();
  const c = t.credit;
  const now = today();
  const [year, setYear] = useState(() => monthOfDay(now).slice(0, 4));
  const [month, setMonth] = useState(() => monthOfDay(now));
  const [preparer, setPreparer] = useState(() => adapter?.operator.get() ?? "");
  const [review, setReview] = useState<Extract<ReviewSheetOutcome, { kind: "made" }> | null>(null);
  const [applied, setApplied] = useState<Extract<ReviewApplyOutcome, { kind: "applied" }> | null>(null);
  const [recorded, setRecorded] = useState<Extract<MonthOutcome, { kind: "recorded" }> | null>(null);
  const [confirming, setConfirming] = useState<{ invoker: HTMLElement | null; sheet: string; filled: number } | null>(null);
  // The 操作人 the pane keeps, once the adapter is there (Office may be ready after the first render).
  useEffect(() => {
    if (adapter) setPreparer((p) => p || adapter.operator.get());
  }, [adapter]);

  const yearOk = /^\d{4}$/.test(year.trim()) && Number(year) >= 2000 && Number(year) <= 2100;
  const monthOk = /^\d{4}-(0[1-9]|1[0-2])$/.test(month.trim());
  const off = busy || !adapter;

  const generate = (invoker: HTMLElement | null, again: boolean) => adapter && void run(invoker, () => {
    if (preparer.trim()) adapter.operator.set(preparer);
    return adapter.credit.review({ year: Number(year), preparer: preparer.trim(), again });
  }, (o) => {
    if (o.kind === "exists") {
      setConfirming({ invoker, sheet: o.sheet, filled: o.filled });
      return;
    }
    if (o.kind === "refused") return c.refused(o);
    setReview(o);
    return c.made(o);
  });
  const apply = (invoker: HTMLElement | null) => adapter && void run(invoker, () => adapter.credit.apply(Number(year)), (o) => {
    if (o.kind === "refused") return c.refused(o);
    setApplied(o);
    return c.applied(o);
  });
  const record = (invoker: HTMLElement | null) => adapter && void run(invoker, () => adapter.credit.recordMonth(month.trim()), (o) => {
    if (o.kind === "refused") return c.refused(o);
    setRecorded(o);
    return c.recorded(o);
  });
  const closeConfirm = (then?: (invoker: HTMLElement | null) => void) => {
    const invoker = confirming?.invoker ?? null;
    setConfirming(null);
    if (then) then(invoker);
    else setTimeout(() => restoreFocus(invoker), 0);
  };

  const flags = check?.creditFlags ?? [];
  const flagCounts = (["over-limit", "grade-drift", "limit-above-suggested"] as const)
    .map((code): [CreditFlagCode, number] => [code, flags.filter((f) => f.code === code).length]).filter(([, n]) => n > 0);
  const rows = applied?.rows ?? [];

  return {
    id: "credit",
    label: c.tab,
    testId: "tab-credit",
    actions: [
      { id: "credit-review", label: c.generate, testId: "credit-review", appearance: "primary", disabled: off || !yearOk, onClick: (el) => generate(el, false), priority: 3 },
      { id: "credit-apply", label: c.apply, testId: "credit-apply", disabled: off || !yearOk, onClick: (el) => apply(el), priority: 2 },
      { id: "credit-month", label: c.record, testId: "credit-month", disabled: off || !monthOk, onClick: (el) => record(el), priority: 1 },
    ],
    panel: (
      <div data-testid="credit-panel" style={{ display: "contents" }}>
        <div className={styles.fields}>
          <Field label={c.fields.year} size="small" className={styles.half} validationState={yearOk ? "none" : "error"}>
            <Input size="small" className={styles.input} type="number" min={2000} max={2100} value={year} data-testid="credit-year" onChange={(_e, d) => setYear(d.value)} />
          </Field>
          <Field label={c.fields.month} size="small" className={styles.half} validationState={monthOk ? "none" : "error"}>
            <Input size="small" className={styles.input} type="month" value={month} data-testid="credit-month-input" onChange={(_e, d) => setMonth(d.value)} />
          </Field>
        </div>
        <Field label={c.fields.preparer} size="small" hint={{ children: <Rich text={c.fields.preparerHint} /> }}>
          <Input size="small" className={styles.input} value={preparer} data-testid="credit-preparer" onChange={(_e, d) => setPreparer(d.value)} />
        </Field>

        {review && <span className={styles.result} data-testid="credit-review-result"><Rich text={c.made(review)} /></span>}
        {applied && (
          <div className={styles.section}>
            <span className={styles.result} data-testid="credit-apply-result"><Rich text={c.applied(applied)} /></span>
            {rows.length > 0 && (
              <ActiveList
                rows={rows}
                role="listbox"
                label={plain(c.appliedTitle(applied.reviewSheet))}
                hint={c.appliedHint}
                estimate={56}
                testId="credit-applied"
                rowKey={(r) => String(r.row)}
                rowProps={(r, s) => ({ role: "option", "aria-selected": s.active, "aria-setsize": rows.length, "aria-posinset": rows.indexOf(r) + 1, "data-testid": "credit-applied-row", "data-status": r.status, "data-skip": r.skip ?? "", "data-address": r.address })}
                onActivate={(r) => onSelectCell(applied.reviewSheet, r.address)}
                renderRow={(r) => (
                  <div className={styles.row}>
                    <span className={mergeClasses(styles.bar, styles[r.status])} />
                    <span>
                      <span className={styles.head}>
                        <span className={styles.place}><Rich text={c.row(r.row, r.customerId)} /></span>
                        <span>{c.status[r.status]}</span>
                      </span>
                      <span className={styles.message}><Rich text={outcomeText(r, applied.reviewSheet, t)} /></span>
                    </span>
                  </div>
                )}
              />
            )}
          </div>
        )}

        {recorded && <span className={styles.result} data-testid="credit-month-result"><Rich text={c.recorded(recorded)} /></span>}

        <h3 className={styles.heading}>{c.summary.title}</h3>
        {check?.credit ? <CreditCharts credit={check.credit} t={t} /> : <span className={styles.muted} data-testid="credit-not-checked">{c.summary.notChecked}</span>}
        {check?.credit && check.credit.kind === "grades" && (
          <span className={styles.muted} data-testid="credit-flags-summary">{flagCounts.length ? c.flags.summary(flagCounts) : c.flags.none}</span>
        )}

        <Dialog open={confirming !== null} onOpenChange={(_e, d) => { if (!d.open) closeConfirm(); }}>
          <DialogSurface className={styles.surface}>
            <DialogBody>
              <DialogTitle><Rich text={c.confirm.title(confirming?.sheet ?? "")} /></DialogTitle>
              <DialogContent data-testid="credit-confirm-body">{c.confirm.body(confirming?.filled ?? 0)}</DialogContent>
              <DialogActions className={styles.actions} fluid>
                <Button appearance="secondary" data-testid="credit-confirm-cancel" onClick={() => closeConfirm()}>{c.confirm.cancel}</Button>
                <Button appearance="primary" data-testid="credit-confirm-again" onClick={() => closeConfirm((invoker) => generate(invoker, true))}>{c.confirm.again}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      </div>
    ),
  };
}
