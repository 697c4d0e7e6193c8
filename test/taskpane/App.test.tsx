/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["browser", "umd"]}
 */
// "umd": the d3 modules under @fluentui/react-charts (the 信用 tab's charts) publish ES modules by
// default, which jest cannot require; their UMD builds, under that condition, it can.
/**
 * The task pane's components with a stub adapter: check, the findings tree and its keyboard,
 * select, mark, clear, fix in two steps, progress and Cancel, set-up, audit, ribbon notices,
 * id restore, errors in the user's language, and Office absent.
 */
import { act, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App, type OfficeState } from "../../src/taskpane/App";
import type { PaneAdapter } from "../../src/taskpane/adapter";
import { CustfileError } from "../../src/core/errors";
import { checkResult, finding, stubAdapter } from "./stub-adapter";

const text = (el: Element) => el.textContent ?? "";
const NO_AGING = { current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d91_120: 0, d120plus: 0 };
const isDisabled = (el: Element) => (el as HTMLButtonElement).disabled || el.getAttribute("aria-disabled") === "true";

// These machines are shared and slow at times: waitFor waits for the UI, not for a deadline.
configure({ asyncUtilTimeout: 10_000 });

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
const status = () => text(screen.getByTestId("status"));

async function fromMore(testId: string) {
  // As a click does: the More button takes focus, then its menu opens.
  screen.getByTestId("more").focus();
  fireEvent.click(screen.getByTestId("more"));
  fireEvent.click(await screen.findByTestId(testId));
}

async function checked(a: PaneAdapter) {
  renderPane(a);
  fireEvent.click(screen.getByTestId("check"));
  await waitFor(() => expect(screen.getAllByTestId("finding").length).toBeGreaterThan(0));
  await enabled("check");
}

