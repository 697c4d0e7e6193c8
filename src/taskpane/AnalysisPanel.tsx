/**
 * The 分析 tab (composition analysis, SPEC §9): the as-of day, the totals and the concentration,
 * then ABC class, province, industry and credit grade each as a Fluent chart (donut or bars,
 * sized to the panel's width) with its numbers as a table beside it — the text a screen reader
 * reads, and the legend of the chart's colours. "生成分析表" writes the 客户构成分析 sheet (all
 * eight breakdowns, native Excel charts) after a fresh analysis; a sheet of the same day is
 * replaced only after a confirmation. The analysis runs in the engine (adapter.analysis).
 */
import { useCallback, useEffect, useRef, useState, type ReactElement } from "react";
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, mergeClasses, tokens,
} from "@fluentui/react-components";
import { DonutChart, HorizontalBarChart, getNextColor, type ChartDataPoint, type ChartProps } from "@fluentui/react-charts";
import type { Breakdown } from "../core/analysis";
import { formatDay, today } from "../core/dates";
import type { AnalysisResult, AnalysisWriteOutcome, PaneAdapter, SheetSpec } from "./adapter";
import { plain, type Strings } from "./i18n";
import type { ChartedBreakdown } from "./i18n/analysis";
import type { Runner } from "./run";
import { restoreFocus } from "./run";
import type { PaneTab } from "./ui/PaneTabs";
import { Rich } from "./ui/Rich";

/** The breakdowns the tab shows, in order, and how each is charted. */
const CHARTED: ReadonlyArray<{ by: ChartedBreakdown; chart: "donut" | "bars" }> = [
  { by: "abc", chart: "donut" },
  { by: "province", chart: "bars" },
  { by: "industry", chart: "bars" },
  { by: "grade", chart: "donut" },
];

/** Bars drawn at most (the largest by sales); the table lists every row. */
const MAX_BARS = 8;
/** Height of a donut (its width is the panel's). */
const DONUT_HEIGHT = 150;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "8px", minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: "break-word", margin: 0 },
  text: { margin: 0, overflowWrap: "break-word" },
  asOf: { maxWidth: "200px" },
  section: { display: "flex", flexDirection: "column", gap: "4px", minWidth: 0, borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: "6px" },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  chart: { width: "100%", minWidth: 0, overflow: "hidden" },
  table: { width: "100%", borderCollapse: "collapse", fontSize: tokens.fontSizeBase200, tableLayout: "auto" },
  th: { textAlign: "right", fontWeight: tokens.fontWeightSemibold, padding: "2px 4px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, whiteSpace: "nowrap" },
  thKey: { textAlign: "left" },
  td: { textAlign: "right", padding: "2px 4px", whiteSpace: "nowrap", verticalAlign: "top", fontVariantNumeric: "tabular-nums" },
  // A key is a data value (Rich keeps short ones on one line): here a long industry name must wrap, or the table passes 320 px.
  tdKey: { textAlign: "left", whiteSpace: "normal", overflowWrap: "anywhere", "& [data-value]": { whiteSpace: "normal" } },
  swatch: { display: "inline-block", width: "8px", height: "8px", borderRadius: "2px", marginRight: "4px", verticalAlign: "baseline" },
  share: { fontWeight: tokens.fontWeightSemibold },
  surface: { width: "calc(100vw - 16px)", maxWidth: "480px", padding: "12px", boxSizing: "border-box" },
  actions: { display: "flex", flexWrap: "wrap", justifyContent: "flex-end", gap: "8px" },
});

/** The width of an element, kept up to date as the pane is resized. */
function useWidth(): [(el: HTMLElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    setWidth(Math.floor(el.clientWidth));
    if (typeof ResizeObserver === "function") {
      observer.current = new ResizeObserver((entries) => setWidth(Math.floor(entries[0]?.contentRect.width ?? el.clientWidth)));
      observer.current.observe(el);
    }
  }, []);
  return [ref, width];
}

/**
 * One breakdown: its chart (when it has sales) and its numbers as a table. The chart's labels are
 * data values (provinces, industries, grades) that Fluent renders unmarked: its wrapper says so
 * (data-value-labels), and the table below carries them marked, with lang, for screen readers.
 */
