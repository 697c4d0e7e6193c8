/** @jest-environment jsdom */
/**
 * The 分析 tab with the stub adapter: it analyses when first opened (today, or the day typed),
 * shows the totals, the concentration and ABC, province, industry and grade each as a chart with
 * its numbers as text, in zh-CN and en-US; progress and Cancel as for Check; "生成分析表" writes
 * the analysis sheet, and replaces a sheet of the same day only after the user confirms.
 */
import { act, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/App";
import type { PaneAdapter } from "../../src/taskpane/adapter";
import { formatDay, today } from "../../src/core/dates";
import { compositionSheetName } from "../../src/core/analysis";
import { bookAnalysis, stubAdapter } from "./stub-adapter";

const text = (el: Element) => el.textContent ?? "";
const isDisabled = (el: Element) => (el as HTMLButtonElement).disabled || el.getAttribute("aria-disabled") === "true";
const status = () => text(screen.getByTestId("status"));
const enabled = (testId: string) => waitFor(() => expect(isDisabled(screen.getByTestId(testId))).toBe(false));

configure({ asyncUtilTimeout: 10_000 });

beforeAll(() => {
  (globalThis as Record<string, unknown>).ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} };
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 640 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 300 });
});

function renderPane(adapter: PaneAdapter, lang: "zh-CN" | "en-US" = "en-US") {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App adapter={adapter} lang={lang} office="ready" />
    </FluentProvider>,
  );
}

/** Open the 分析 tab and wait for its first analysis. */
async function openTab() {
  fireEvent.click(screen.getByTestId("tab-analysis"));
  await screen.findByTestId("analysis-summary");
  await enabled("analysis-run");
}

/** A breakdown's table as rows of cell texts. */
function table(by: string): string[][] {
  return within(screen.getByTestId(`analysis-table-${by}`)).getAllByRole("row").map((r) => [...r.querySelectorAll("th, td")].map(text));
}