describe("Check and the findings list", () => {
  it("says how many customers were checked and lists errors first, then warnings, then notes, each group with its count", async () => {
    const a = stubAdapter({ check: checkResult([finding("stale", "L9", { severity: "info" }), finding("enum", "H5", { severity: "warning" }), finding("phone", "E4"), finding("date", "J3")], 500) });
    await checked(a);
    expect(status()).toBe("Checked 500 customers: 2 errors, 1 warning, 1 note.");
    expect(screen.getAllByTestId("finding-group").map(text)).toEqual(["▾Errors (2)", "▾Warnings (1)", "▾Notes (1)"]);
    expect(screen.getAllByTestId("finding").map((el) => [el.dataset.code, el.dataset.address, el.getAttribute("aria-level"), el.getAttribute("aria-posinset"), el.getAttribute("aria-setsize")])).toEqual([
      ["phone", "E4", "2", "1", "2"], ["date", "J3", "2", "2", "2"], ["enum", "H5", "2", "1", "1"], ["stale", "L9", "2", "1", "1"],
    ]);
    expect(screen.getByTestId("tab-findings").textContent).toContain("Findings (4)");
  });

  it("filters by code (options with their counts)", async () => {
    await checked(stubAdapter({ check: checkResult([finding("phone", "E4"), finding("date", "J3"), finding("phone", "E9")]) }));
    const filter = screen.getByTestId("code-filter") as HTMLSelectElement;
    expect([...filter.options].map((o) => o.textContent)).toEqual(["All problems (3)", "Phone (2)", "Date format (1)"]);
    fireEvent.change(filter, { target: { value: "date" } });
    expect(screen.getAllByTestId("finding").map((el) => el.dataset.address)).toEqual(["J3"]);
  });

  it("is one Tab stop: rows are not focusable, the list names its current row through aria-activedescendant", async () => {
    await checked(stubAdapter({ check: checkResult([finding("phone", "E4"), finding("date", "J3")]) }));
    const tree = screen.getByTestId("findings");
    expect(tree.getAttribute("role")).toBe("tree");
    expect(tree.tabIndex).toBe(0);
    for (const row of [...screen.getAllByTestId("finding"), ...screen.getAllByTestId("finding-group")]) expect(row.hasAttribute("tabindex")).toBe(false);
    const current = () => document.getElementById(tree.getAttribute("aria-activedescendant") ?? "");
    expect(current()?.dataset.testid).toBe("finding-group");
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    expect(current()?.dataset.address).toBe("E4");
    expect(current()?.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tree, { key: "End" });
    expect(current()?.dataset.address).toBe("J3");
  });

  it("Enter and a click select a finding's cell; a finding about a whole table selects nothing", async () => {
    const a = stubAdapter({ check: checkResult([finding("missing-table", null, { column: "" }), finding("phone", "E4")]) });
    await checked(a);
    const tree = screen.getByTestId("findings");
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    fireEvent.keyDown(tree, { key: "Enter" });
    fireEvent.click(screen.getAllByTestId("finding")[0]);
    expect(screen.getAllByTestId("finding")[0].dataset.actionable).toBe("false");
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    fireEvent.keyDown(tree, { key: "Enter" });
    await waitFor(() => expect(a.calls.filter((c) => c.startsWith("select"))).toEqual(["select 客户信息!E4"]));
  });

  it("Left folds a group and Right opens it again", async () => {
    await checked(stubAdapter({ check: checkResult([finding("phone", "E4"), finding("enum", "H5", { severity: "warning" })]) }));
    const tree = screen.getByTestId("findings");
    fireEvent.keyDown(tree, { key: "ArrowLeft" });
    expect(screen.getAllByTestId("finding").map((el) => el.dataset.code)).toEqual(["enum"]);
    expect(screen.getAllByTestId("finding-group")[0].getAttribute("aria-expanded")).toBe("false");
    fireEvent.keyDown(tree, { key: "ArrowRight" });
    expect(screen.getAllByTestId("finding").map((el) => el.dataset.code)).toEqual(["phone", "enum"]);
  });

  it("keeps the list virtualized with 10,000 findings", async () => {
    const many = Array.from({ length: 10_000 }, (_v, i) => finding("phone", `E${i + 2}`));
    await checked(stubAdapter({ check: checkResult(many) }));
    expect(screen.getAllByTestId("finding").length).toBeLessThan(40);
    expect(text(screen.getByTestId("code-filter"))).toMatch("Phone (10,000)");
  });

  it("shows customers per credit grade with what N means (grade letters in English)", async () => {
    const c = { ...checkResult([finding("phone", "E4")]), credit: { kind: "grades" as const, grades: { A类: 3, B类: 1, C类: 0, N: 2 }, customers: 6, problems: 0, agingFen: NO_AGING } };
    await checked(stubAdapter({ check: c }));
    expect(text(screen.getByTestId("credit"))).toMatch(/^Credit grades \(6 customers\): A 3 · B 1 · C 0 · N 2\. N = not enough history/);
  });

  it("names a refused credit policy value, and says why there are no grades when the payments table cannot be read", async () => {
    const withPolicy = { ...checkResult([finding("phone", "E4")]), credit: { kind: "grades" as const, grades: { A类: 1, B类: 0, C类: 0, N: 0 }, customers: 1, problems: 0, agingFen: NO_AGING, policyNote: "Credit policy 宽限天数 …", policyKey: "宽限天数" } };
    const { unmount } = renderPane(stubAdapter({ check: withPolicy }));
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(text(screen.getByTestId("credit"))).toMatch(/The credit policy value 宽限天数 is not valid; the default policy was used\.$/));
    unmount();
    const unavailable = { ...checkResult([finding("phone", "E4")]), credit: { kind: "unavailable" as const, reason: "回款记录缺少列：付款日期。The payments table is missing column 付款日期." } };
    renderPane(stubAdapter({ check: unavailable }), "ready", "zh-CN");
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(text(screen.getByTestId("credit"))).toBe("无法计算信用等级：回款记录表的表头或列不完整。"));
  });
});

describe("the command bar", () => {
  it("Mark and Clear marks are in More; focus goes back to More after they ran", async () => {
    const a = stubAdapter({ check: checkResult([finding("phone", "E4"), finding("date", "J3")]) });
    await checked(a);
    await fromMore("mark");
    await waitFor(() => expect(status()).toBe("Marked 2 cells."));
    await fromMore("clear-marks");
    await waitFor(() => expect(status()).toBe("Marks cleared."));
    expect(a.calls).toEqual(["check", "mark 2", "clearMarks"]);
    await waitFor(() => expect(document.activeElement?.getAttribute("data-testid")).toBe("more"));
  });

  it("Fix all waits for a Check that found something to fix", async () => {
    const a = stubAdapter({ check: checkResult([finding("phone", "E4")]) });
    renderPane(a);
    expect(isDisabled(screen.getByTestId("fix-all"))).toBe(true);
    fireEvent.click(screen.getByTestId("check"));
    await enabled("check");
    expect(isDisabled(screen.getByTestId("fix-all"))).toBe(true);
  });
});