function BreakdownSection({ b, chart, t }: { b: Breakdown; chart: "donut" | "bars"; t: Strings }) {
  const styles = useStyles();
  const a = t.analysis;
  const by = b.by as ChartedBreakdown;
  const [chartRef, width] = useWidth();
  const title = a.section[by];
  const headingId = `analysis-heading-${by}`;
  const sold = b.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.sales > 0);
  const total = sold.reduce((s, { r }) => s + r.sales, 0);
  const color = (i: number) => getNextColor(i);
  const label = (key: string) => plain(a.key(key));
  const share = (i: number) => a.share(b.salesPermille[i] / 1000);
  const point = (key: string, i: number): Pick<ChartDataPoint, "legend" | "yAxisCalloutData" | "callOutAccessibilityData"> => ({
    legend: label(key),
    yAxisCalloutData: `${a.money(b.rows[i].sales)} (${share(i)})`,
    callOutAccessibilityData: { ariaLabel: `${label(key)}: ${a.money(b.rows[i].sales)}, ${share(i)}` },
  });
  const bars = sold.slice(0, MAX_BARS);
  let drawing: ReactElement | null = null;
  if (sold.length > 0 && width > 0) {
    if (chart === "donut") {
      const data: ChartProps = { chartTitle: a.chartTitle(title), chartData: sold.map(({ r, i }) => ({ ...point(r.key, i), data: r.sales, color: color(i) })) };
      drawing = <DonutChart data={data} width={width} height={DONUT_HEIGHT} innerRadius={DONUT_HEIGHT / 4} hideLegend hideLabels culture={t.lang} />;
    } else {
      const data: ChartProps[] = bars.map(({ r, i }) => ({
        chartTitle: label(r.key),
        chartData: [{ ...point(r.key, i), horizontalBarChartdata: { x: r.sales, total }, color: tokens.colorBrandBackground }],
      }));
      drawing = <HorizontalBarChart data={data} width={width} chartDataMode="percentage" culture={t.lang} />;
    }
  }
  return (
    <section className={styles.section} aria-labelledby={headingId} data-testid={`analysis-${by}`}>
      <h3 id={headingId} className={styles.heading}>{title}</h3>
      {sold.length === 0
        ? <p className={styles.muted} data-testid="analysis-no-sales">{a.noSales}</p>
        : <div ref={chartRef} className={styles.chart} data-testid={`analysis-chart-${by}`} data-chart={chart} data-value-labels="">{drawing}</div>}
      <table className={styles.table} aria-labelledby={headingId} data-testid={`analysis-table-${by}`}>
        <thead>
          <tr>
            <th scope="col" className={mergeClasses(styles.th, styles.thKey)}>{a.keyHeader[by]}</th>
            <th scope="col" className={styles.th}>{a.customers}</th>
            <th scope="col" className={styles.th}>{a.sales}</th>
            <th scope="col" className={styles.th}>{a.overdue}</th>
          </tr>
        </thead>
        <tbody>
          {b.rows.map((r, i) => (
            <tr key={r.key} data-testid="analysis-row" data-key={r.key}>
              <th scope="row" className={mergeClasses(styles.td, styles.tdKey)}>
                {chart === "donut" && r.sales > 0 && <span className={styles.swatch} style={{ backgroundColor: color(i) }} aria-hidden="true" />}
                <Rich text={a.key(r.key)} />
              </th>
              <td className={styles.td}>{t.f.num(r.count)}</td>
              <td className={styles.td}><span className={styles.share}>{share(i)}</span> {a.money(r.sales)}</td>
              <td className={styles.td}>{a.money(r.overdue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {chart === "bars" && sold.length > bars.length && <p className={styles.muted}>{a.more(sold.length - bars.length)}</p>}
    </section>
  );
}

/** The 分析 tab: its panel and its own actions (analyse, write the analysis sheet). */
export function useAnalysisTab(adapter: PaneAdapter | null, t: Strings, run: Runner, busy: boolean, selected: boolean): PaneTab {
  const styles = useStyles();
  const a = t.analysis;
  const [asOf, setAsOf] = useState(() => formatDay(today()));
  const [result, setResult] = useState<AnalysisResult | null>(null);
  const [confirming, setConfirming] = useState<{ invoker: HTMLElement | null; sheet: SheetSpec } | null>(null);
  const shown = useRef(false);

  const worded = useCallback((r: AnalysisResult) => (r.kind === "report" ? a.analysed(r.report) : a.refused(r)), [a]);
  const analyse = useCallback((invoker: HTMLElement | null) => {
    if (!adapter) return;
    void run(invoker, (job) => adapter.analysis.analyze(asOf || undefined, job), (r) => { setResult(r); return worded(r); });
  }, [adapter, run, asOf, worded]);
  useEffect(() => {
    if (selected && !shown.current && adapter) {
      shown.current = true;
      analyse(null);
    }
  }, [selected, adapter, analyse]);

  /** Analyse afresh and write the sheet; with `sheet` (a confirmed replacement) write that one. */
  const write = (invoker: HTMLElement | null, replace: boolean, sheet?: SheetSpec) => adapter && void run(invoker, async (job): Promise<AnalysisResult | AnalysisWriteOutcome> => {
    let spec = sheet;
    if (!spec) {
      const r = await adapter.analysis.analyze(asOf || undefined, job);
      setResult(r);
      if (r.kind !== "report") return r;
      spec = r.sheet;
    }
    const outcome = await adapter.analysis.write(spec, replace, job);
    if (outcome.kind === "exists") setConfirming({ invoker, sheet: spec });
    return outcome;
  }, (o) => (o.kind === "report" || o.kind === "refused" ? worded(o) : a.outcome(o)));
  const closeConfirm = () => {
    const el = confirming?.invoker ?? null;
    setConfirming(null);
    setTimeout(() => restoreFocus(el), 0);
  };

  const off = busy || !adapter;
  const report = result?.kind === "report" ? result.report : null;
  return {
    id: "analysis",
    label: a.tab,
    testId: "tab-analysis",
    actions: [
      { id: "analysis-run", label: result ? a.analyzeAgain : a.analyze, testId: "analysis-run", appearance: "primary", disabled: off, onClick: (el) => analyse(el), priority: 3 },
      { id: "analysis-write", label: a.write, testId: "analysis-write", disabled: off, onClick: (el) => write(el, false), priority: 2 },
    ],
    panel: (
      <div className={styles.root} data-testid="analysis-panel">
        <Field label={a.asOf} className={styles.asOf}>
          <Input type="date" size="small" value={asOf} data-testid="analysis-asof" onChange={(_e, d) => setAsOf(d.value)} />
        </Field>
        {!report && <p className={styles.muted} data-testid="analysis-intro">{a.intro}</p>}
        {report && (
          <>
            <p className={styles.text} data-testid="analysis-summary"><Rich text={a.summary(report)} /></p>
            <p className={styles.text} data-testid="analysis-concentration">{a.concentration(report.concentration.top10Share, report.concentration.hhi)}</p>
            <p className={styles.muted}>{a.bounds(report.bounds.a, report.bounds.b)}</p>
            {report.problems > 0 && <p className={styles.muted} data-testid="analysis-problems">{a.problems(report.problems)}</p>}
            {CHARTED.map(({ by, chart }) => {
              const b = report.breakdowns.find((x) => x.by === by);
              return b ? <BreakdownSection key={by} b={b} chart={chart} t={t} /> : null;
            })}
            <p className={styles.muted}>{a.sheetNote}</p>
          </>
        )}
        {/* Mounted only while it asks (as Fix's preview): a dialog kept mounted fades out holding the focus, and focus
            would then fall to the page instead of going back to the button (Escape or Cancel). */}
        {confirming && <Dialog open onOpenChange={(_e, d) => { if (!d.open) closeConfirm(); }}>
          <DialogSurface className={styles.surface}>
            <DialogBody>
              <DialogTitle>{a.confirmTitle}</DialogTitle>
              <DialogContent><Rich text={a.confirmBody(confirming.sheet.name)} /></DialogContent>
              <DialogActions className={styles.actions} fluid>
                <Button appearance="secondary" data-testid="analysis-cancel" onClick={closeConfirm}>{a.cancel}</Button>
                <Button appearance="primary" data-testid="analysis-confirm" onClick={() => { const c = confirming; setConfirming(null); if (c) write(c.invoker, true, c.sheet); }}>{a.confirm}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>}
      </div>
    ),
  };
}