describe("the 分析 tab", () => {
  it("analyses when first opened, as of today; shows the totals, the concentration, and for ABC, province, industry and grade a chart and its numbers as text", async () => {
    const a = stubAdapter({ analysis: bookAnalysis() });
    renderPane(a);
    expect(a.calls.filter((c) => c.startsWith("analysis"))).toEqual([]);
    await openTab();
    expect(a.calls).toEqual([`analysis.analyze ${formatDay(today())}`]);
    expect((screen.getByTestId("analysis-asof") as HTMLInputElement).value).toBe(formatDay(today()));
    expect(status()).toBe("Analysed 12 customers as of 2026-09-30.");
    expect(text(screen.getByTestId("analysis-summary"))).toBe("As of 2026-09-30: 12 customers; sales over the last 12 months (from 2025-10-01) ¥100K; open ¥53K, of which overdue ¥20K.");
    expect(text(screen.getByTestId("analysis-concentration"))).toBe("Concentration: the 10 largest customers make 100% of sales; Herfindahl index 2,688 (0–10,000; above 2,500 is highly concentrated).");
    expect(text(screen.getByTestId("analysis-problems"))).toBe("1 payment row could not be used and is left out (Check lists them).");
    expect(table("abc")).toEqual([
      ["Class", "Customers", "Sales", "Overdue"],
      ["A", "2", "70.0% ¥70K", "¥5K"],
      ["B", "3", "20.0% ¥20K", "¥7K"],
      ["C", "3", "10.0% ¥10K", "¥0"],
      ["no sales", "4", "0.0% ¥0", "¥8K"],
    ]);
    expect(table("province").map((r) => r[0])).toEqual(["Province", "广东省", "北京市", "浙江省", "上海市", "江苏省", "四川省", "香港特别行政区", "blank", "unrecognised"]);
    expect(table("province")[1]).toEqual(["广东省", "3", "40.0% ¥40K", "¥8K"]);
    expect(table("industry")[1]).toEqual(["信息传输、软件和信息技术服务业", "3", "45.0% ¥45K", "¥10K"]);
    expect(table("grade").slice(1)).toEqual([
      ["A类", "3", "70.0% ¥70K", "¥13K"], ["B类", "4", "20.0% ¥20K", "¥7K"], ["C类", "3", "8.0% ¥8K", "¥0"], ["blank", "1", "2.0% ¥2K", "¥0"], ["unrecognised", "1", "0.0% ¥0", "¥0"],
    ]);
    // Data values are marked (a screen reader reads 广东省 in Chinese inside the English pane).
    expect(within(screen.getByTestId("analysis-table-province")).getByText("广东省").getAttribute("lang")).toBe("zh-CN");
    // Each charted breakdown has its chart: donuts for ABC and grade (one arc per key with sales), bars for province and industry.
    for (const [by, kind, marks] of [["abc", "donut", 3], ["grade", "donut", 4], ["province", "bars", 7], ["industry", "bars", 6]] as const) {
      const chart = screen.getByTestId(`analysis-chart-${by}`);
      expect(chart.dataset.chart).toBe(kind);
      expect(chart.querySelectorAll('[role="option"]').length).toBe(marks);
    }
    // The chart's marks say their key, amount and share.
    expect(screen.getByTestId("analysis-chart-abc").querySelector('[role="option"]')!.getAttribute("aria-label")).toBe("A: ¥70K, 70.0%");
    expect(screen.getByTestId("tab-analysis").textContent).toBe("Analysis");
  });

  it("speaks zh-CN: the keys that are no value in words, money in 万", async () => {
    renderPane(stubAdapter({ analysis: bookAnalysis() }), "zh-CN");
    await openTab();
    expect(status()).toBe("已分析 12 户客户（截至 2026-09-30）。");
    expect(text(screen.getByTestId("analysis-summary"))).toBe("截至 2026-09-30：客户 12 户；近 12 个月（2025-10-01 起）销售额 ¥10万；未收 ¥5.3万，其中逾期 ¥2万。");
    expect(table("abc")[4]).toEqual(["无交易", "4", "0.0% ¥0", "¥8000"]);
    expect(table("grade")[0]).toEqual(["等级", "客户", "销售额", "逾期"]);
    expect(screen.getByTestId("tab-analysis").textContent).toBe("分析");
  });

  it("analyses again as of the day typed; progress in words and Cancel, as for Check", async () => {
    const a = stubAdapter({ analysis: bookAnalysis() });
    renderPane(a, "zh-CN");
    await openTab();
    fireEvent.change(screen.getByTestId("analysis-asof"), { target: { value: "2026-09-30" } });
    let release!: () => void;
    a.hold = new Promise((r) => (release = r));
    fireEvent.click(screen.getByTestId("analysis-run"));
    await waitFor(() => expect(a.calls.at(-1)).toBe("analysis.analyze 2026-09-30"));
    const job = a.jobs.at(-1)!;
    act(() => job.onProgress?.({ phase: "analysis-send", done: 12_000, total: 1_000_000 }));
    await waitFor(() => expect(status()).toBe("正在准备分析：12,000 / 1,000,000 行"));
    act(() => job.onProgress?.({ phase: "analyze", customers: 100_000, payments: 1_000_000 }));
    await waitFor(() => expect(status()).toBe("正在分析 100,000 户客户、1,000,000 条回款记录…"));
    fireEvent.click(screen.getByTestId("cancel"));
    expect(job.signal?.aborted).toBe(true);
    release();
    await waitFor(() => expect(status()).toBe("已取消，工作簿没有改动。"));
    // What was shown before stays; focus is back on the button.
    expect(screen.getByTestId("analysis-summary")).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.getAttribute("data-testid")).toBe("analysis-run"));
  });

  it("生成分析表 analyses afresh and writes the sheet; a sheet of that day is replaced only after the user confirms, and Cancel keeps it", async () => {
    const name = compositionSheetName("2026-09-30");
    const a = stubAdapter({ analysis: bookAnalysis() });
    renderPane(a);
    await openTab();
    fireEvent.click(screen.getByTestId("analysis-write"));
    await waitFor(() => expect(status()).toBe(`Wrote ${name}: 8 tables, 4 Excel charts.`));
    expect(a.calls.slice(-2)).toEqual([`analysis.analyze ${formatDay(today())}`, `analysis.write ${name} false`]);
    await enabled("analysis-write");
    // Again: the sheet is there, so the pane asks.
    fireEvent.click(screen.getByTestId("analysis-write"));
    const dialog = await screen.findByRole("dialog");
    expect(text(dialog)).toContain(`The workbook already has ${name} (an analysis as of the same day).`);
    expect(a.calls.at(-1)).toBe(`analysis.write ${name} false`);
    fireEvent.click(screen.getByTestId("analysis-cancel"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(a.calls.filter((c) => c.endsWith(" true"))).toEqual([]);
    await waitFor(() => expect(document.activeElement?.getAttribute("data-testid")).toBe("analysis-write"));
    // Confirmed: the sheet the user was asked about is written over (no second analysis).
    fireEvent.click(screen.getByTestId("analysis-write"));
    fireEvent.click(await screen.findByTestId("analysis-confirm"));
    await waitFor(() => expect(status()).toBe(`Replaced ${name}: 8 tables, 4 Excel charts.`));
    expect(a.calls.slice(-2)).toEqual([`analysis.write ${name} false`, `analysis.write ${name} true`]);
  });

  it("says in the user's language why a workbook cannot be analysed, and writes nothing", async () => {
    const a = stubAdapter({ analysis: { kind: "refused", reason: "policy", key: "ABC-A累计占比", value: "七成" } });
    renderPane(a, "zh-CN");
    fireEvent.click(screen.getByTestId("tab-analysis"));
    await waitFor(() => expect(status()).toBe("信用政策中“ABC-A累计占比”的值“七成”不是有效的占比（如 70% 或 0.7，A 类界限不高于 B 类），未分析。"));
    expect(screen.getByTestId("analysis-intro")).toBeTruthy();
    await enabled("analysis-write");
    fireEvent.click(screen.getByTestId("analysis-write"));
    await waitFor(() => expect(a.calls.filter((c) => c.startsWith("analysis.analyze"))).toHaveLength(2));
    await enabled("analysis-write");
    expect(a.calls.filter((c) => c.startsWith("analysis.write"))).toEqual([]);
  });

  it("a breakdown without sales says so instead of drawing an empty chart", async () => {
    const empty = bookAnalysis("2024-01-31");
    renderPane(stubAdapter({ analysis: empty }));
    await openTab();
    expect(screen.getAllByTestId("analysis-no-sales")).toHaveLength(4);
    expect(screen.queryByTestId("analysis-chart-abc")).toBeNull();
    expect(text(screen.getAllByTestId("analysis-no-sales")[0])).toBe("No sales in this period: nothing to chart.");
  });
});