describe("Fix in two steps", () => {
  const check = checkResult([finding("date", "J3", { value: "2024/3/5", fix: "2024-03-05", column: "开户日期" }), finding("enum", "H5", { value: "A", fix: "A类", column: "客户等级", severity: "warning" }), finding("phone", "E4")]);

  it("previews every cell with before → after (all chosen), asks for the 操作人 and warns that Undo will not reverse it; nothing is written until confirmed", async () => {
    const a = stubAdapter({ check, fix: { changed: [{ sheet: "客户信息", address: "J3", column: "开户日期", code: "date", before: "2024/3/5", after: "2024-03-05" }], skipped: 0, check: checkResult([finding("phone", "E4")]) } });
    await checked(a);
    await enabled("fix-all");
    fireEvent.click(screen.getByTestId("fix-all"));
    const preview = await screen.findByTestId("fix-preview");
    const cells = within(preview).getAllByTestId("preview-cell");
    expect(cells.map((c) => [c.dataset.address, c.getAttribute("aria-selected"), text(c)])).toEqual([
      ["J3", "true", "✓客户信息!J3 开户日期2024/3/5 → 2024-03-05"],
      ["H5", "true", "✓客户信息!H5 客户等级A → A类"],
    ]);
    expect(text(within(preview).getByTestId("preview-warning"))).toMatch(/Excel's Undo cannot reverse this\. Each cell's old value is first written to the change log sheet 变更记录\./);
    // No name, no write.
    fireEvent.click(within(preview).getByTestId("preview-confirm"));
    expect(await within(preview).findByText("Enter your name first.")).toBeTruthy();
    expect(a.calls.filter((c) => c.startsWith("fix"))).toEqual([]);
    // Untick H5 (Space on the list), name yourself, confirm.
    const list = within(preview).getByTestId("preview-list");
    fireEvent.keyDown(list, { key: "End" });
    fireEvent.keyDown(list, { key: " " });
    expect(cells[1].getAttribute("aria-selected")).toBe("false");
    expect(text(within(preview).getByTestId("preview-confirm"))).toBe("Write 1 fix");
    fireEvent.change(within(preview).getByTestId("operator"), { target: { value: "Li Kuaiji" } });
    fireEvent.click(within(preview).getByTestId("preview-confirm"));
    await waitFor(() => expect(a.calls).toContain("fix 1 all by Li Kuaiji"));
    expect(a.calls).toContain("operator Li Kuaiji");
    await waitFor(() => expect(status()).toBe("Fixed 1 cell; the old values are in the change log sheet 变更记录."));
    expect(screen.queryByTestId("fix-preview")).toBeNull();
    const changed = await screen.findAllByTestId("changed-cell");
    expect(text(changed[0])).toBe("客户信息!J3 开户日期2024/3/5 → 2024-03-05");
    // The findings left after the fix.
    fireEvent.click(screen.getByTestId("tab-findings"));
    expect(screen.getAllByTestId("finding").map((el) => el.dataset.code)).toEqual(["phone"]);
  });

  it("remembers the 操作人, and a code's own button previews only that code", async () => {
    const a = stubAdapter({ check, operator: "王五" });
    await checked(a);
    fireEvent.click(screen.getByTestId("tab-fix"));
    const perCode = await screen.findAllByTestId("fix-code");
    expect(perCode.map((b) => [b.dataset.code, text(b)])).toEqual([["date", "Fix: Date format (1)…"], ["enum", "Fix: Not in list (1)…"]]);
    fireEvent.click(perCode[1]);
    const preview = await screen.findByTestId("fix-preview");
    expect(within(preview).getAllByTestId("preview-cell").map((c) => c.dataset.address)).toEqual(["H5"]);
    expect((within(preview).getByTestId("operator") as HTMLInputElement).value).toBe("王五");
    fireEvent.click(within(preview).getByTestId("preview-cancel"));
    await waitFor(() => expect(screen.queryByTestId("fix-preview")).toBeNull());
    expect(a.calls).toEqual(["check", "preview enum"]);
    await waitFor(() => expect(document.activeElement?.getAttribute("data-code")).toBe("enum"));
  });

  it("says how many chosen fixes were skipped because their cells changed after the preview", async () => {
    const a = stubAdapter({ check, fix: { changed: [], skipped: 2, check } });
    await checked(a);
    fireEvent.click(screen.getByTestId("fix-all"));
    const preview = await screen.findByTestId("fix-preview");
    fireEvent.change(within(preview).getByTestId("operator"), { target: { value: "x" } });
    fireEvent.click(within(preview).getByTestId("preview-confirm"));
    expect(text(await screen.findByTestId("fix-skipped"))).toBe("2 fixes were not written: the cells have changed since the preview. Check again.");
  });
});

