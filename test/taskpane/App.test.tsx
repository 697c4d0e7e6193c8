/** @jest-environment jsdom */
/** The task pane's components with a stub adapter: set up, check, select, mark, clear, fix, audit, id restore, no Office. */
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App, type OfficeState } from "../../src/taskpane/App";
import type { PaneAdapter } from "../../src/taskpane/adapter";
import { checkResult, finding, stubAdapter } from "./stub-adapter";

const text = (el: Element) => el.textContent ?? "";
const isDisabled = (el: Element) => (el as HTMLButtonElement).disabled || el.getAttribute("aria-disabled") === "true";

// jsdom lays nothing out and has no ResizeObserver: give scroll containers a height so the
// virtualizer renders rows, and a ResizeObserver that never fires.
beforeAll(() => {
  (globalThis as Record<string, unknown>).ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} };
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 640 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 320 });
});

function renderPane(adapter: PaneAdapter | null, office: OfficeState = "ready", lang: "zh-CN" | "en-US" = "en-US") {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App adapter={adapter} lang={lang} office={office} />
    </FluentProvider>,
  );
}

const enabled = (testId: string) => waitFor(() => expect(isDisabled(screen.getByTestId(testId))).toBe(false));

describe("task pane", () => {
  it("Set up says what was added, kept and left alone", async () => {
    const a = stubAdapter({ setup: { added: [{ table: "Interactions", sheet: "客户动态", newSheet: true }], kept: [{ table: "Customers", sheet: "客户信息" }], skipped: [{ table: "Payments", sheet: "回款记录" }], listsAdded: ["所属行业"] } });
    renderPane(a);
    fireEvent.click(screen.getByTestId("setup"));
    await waitFor(() => expect(text(screen.getByTestId("status"))).toMatch("Added: Interactions (客户动态)."));
    expect(text(screen.getByTestId("status"))).toMatch(/Kept: Customers/);
    expect(text(screen.getByTestId("status"))).toMatch(/回款记录/);
    expect(text(screen.getByTestId("status"))).toMatch(/所属行业/);
    expect(a.calls).toEqual(["setUp"]);
  });

  it("Check shows counts by code and the findings with their code, sheet and address", async () => {
    const a = stubAdapter({ check: checkResult([finding("phone", "E4"), finding("date", "J3"), finding("phone", "E9")]) });
    renderPane(a);
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(3));
    const counts = screen.getByTestId("counts");
    expect(text(counts)).toMatch("Phone 2");
    expect(text(counts)).toMatch("Date format 1");
    const rows = screen.getAllByTestId("finding").map((el) => [el.dataset.code, el.dataset.sheet, el.dataset.address]);
    expect(rows).toEqual([["phone", "客户信息", "E4"], ["date", "客户信息", "J3"], ["phone", "客户信息", "E9"]]);
    expect(text(screen.getByTestId("status"))).toMatch("Checked 10 rows: 3 errors");
    // A count filters the list to its code.
    fireEvent.click(within(counts).getByText("Date format 1"));
    expect(screen.getAllByTestId("finding").map((el) => el.dataset.address)).toEqual(["J3"]);
  });

  it("clicking a finding selects its cell", async () => {
    const a = stubAdapter({ check: checkResult([finding("phone", "E4")]) });
    renderPane(a);
    fireEvent.click(screen.getByTestId("check"));
    const row = await screen.findByTestId("finding");
    fireEvent.click(row);
    await waitFor(() => expect(a.calls).toContain("select 客户信息!E4"));
  });

  it("keeps the list virtualized with 10,000 findings", async () => {
    const many = Array.from({ length: 10_000 }, (_v, i) => finding("phone", `E${i + 2}`));
    renderPane(stubAdapter({ check: checkResult(many) }));
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(screen.getAllByTestId("finding").length).toBeGreaterThan(0));
    expect(screen.getAllByTestId("finding").length).toBeLessThan(40);
    expect(text(screen.getByTestId("counts"))).toMatch("Phone 10000");
  });

  it("Mark marks every finding, Clear marks clears them", async () => {
    const a = stubAdapter({ check: checkResult([finding("phone", "E4"), finding("date", "J3")]) });
    renderPane(a);
    expect(isDisabled(screen.getByTestId("mark"))).toBe(true);
    fireEvent.click(screen.getByTestId("check"));
    await enabled("mark");
    fireEvent.click(screen.getByTestId("mark"));
    await waitFor(() => expect(text(screen.getByTestId("status"))).toMatch("Marked 2 cells."));
    await enabled("clear-marks");
    fireEvent.click(screen.getByTestId("clear-marks"));
    await waitFor(() => expect(text(screen.getByTestId("status"))).toMatch("Marks cleared."));
    expect(a.calls).toEqual(["check", "mark 2", "clearMarks"]);
  });

  it("Fix all shows what changed and the findings left; a code's own fix button fixes only that code", async () => {
    const before = checkResult([finding("date", "J3", { fix: "2024-03-05" }), finding("enum", "H5", { fix: "A类" }), finding("phone", "E4")]);
    const after = checkResult([finding("phone", "E4")]);
    const a = stubAdapter({
      check: before,
      fix: { changed: [{ sheet: "客户信息", address: "J3", column: "开户日期", code: "date", before: "2024/3/5", after: "2024-03-05" }], check: after },
    });
    renderPane(a);
    fireEvent.click(screen.getByTestId("check"));
    await screen.findAllByTestId("finding");
    fireEvent.click(screen.getByTestId("tab-fix"));
    const perCode = await screen.findAllByTestId("fix-code");
    expect(perCode.map((b) => b.dataset.code)).toEqual(["date", "enum"]);
    fireEvent.click(perCode[1]);
    await waitFor(() => expect(a.calls).toContain("fix enum"));
    await enabled("fix-all");
    fireEvent.click(screen.getByTestId("fix-all"));
    await waitFor(() => expect(a.calls).toContain("fix all"));
    await waitFor(() => expect(text(screen.getByTestId("status"))).toMatch("Fixed 1 cells"));
    const changed = await screen.findAllByTestId("changed-cell");
    expect(text(changed[0])).toMatch("开户日期: 2024/3/5 → 2024-03-05");
    fireEvent.click(screen.getByTestId("tab-findings"));
    expect(screen.getAllByTestId("finding").map((el) => el.dataset.code)).toEqual(["phone"]);
  });

  it("shows customers per credit grade in the core's grade order", async () => {
    const c = { ...checkResult([finding("phone", "E4")]), credit: { kind: "grades" as const, grades: { A类: 3, B类: 1, C类: 0, N: 2 }, customers: 6, problems: 0 } };
    renderPane(stubAdapter({ check: c }));
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(text(screen.getByTestId("credit"))).toBe("Customers per credit grade: A类: 3 · B类: 1 · C类: 0 · N: 2"));
  });

  it("shows a failure in the status area instead of losing it", async () => {
    const a = stubAdapter();
    a.check = async () => { throw new Error("Customers table is locked"); };
    renderPane(a);
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(text(screen.getByTestId("status"))).toMatch("Failed: Customers table is locked"));
    await enabled("check");
  });

  it("without Office says so and leaves the buttons off", () => {
    renderPane(null, "absent", "zh-CN");
    expect(text(screen.getByTestId("no-office"))).toMatch("Office 未加载");
    for (const id of ["setup", "check", "fix-all", "mark", "clear-marks"]) expect(isDisabled(screen.getByTestId(id))).toBe(true);
    for (const id of ["tab-findings", "tab-fix", "tab-audit", "tab-ids"]) expect(isDisabled(screen.getByTestId(id))).toBe(true);
    expect(screen.queryByTestId("progress")).toBeNull();
  });

  it("zh-CN: Set up names a table with its sheet in Chinese brackets", async () => {
    renderPane(stubAdapter({ setup: { added: [{ table: "Interactions", sheet: "客户动态", newSheet: true }], kept: [], skipped: [], listsAdded: [] } }), "ready", "zh-CN");
    fireEvent.click(screen.getByTestId("setup"));
    await waitFor(() => expect(text(screen.getByTestId("status"))).toMatch("已添加：Interactions（客户动态）。"));
  });

  it("shows a short localized label per code, and keeps data-code raw", async () => {
    renderPane(stubAdapter({ check: checkResult([finding("phone", "E4"), finding("date", "J3")]) }), "ready", "zh-CN");
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(2));
    const counts = screen.getByTestId("counts");
    expect(text(counts)).toMatch("电话号码 1");
    expect(text(counts)).toMatch("日期格式 1");
    expect(text(counts)).not.toMatch(/phone|date/);
    expect([...counts.querySelectorAll("button")].map((b) => b.dataset.code).sort()).toEqual(["date", "phone"]);
    const row = screen.getAllByTestId("finding")[0];
    expect(row.dataset.code).toBe("phone");
    expect(text(row)).toMatch("电话号码");
    expect(row.getAttribute("title")).toBeNull();
  });

  it("speaks zh-CN", async () => {
    renderPane(stubAdapter({ check: checkResult([finding("phone", "E4")]) }), "ready", "zh-CN");
    expect(text(screen.getByTestId("check"))).toMatch("检查");
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(text(screen.getByTestId("finding"))).toMatch("问题 phone E4"));
  });

  it("lists changed customer ids from change tracking and restores one", async () => {
    const a = stubAdapter();
    renderPane(a);
    act(() => a.emitIds({ state: "running", message: "", idChanges: [{ sheetRow: 5, before: "C20240315004", after: "C20240315999" }] }));
    expect(screen.getByTestId("id-change-notice")).toBeTruthy();
    fireEvent.click(screen.getByTestId("tab-ids"));
    const row = screen.getByTestId("id-change");
    expect(text(row)).toMatch("Row 5: C20240315004 → C20240315999");
    fireEvent.click(within(row).getByTestId("restore-id"));
    await waitFor(() => expect(a.calls).toContain("restore 5"));
    await waitFor(() => expect(text(screen.getByTestId("status"))).toMatch("Restored the customer id of row 5."));
  });

  it("the changed-id notice names the row and restores it from its own button (zh-CN)", async () => {
    const a = stubAdapter();
    renderPane(a, "ready", "zh-CN");
    act(() => a.emitIds({ state: "running", message: "", idChanges: [{ sheetRow: 5, before: "C20240315004", after: "C20240315999" }] }));
    const notice = screen.getByTestId("id-change-notice");
    expect(text(notice)).toMatch("客户编号被修改：第 5 行，C20240315004 → C20240315999。");
    fireEvent.click(within(notice).getByRole("button", { name: "恢复原编号" }));
    await waitFor(() => expect(a.calls).toContain("restore 5"));
  });

  it("with several changed ids the notice lists their rows and opens the list", () => {
    const a = stubAdapter();
    renderPane(a);
    act(() => a.emitIds({ state: "running", message: "", idChanges: [{ sheetRow: 5, before: "C1", after: "C2" }, { sheetRow: 9, before: "C3", after: "C4" }] }));
    const notice = screen.getByTestId("id-change-notice");
    expect(text(notice)).toMatch("Customer ids changed in rows 5, 9 (2 rows).");
    fireEvent.click(within(notice).getByTestId("notice-review"));
    expect(screen.getAllByTestId("id-change")).toHaveLength(2);
  });

  it("Audit panel: status, verify, and draw again only after confirming", async () => {
    const a = stubAdapter({ audit: { quarter: "2026Q4", record: { draw: 1, drawnAt: "x", seed: "s", population: 100, rate: 0.15, sampleSize: 15 }, progress: { sampled: 15, checked: 4, results: { 一致: 3, 已更正: 1 } } } });
    renderPane(a);
    fireEvent.click(screen.getByTestId("tab-audit"));
    await waitFor(() => expect(text(screen.getByTestId("audit-record"))).toMatch("15 of 100 customers"));
    expect(text(screen.getByTestId("audit-progress"))).toMatch("4 of 15 checked");
    expect(text(screen.getByTestId("audit-progress"))).toMatch("一致 3");
    await enabled("audit-verify");
    fireEvent.click(screen.getByTestId("audit-verify"));
    await waitFor(() => expect(text(screen.getByTestId("status"))).toMatch("Verified"));
    await enabled("audit-draw-again");
    fireEvent.click(screen.getByTestId("audit-draw-again"));
    expect(a.calls.filter((c) => c.startsWith("audit.draw"))).toEqual([]);
    fireEvent.click(await screen.findByTestId("audit-confirm"));
    await waitFor(() => expect(a.calls).toContain("audit.draw true"));
  });
});