describe("progress, Cancel and errors", () => {
  it("shows real progress with counts, and Cancel stops the check (the earlier results stay)", async () => {
    const a = stubAdapter({ check: checkResult([finding("phone", "E4")]) });
    renderPane(a, "ready", "zh-CN");
    let release!: () => void;
    a.hold = new Promise((r) => (release = r));
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(a.jobs).toHaveLength(1));
    act(() => a.jobs[0].onProgress?.({ phase: "check", table: "Interactions", sheet: "客户动态", done: 12000, total: 120000, doneAll: 32000, totalAll: 140000 }));
    await waitFor(() => expect(status()).toBe("正在检查 客户动态：12,000 / 120,000 行"));
    expect(screen.getByTestId("progress")).toBeTruthy();
    expect(isDisabled(screen.getByTestId("check"))).toBe(true);
    fireEvent.click(screen.getByTestId("cancel"));
    expect(a.jobs[0].signal?.aborted).toBe(true);
    release();
    await waitFor(() => expect(status()).toBe("已取消，工作簿没有改动。"));
    expect(screen.queryByTestId("progress")).toBeNull();
    await waitFor(() => expect(document.activeElement?.getAttribute("data-testid")).toBe("check"));
  });

  it("once the write has started, Cancel is off and says why", async () => {
    const a = stubAdapter({ check: checkResult([finding("phone", "E4")]) });
    renderPane(a);
    a.hold = new Promise(() => undefined);
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(a.jobs).toHaveLength(1));
    act(() => a.jobs[0].onProgress?.({ phase: "write", cells: 3 }));
    await waitFor(() => expect(isDisabled(screen.getByTestId("cancel"))).toBe(true));
    expect(screen.getByTestId("cancel").getAttribute("title")).toBe("A write cannot be stopped halfway");
  });

  it("custfile's own errors are said in the user's language; others keep their own message", async () => {
    const a = stubAdapter();
    a.check = async () => { throw new CustfileError("changelog-sheet-taken", { sheet: "变更记录" }, "Sheet '变更记录' holds other data"); };
    renderPane(a, "ready", "zh-CN");
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(status()).toBe("工作表“变更记录”中有其他数据但没有变更记录表；为免覆盖，未作任何修改。请把该工作表改名或清空后再修正。"));
    a.check = async () => { throw new Error("GeneralException: the table is locked"); };
    await enabled("check");
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(status()).toBe("操作失败：GeneralException: the table is locked"));
  });
});

describe("set-up, audit, ids, Office", () => {
  it("Set up says what was added, kept and left alone, and clears the results it made stale", async () => {
    const a = stubAdapter({ check: checkResult([finding("missing-table", null)]), setup: { added: [{ table: "Interactions", sheet: "客户动态", newSheet: true }], kept: [{ table: "Customers", sheet: "客户信息" }], skipped: [{ table: "Payments", sheet: "回款记录" }], listsAdded: ["所属行业"] } });
    await checked(a);
    await fromMore("setup");
    await waitFor(() => expect(status()).toBe("Added: Interactions (客户动态). Kept: Customers. These sheets hold data but no template table and were left alone: 回款记录. Lists added: 所属行业. Check again."));
    expect(screen.queryAllByTestId("finding")).toHaveLength(0);
    expect(screen.getByTestId("not-checked")).toBeTruthy();
    expect(screen.getByTestId("status").querySelectorAll("[data-value][lang=zh-CN]")).toHaveLength(3);
  });

  it("lists changed customer ids with the tracking state in words, and restores one", async () => {
    const a = stubAdapter();
    renderPane(a);
    act(() => a.emitIds({ state: "running", message: "", idChanges: [{ sheetRow: 5, before: "C20240315004", after: "C20240315999" }] }));
    expect(text(screen.getByTestId("id-change-notice"))).toMatch("Customer id changed in row 5: C20240315004 → C20240315999.");
    // (Fluent's Tab renders its label twice: once hidden, to reserve the width of the bold one.)
    expect(screen.getByTestId("tab-ids").textContent).toContain("Customer ids (1)");
    fireEvent.click(screen.getByTestId("tab-ids"));
    expect(text(screen.getByTestId("tracking"))).toBe("Change log: recording hand edits to the key fields of customers.");
    const row = screen.getByTestId("id-change");
    expect(text(row)).toMatch("Row 5: C20240315004 → C20240315999");
    fireEvent.click(within(row).getByTestId("restore-id"));
    await waitFor(() => expect(a.calls).toContain("restore 5"));
    await waitFor(() => expect(status()).toBe("Restored the customer id of row 5; logged in the change log."));
    act(() => a.emitIds({ state: "unsupported", reason: "requirement-set", message: "Change tracking needs ExcelApi 1.9", idChanges: [] }));
    expect(text(screen.getByTestId("tracking"))).toBe("Change log: this Excel cannot record hand edits (it needs Microsoft 365 or Excel 2021 and later).");
  });

  it("with several changed ids the notice lists their rows and opens the list", () => {
    const a = stubAdapter();
    renderPane(a, "ready", "zh-CN");
    act(() => a.emitIds({ state: "running", message: "", idChanges: [{ sheetRow: 5, before: "C1", after: "C2" }, { sheetRow: 9, before: "C3", after: "C4" }] }));
    expect(text(screen.getByTestId("id-change-notice"))).toMatch("2 个客户编号被修改（第 5、9 行）。");
    fireEvent.click(within(screen.getByTestId("id-change-notice")).getByTestId("notice-review"));
    expect(screen.getAllByTestId("id-change")).toHaveLength(2);
  });

  it("Audit: status in words with the rate in %, verify, and draw again only after confirming", async () => {
    const a = stubAdapter({ audit: { quarter: "2026Q4", record: { draw: 1, drawnAt: "x", seed: "s", population: 489, rate: 0.15, sampleSize: 74 }, progress: { sampled: 74, checked: 4, results: { 一致: 3, 已更正: 1 } } } });
    renderPane(a);
    fireEvent.click(screen.getByTestId("tab-audit"));
    await waitFor(() => expect(text(screen.getByTestId("audit-record"))).toBe("Draw 1: 74 of 489 customers (audit rate 15%)."));
    expect(text(screen.getByTestId("audit-progress"))).toBe("4 of 74 checked. Results: 一致 3 · 已更正 1");
    expect(text(screen.getByTestId("audit-about"))).toMatch(/Key items: customers whose contact/);
    await enabled("audit-verify");
    fireEvent.click(screen.getByTestId("audit-verify"));
    await waitFor(() => expect(status()).toMatch(/^Verified/));
    await enabled("audit-draw-again");
    fireEvent.click(screen.getByTestId("audit-draw-again"));
    expect(a.calls.filter((c) => c.startsWith("audit.draw"))).toEqual([]);
    fireEvent.click(await screen.findByTestId("audit-confirm"));
    await waitFor(() => expect(a.calls).toContain("audit.draw true"));
    await waitFor(() => expect(status()).toBe("No customer table (sheet 客户信息 or table Customers) in this workbook; nothing to sample. Set up the template first."));
  });

  it("shows what the 季度抽查 ribbon button said, in the pane's language", () => {
    const a = stubAdapter();
    renderPane(a, "ready", "zh-CN");
    act(() => a.emitNotice({ kind: "refused", outcome: { kind: "refused", rateText: "30%", policy: "每季度末…抽查10%-20%的客户档案" }, failed: true }));
    expect(text(screen.getByTestId("audit-notice"))).toMatch(/^“信用政策”中的抽查比例“30%”不在 10%–20% 之内，未抽取。/);
    fireEvent.click(screen.getByTestId("audit-notice-close"));
    expect(screen.queryByTestId("audit-notice")).toBeNull();
  });

  it("without Office shows the message alone: no commands, no tabs", () => {
    renderPane(null, "absent", "zh-CN");
    expect(text(screen.getByTestId("no-office"))).toMatch("请在 Excel 中点“开始 › 客户档案 › 档案校验”。");
    expect(screen.queryAllByRole("button")).toHaveLength(0);
    expect(screen.queryAllByRole("tab")).toHaveLength(0);
    expect(screen.queryByTestId("progress")).toBeNull();
  });

  it("speaks zh-CN, with the ribbon's words", async () => {
    renderPane(stubAdapter({ check: checkResult([finding("phone", "E4")]) }), "ready", "zh-CN");
    expect(text(screen.getByTestId("check"))).toBe("检查");
    expect(text(screen.getByTestId("tab-audit"))).toContain("季度抽查");
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(text(screen.getByTestId("finding"))).toMatch("问题 phone E4"));
    expect(text(screen.getByTestId("finding"))).toMatch("电话号码");
  });
});

/* ------------------------------ credit (issue 12) ------------------------------ */

import type { LocatedCreditFlag } from "../../src/excel/check";
import type { MonthOutcome, ReviewApplyOutcome, ReviewSheetOutcome } from "../../src/taskpane/adapter";

/** A recorded vs computed flag on a Customers cell, as the check locates it. */
function flag(code: LocatedCreditFlag["code"], address: string, customerId: string): LocatedCreditFlag {
  const severity = code === "over-limit" ? "error" : code === "grade-drift" ? "warning" : "info";
  const column = address.startsWith("H") ? "客户等级" : "信用额度";
  return {
    table: "Customers", sheet: "客户信息", row: Number(address.slice(1)), column, columnNumber: address.startsWith("H") ? 8 : 14,
    code, severity, value: "x", customerId, address,
    message: { "zh-CN": `工作表「客户信息」${address}（第 ${address.slice(1)} 行「${column}」列）：${code} 记录为 C类`, "en-US": `Sheet "客户信息" cell ${address} (row ${address.slice(1)}, column "${column}"): ${code} recorded C类` },
  };
}

const GRADED = { kind: "grades" as const, grades: { A类: 3, B类: 1, C类: 1, N: 0 }, customers: 5, problems: 0, agingFen: { ...NO_AGING, current: 1_200_000, d91_120: 5_000_000 } };
const withFlags = (findings = [finding("phone", "E4")]) => ({
  ...checkResult(findings, 5), credit: GRADED,
  creditFlags: [flag("limit-above-suggested", "N2", "C1"), flag("over-limit", "N3", "C2"), flag("grade-drift", "H3", "C2")],
});

const MADE = (replaced: boolean): ReviewSheetOutcome => ({
  kind: "made", year: 2026, sheet: "信用评级调整 2026", asOf: "2026-12-04", customers: 5, dormant: 1,
  changes: { grade: 2, limit: 3, thin: 0 }, replaced, filledBefore: replaced ? 1 : 0,
});
const APPLIED: ReviewApplyOutcome = {
  kind: "applied", year: 2026, reviewSheet: "信用评级调整 2026", customersSheet: "客户信息", counts: { applied: 1, unchanged: 0, skipped: 1 }, cells: 2, changeLogRows: 2,
  rows: [
    { row: 5, address: "P5", customerId: "C1", status: "skipped", skip: "same-person", message: { "zh-CN": "工作表「信用评级调整 2026」P5（第 5 行「审批人」列）：审批人与编制人相同", "en-US": 'Sheet "信用评级调整 2026" cell P5 (row 5, column "审批人"): approver is the preparer' } },
    { row: 6, address: "K6", customerId: "C2", status: "applied", message: { "zh-CN": "工作表「信用评级调整 2026」K6（第 6 行「调整后等级」列）：已应用", "en-US": 'Sheet "信用评级调整 2026" cell K6 (row 6, column "调整后等级"): applied' } },
  ],
};
const RECORDED = (replaced: number): MonthOutcome => ({
  kind: "recorded", month: "2026-12", asOf: "2026-12-04", previous: "2026-11", customers: 5,
  byRule: { "new-c": 1, "grade-down": 1, "newly-over-limit": 0, "overdue-up": 0, "dbt-up": 2, "first-long-overdue": 0 }, total: 4, longOverdueDays: 60,
  replaced, historySheet: "信用月报", sheet: "信用异常 2026-12", sheetReplaced: replaced > 0, charts: 2,
  grades: { current: GRADED.grades, previous: null }, agingFen: GRADED.agingFen,
});

describe("recorded vs computed flags in the findings (SPEC §8.1)", () => {
  it("lists the flags after the findings under their own heading with the count of each; the tab and the status count them", async () => {
    const a = stubAdapter({ check: withFlags() });
    await checked(a);
    expect(status()).toBe("Checked 5 customers: 1 error, 0 warnings, 0 notes. 3 recorded grades or limits differ from what the payments say.");
    expect(text(screen.getByTestId("credit-group"))).toBe("▾Recorded vs computed (3): Over limit 1 · Grade drift 1 · Limit above suggested 1");
    expect(screen.getByTestId("credit-group").getAttribute("aria-posinset")).toBe("2");
    expect(screen.getAllByTestId("credit-flag").map((el) => [el.dataset.code, el.dataset.address, el.dataset.severity, el.getAttribute("aria-level")])).toEqual([
      ["limit-above-suggested", "N2", "info", "2"], ["over-limit", "N3", "error", "2"], ["grade-drift", "H3", "warning", "2"],
    ]);
    // The place is the row's first line; the message keeps the rest, 客户信息 and C类 marked as Chinese data.
    const first = screen.getAllByTestId("credit-flag")[1];
    expect(text(first)).toBe("客户信息!N3信用额度Over limiterrorover-limit recorded C类");
    expect([...first.querySelectorAll("[lang=zh-CN]")].map(text)).toEqual(["客户信息!N3", "信用额度", "C类"]);
    expect(screen.getByTestId("tab-findings").textContent).toContain("Findings (4)");
  });

  it("a click or Enter on a flag selects its 信用额度 / 客户等级 cell; Left folds the flags' heading", async () => {
    const a = stubAdapter({ check: withFlags([]) });
    renderPane(a);
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(screen.getAllByTestId("credit-flag")).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId("credit-flag")[1]);
    await waitFor(() => expect(a.calls.filter((c) => c.startsWith("select"))).toEqual(["select 客户信息!N3"]));
    const tree = screen.getByTestId("findings");
    fireEvent.keyDown(tree, { key: "End" });
    fireEvent.keyDown(tree, { key: "Enter" });
    await waitFor(() => expect(a.calls.filter((c) => c.startsWith("select"))).toEqual(["select 客户信息!N3", "select 客户信息!H3"]));
    fireEvent.keyDown(tree, { key: "ArrowLeft" });
    fireEvent.keyDown(tree, { key: "ArrowLeft" });
    expect(screen.queryAllByTestId("credit-flag")).toHaveLength(0);
    expect(screen.getByTestId("credit-group").getAttribute("aria-expanded")).toBe("false");
  });

  it("filters by a flag's code (the findings hidden), and speaks zh-CN", async () => {
    renderPane(stubAdapter({ check: withFlags() }), "ready", "zh-CN");
    fireEvent.click(screen.getByTestId("check"));
    await waitFor(() => expect(screen.getAllByTestId("credit-flag")).toHaveLength(3));
    expect(status()).toMatch(/另有 3 处信用等级或额度与按回款计算的不符。$/);
    expect(text(screen.getByTestId("credit-group"))).toBe("▾记录与计算不符（3）：超出信用额度 1 · 等级与计算不符 1 · 额度高于建议 1");
    const filter = screen.getByTestId("code-filter") as HTMLSelectElement;
    expect([...filter.options].map((o) => o.textContent)).toContain("超出信用额度（1）");
    fireEvent.change(filter, { target: { value: "over-limit" } });
    expect(screen.queryAllByTestId("finding")).toHaveLength(0);
    expect(screen.getAllByTestId("credit-flag").map((el) => el.dataset.address)).toEqual(["N3"]);
  });
});

describe("the 信用 tab (SPEC §8)", () => {
  const open = () => fireEvent.click(screen.getByTestId("tab-credit"));

  it("before a check says what the summary will show; after one charts grades and aging with the numbers as text, and counts the flags", async () => {
    renderPane(stubAdapter({ check: withFlags() }));
    open();
    expect(text(screen.getByTestId("credit-not-checked"))).toMatch(/^After a Check/);
    fireEvent.click(screen.getByTestId("check"));
    // A check shows its findings; the 信用 tab has the summary now.
    await waitFor(() => expect(screen.getAllByTestId("credit-flag")).toHaveLength(3));
    open();
    await waitFor(() => expect(screen.getByTestId("credit-charts")).toBeTruthy());
    expect(text(screen.getByTestId("credit-grades-text"))).toBe("A 3, B 1, C 1, N 0");
    expect(text(screen.getByTestId("credit-aging-text"))).toBe("not due 12,000, 1–30 days 0, 31–60 days 0, 61–90 days 0, 91–120 days 50,000, over 120 days 0");
    expect(screen.getByTestId("credit-charts").textContent).toContain("Open balance by age (total 62,000 yuan)");
    expect(text(screen.getByTestId("credit-flags-summary"))).toBe("The grades and limits the customer table records differ from what the payments say: over limit 1, grade drift 1, limit above suggested 1 (see Findings).");
  });

  it("生成评级调整表: 编制人 from the 操作人 kept (and kept when changed); a year already there asks before replacing it", async () => {
    let made = false;
    const a = stubAdapter({ operator: "赵编制", credit: { review: (again) => (again || !made ? ((made = true), MADE(again)) : { kind: "exists", year: 2026, sheet: "信用评级调整 2026", filled: 1 }) } });
    renderPane(a);
    open();
    const year = screen.getByTestId("credit-year") as HTMLInputElement;
    expect(year.value).toMatch(/^\d{4}$/);
    fireEvent.change(year, { target: { value: "2026" } });
    expect((screen.getByTestId("credit-preparer") as HTMLInputElement).value).toBe("赵编制");
    await enabled("credit-review");
    fireEvent.click(screen.getByTestId("credit-review"));
    await waitFor(() => expect(status()).toBe("Generated 信用评级调整 2026: 5 customers (1 dormant left out); a new grade proposed for 2, a new limit for 3. Once approvers have filled in approver, result and date, click Apply approved."));
    expect(a.calls).toContain("credit.review 2026 赵编制");
    expect(text(screen.getByTestId("credit-review-result"))).toMatch(/^Generated/);

    fireEvent.change(screen.getByTestId("credit-preparer"), { target: { value: "孙会计" } });
    await enabled("credit-review");
    fireEvent.click(screen.getByTestId("credit-review"));
    await waitFor(() => expect(text(screen.getByTestId("credit-confirm-body"))).toMatch(/^The sheet exists; 1 row already has an approval filled in\. Generating it again replaces the whole sheet and those approvals are lost/));
    expect(a.calls).toContain("operator 孙会计");
    fireEvent.click(screen.getByTestId("credit-confirm-cancel"));
    await waitFor(() => expect(screen.queryByTestId("credit-confirm-body")).toBeNull());
    expect(a.calls.filter((c) => c.endsWith(" again"))).toEqual([]);

    await enabled("credit-review");
    fireEvent.click(screen.getByTestId("credit-review"));
    fireEvent.click(await screen.findByTestId("credit-confirm-again"));
    await waitFor(() => expect(a.calls).toContain("credit.review 2026 孙会计 again"));
    await waitFor(() => expect(status()).toMatch(/The earlier sheet was replaced \(1 row of it had approvals\)\./));
  });

  it("a year that is not one turns the year's actions off", async () => {
    renderPane(stubAdapter());
    open();
    fireEvent.change(screen.getByTestId("credit-year"), { target: { value: "26" } });
    await waitFor(() => expect(isDisabled(screen.getByTestId("credit-review"))).toBe(true));
    expect(isDisabled(screen.getByTestId("credit-apply"))).toBe(true);
    expect(isDisabled(screen.getByTestId("credit-month"))).toBe(false);
  });

  it("应用已审批 lists each row with its outcome; Enter selects the row's cell on the review sheet", async () => {
    const a = stubAdapter({ credit: { apply: APPLIED } });
    renderPane(a);
    open();
    fireEvent.change(screen.getByTestId("credit-year"), { target: { value: "2026" } });
    await enabled("credit-apply");
    fireEvent.click(screen.getByTestId("credit-apply"));
    await waitFor(() => expect(status()).toBe("Applied 1 row: 2 cells written to 客户信息, each old value first to 变更记录 with the approver as operator. 1 row skipped; see why below."));
    expect(a.calls).toContain("credit.apply 2026");
    const rows = screen.getAllByTestId("credit-applied-row");
    expect(rows.map((r) => [r.dataset.status, r.dataset.skip, r.dataset.address])).toEqual([["skipped", "same-person", "P5"], ["applied", "", "K6"]]);
    expect(text(rows[0])).toBe("Row 5 C1skippedapprover is the preparer");
    const list = screen.getByTestId("credit-applied");
    fireEvent.keyDown(list, { key: "End" });
    fireEvent.keyDown(list, { key: "Enter" });
    await waitFor(() => expect(a.calls).toContain("select 信用评级调整 2026!K6"));
  });

  it("refusals are words, not codes (no review sheet yet; a bad month)", async () => {
    const a = stubAdapter({ credit: { month: { kind: "refused", reason: "not-begun", month: "2030-01" } } });
    renderPane(a, "ready", "zh-CN");
    open();
    fireEvent.change(screen.getByTestId("credit-year"), { target: { value: "2026" } });
    await enabled("credit-apply");
    fireEvent.click(screen.getByTestId("credit-apply"));
    await waitFor(() => expect(status()).toBe("没有工作表“信用评级调整 2026”：请先点“生成评级调整表”，审批后再应用。"));
    fireEvent.change(screen.getByTestId("credit-month-input"), { target: { value: "2030-01" } });
    await enabled("credit-month");
    fireEvent.click(screen.getByTestId("credit-month"));
    await waitFor(() => expect(status()).toBe("2030-01 尚未开始，不能记录。"));
    expect(screen.queryByTestId("credit-month-result")).toBeNull();
  });

  it("记录本月并生成异常报告: abnormalities per rule against the month before, and says when the month was replaced", async () => {
    let times = 0;
    const a = stubAdapter({ credit: {} });
    a.credit.recordMonth = async (month) => { a.calls.push(`credit.month ${month}`); return RECORDED(times++ ? 5 : 0); };
    renderPane(a, "ready", "zh-CN");
    open();
    fireEvent.change(screen.getByTestId("credit-month-input"), { target: { value: "2026-12" } });
    await enabled("credit-month");
    fireEvent.click(screen.getByTestId("credit-month"));
    await waitFor(() => expect(text(screen.getByTestId("credit-month-result"))).toBe("2026-12 已记录到“信用月报”（5 户，截至 2026-12-04）。对比 2026-11：异常 4 条（新增C类 1 · 等级下降 1 · DBT上升 2）。报告见“信用异常 2026-12”（含 2 张图表）。"));
    await enabled("credit-month");
    fireEvent.click(screen.getByTestId("credit-month"));
    await waitFor(() => expect(text(screen.getByTestId("credit-month-result"))).toMatch("2026-12 原已记录 5 行，已由本次记录替换。"));
    expect(text(screen.getByTestId("credit-month-result"))).toMatch("，原报告表已替换。");
    expect(a.calls.filter((c) => c.startsWith("credit.month"))).toEqual(["credit.month 2026-12", "credit.month 2026-12"]);
  });
});
