/** @jest-environment jsdom */
/**
 * The 交接 tab with a stub adapter: the pickers (负责人 and staff, a leaver marked, a name
 * typed), the preview as one list widget (untick with Space), the confirmation with 操作人 and a
 * note, one apply with the chosen customers; refusals in the pane's language with nothing
 * applied; the protected-sheets help; and the notice that the ChangeLog's 校验 chain started.
 */
import { act, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/App";
import { CJK } from "../../src/taskpane/i18n";
import { handoverPreview, stubAdapter, type StubAdapter } from "./stub-adapter";

const text = (el: Element) => el.textContent ?? "";
const isDisabled = (el: Element) => (el as HTMLButtonElement).disabled || el.getAttribute("aria-disabled") === "true";

configure({ asyncUtilTimeout: 10_000 });

beforeAll(() => {
  (globalThis as Record<string, unknown>).ResizeObserver ??= class { observe() {} unobserve() {} disconnect() {} };
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 640 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 320 });
});

function renderPane(adapter: StubAdapter, lang: "zh-CN" | "en-US" = "en-US") {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App adapter={adapter} lang={lang} office="ready" />
    </FluentProvider>,
  );
}

const status = () => text(screen.getByTestId("status"));
const enabled = (testId: string) => waitFor(() => expect(isDisabled(screen.getByTestId(testId))).toBe(false));

/** Open the tab; the names load on first view. */
async function openTab(a: StubAdapter) {
  fireEvent.click(screen.getByTestId("tab-handover"));
  await waitFor(() => expect(a.calls).toContain("handover.people"));
  await enabled("handover-preview");
}

/** Type a name into a picker (freeform). */
function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

/** Name 张伟 → 李娜, preview, and open the confirmation. */
async function toConfirmation(): Promise<HTMLElement> {
  type("handover-from", "张伟");
  type("handover-to", "李娜");
  fireEvent.click(screen.getByTestId("handover-preview"));
  await enabled("handover-go");
  fireEvent.click(screen.getByTestId("handover-go"));
  return screen.findByTestId("handover-confirm");
}

/** CJK text outside data values in an element (what en-US must not show). */
function cjkOutsideData(el: Element): string[] {
  const out: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) {
      if (CJK.test(n.nodeValue ?? "") && !(n.parentElement?.closest("[data-value]"))) out.push(n.nodeValue ?? "");
      return;
    }
    n.childNodes.forEach(walk);
  };
  walk(el);
  return out;
}

describe("the 交接 tab", () => {
  it("picks from 负责人 and staff (a leaver marked), previews, unticks one with Space, confirms with 操作人 and a note: one apply of the chosen customers", async () => {
    const a = stubAdapter({ operator: "王芳" });
    renderPane(a);
    await openTab(a);
    await waitFor(() => expect(status()).toBe("3 names to pick from."));
    // The receiver's picker lists everyone; a leaver is marked.
    fireEvent.click(screen.getByTestId("handover-to"));
    const options = await screen.findAllByTestId("handover-to-option");
    expect(options.map(text)).toEqual(["张伟 · 3 customers", "李娜 · 1 customer", "赵强 (left)"]);
    fireEvent.click(options[1]);
    expect((screen.getByTestId("handover-to") as HTMLInputElement).value).toBe("李娜");
    // The sender's picker lists only those in charge of customers.
    fireEvent.click(screen.getByTestId("handover-from"));
    expect((await screen.findAllByTestId("handover-from-option")).map((o) => o.dataset.name)).toEqual(["张伟", "李娜"]);
    fireEvent.click(screen.getAllByTestId("handover-from-option")[0]);
    type("handover-supervisor", "陈经理");

    fireEvent.click(screen.getByTestId("handover-preview"));
    await waitFor(() => expect(a.calls).toContain("handover.preview 张伟→李娜 (陈经理)"));
    await waitFor(() => expect(screen.getAllByTestId("handover-customer")).toHaveLength(3));
    expect(status()).toBe("3 customers to hand over: check them, then click Hand over…");
    const list = screen.getByTestId("handover-list");
    expect(list.getAttribute("role")).toBe("listbox");
    expect(list.getAttribute("aria-multiselectable")).toBe("true");
    expect(screen.getAllByTestId("handover-customer").map((r) => [r.dataset.id, r.getAttribute("aria-selected")])).toEqual([["C20240315001", "true"], ["C20240315002", "true"], ["C20240315003", "true"]]);
    expect(text(screen.getAllByTestId("handover-customer")[1])).toBe("✓C20240315002 测试公司2 · row 3"); // ✓: the tick (aria-hidden; aria-selected says it)
    // Untick the second with the keyboard.
    fireEvent.keyDown(list, { key: "ArrowDown" });
    fireEvent.keyDown(list, { key: " " });
    expect(screen.getAllByTestId("handover-customer")[1].getAttribute("aria-selected")).toBe("false");
    expect(screen.getByLabelText("All (2 of 3 chosen)")).toBe(screen.getByTestId("handover-all"));

    await enabled("handover-go");
    fireEvent.click(screen.getByTestId("handover-go"));
    const dialog = await screen.findByTestId("handover-confirm");
    expect(text(within(dialog).getByTestId("handover-confirm-body"))).toBe(
      "张伟 → 李娜 (supervisor 陈经理). This writes the owner of these 2 customers (each old value first to 变更记录, reason 交接), one row of 交接记录 and the new sheet 交接清单 2026-11-20 张伟→李娜. Excel's Undo cannot reverse it.");
    expect((within(dialog).getByTestId("handover-operator") as HTMLInputElement).value).toBe("王芳");
    expect(a.calls.filter((c) => c.startsWith("handover.apply"))).toEqual([]);
    fireEvent.change(within(dialog).getByTestId("handover-operator"), { target: { value: "测试员" } });
    fireEvent.change(within(dialog).getByTestId("handover-note"), { target: { value: "离职交接" } });
    fireEvent.click(within(dialog).getByTestId("handover-write"));
    await waitFor(() => expect(a.calls).toContain("handover.apply 张伟→李娜 ids=C20240315001,C20240315003 rows=2,4 by 测试员 note=离职交接"));
    expect(a.calls).toContain("operator 测试员");
    await waitFor(() => expect(screen.getByTestId("handover-done")).toBeTruthy());
    await waitFor(() => expect(status()).toBe("Handed over 2 customers: 张伟 → 李娜."));
    expect(text(screen.getByTestId("handover-done"))).toBe("Handed over 2 customers: 张伟 → 李娜. The old owners are in 变更记录 (reason 交接), 交接记录 has one more row, and the handover list is on the sheet 交接清单 2026-11-20 张伟→李娜: as each customer is told, choose 是 or 否 under 已通知.");
    // The names are read again (the counts changed) and the preview is gone.
    expect(a.calls.filter((c) => c === "handover.people")).toHaveLength(2);
    expect(screen.queryByTestId("handover-list")).toBeNull();
    expect(cjkOutsideData(document.body)).toEqual([]);
  });

  it("all customers ticked: the apply asks for all of them (no ids), by the remembered 操作人", async () => {
    const a = stubAdapter({ operator: "王芳" });
    renderPane(a, "zh-CN");
    await openTab(a);
    fireEvent.click(within(await toConfirmation()).getByTestId("handover-write"));
    await waitFor(() => expect(a.calls).toContain("handover.apply 张伟→李娜 ids=all rows=2,3,4 by 王芳"));
    await waitFor(() => expect(status()).toMatch(/^已交接 3 个客户：张伟 → 李娜。/));
  });

  it("without a 操作人 nothing is written; Cancel closes the confirmation and writes nothing", async () => {
    const a = stubAdapter();
    renderPane(a);
    await openTab(a);
    const dialog = await toConfirmation();
    fireEvent.click(within(dialog).getByTestId("handover-write"));
    await screen.findByText("Enter your name first.");
    fireEvent.click(within(dialog).getByTestId("handover-cancel"));
    await waitFor(() => expect(screen.queryByTestId("handover-confirm")).toBeNull());
    expect(a.calls.filter((c) => c.startsWith("handover.apply"))).toEqual([]);
  });

  it("a refusal is the core's message, in the pane's language with the names marked as data; nothing applied", async () => {
    for (const lang of ["en-US", "zh-CN"] as const) {
      const a = stubAdapter({
        handoverPreview: () => ({ kind: "refused", error: { code: "to-left", message: { "zh-CN": "接收人「赵强」已离职（人员名单第 5 行）。请把客户交给在职人员。", "en-US": "\"赵强\" has left the company (staff list row 5). Hand the customers to a current employee." } } }),
      });
      const view = renderPane(a, lang);
      await openTab(a);
      type("handover-from", "张伟");
      type("handover-to", "赵强");
      fireEvent.click(screen.getByTestId("handover-preview"));
      const problem = await screen.findByTestId("handover-problem");
      expect(problem.dataset.kind).toBe("refused");
      expect(text(problem)).toBe(lang === "en-US" ? "\"赵强\" has left the company (staff list row 5). Hand the customers to a current employee." : "接收人「赵强」已离职（人员名单第 5 行）。请把客户交给在职人员。");
      expect(status()).toBe(lang === "en-US" ? "Nothing was handed over; the workbook was not changed." : "未交接，工作簿没有改动。");
      if (lang === "en-US") expect(cjkOutsideData(problem)).toEqual([]);
      expect(screen.queryByTestId("handover-list")).toBeNull();
      expect(isDisabled(screen.getByTestId("handover-go"))).toBe(true);
      view.unmount();
    }
  });

  it("asks for both names before a preview, and a name changed after a preview clears it", async () => {
    const a = stubAdapter();
    renderPane(a);
    await openTab(a);
    type("handover-from", "张伟");
    fireEvent.click(screen.getByTestId("handover-preview"));
    expect(text(await screen.findByTestId("handover-problem"))).toBe("Enter who hands over and who receives first.");
    expect(a.calls.filter((c) => c.startsWith("handover.preview"))).toEqual([]);
    type("handover-to", "李娜");
    fireEvent.click(screen.getByTestId("handover-preview"));
    await waitFor(() => expect(screen.getAllByTestId("handover-customer")).toHaveLength(3));
    type("handover-to", "王芳");
    expect(screen.queryByTestId("handover-list")).toBeNull();
    expect(isDisabled(screen.getByTestId("handover-go"))).toBe(true);
  });

  it("a customer without 客户编号 goes only with all the others", async () => {
    const a = stubAdapter({ handoverPreview: (c) => ({ kind: "preview", preview: handoverPreview(c.from, c.to, 2, { customers: [{ id: "", name: "无编号公司", row: 2 }, { id: "C20240315002", name: "测试公司2", row: 3 }] }) }) });
    renderPane(a);
    await openTab(a);
    type("handover-from", "张伟");
    type("handover-to", "李娜");
    fireEvent.click(screen.getByTestId("handover-preview"));
    await waitFor(() => expect(screen.getAllByTestId("handover-customer")).toHaveLength(2));
    expect(text(screen.getAllByTestId("handover-customer")[0])).toBe("✓(no customer id) 无编号公司 · row 2");
    fireEvent.keyDown(screen.getByTestId("handover-list"), { key: "End" });
    fireEvent.keyDown(screen.getByTestId("handover-list"), { key: " " });
    await enabled("handover-go");
    fireEvent.click(screen.getByTestId("handover-go"));
    expect(text(await screen.findByTestId("handover-problem"))).toBe("Row 2 has no customer id and can only be handed over with all the others: tick all, or fill in the id first.");
    expect(screen.queryByTestId("handover-confirm")).toBeNull();
  });

  it("a workbook changed since the preview: nothing written, the new preview shown with the reason", async () => {
    const a = stubAdapter({ handoverApply: (c) => ({ kind: "changed", preview: handoverPreview(c.from, c.to, 4) }) });
    renderPane(a);
    await openTab(a);
    const dialog = await toConfirmation();
    fireEvent.change(within(dialog).getByTestId("handover-operator"), { target: { value: "测试员" } });
    fireEvent.click(within(dialog).getByTestId("handover-write"));
    await waitFor(() => expect(screen.getAllByTestId("handover-customer")).toHaveLength(4));
    expect(screen.getByTestId("handover-problem").dataset.kind).toBe("changed");
    expect(status()).toBe("Nothing was handed over; the workbook was not changed.");
  });

  it("says how to unprotect custfile's record sheets, in both languages", async () => {
    for (const lang of ["en-US", "zh-CN"] as const) {
      const a = stubAdapter();
      const view = renderPane(a, lang);
      await openTab(a);
      const help = screen.getByTestId("protection-help");
      expect(text(help)).toMatch(lang === "en-US" ? /protected without a password.*Review › Unprotect Sheet.*Review › Protect Sheet/ : /受工作表保护（无密码）.*审阅 › 撤消工作表保护.*审阅 › 保护工作表/);
      // 变更记录, 抽查记录, 信用月报, 交接记录 as data (and, in English, 校验).
      expect(help.querySelectorAll("[data-value]").length).toBe(lang === "en-US" ? 5 : 4);
      if (lang === "en-US") expect(cjkOutsideData(help)).toEqual([]);
      view.unmount();
    }
  });
});

describe("the 校验 chain notice", () => {
  it("says once, in the pane's language, that the ChangeLog's chain started and which rows it does not cover; Close dismisses it", () => {
    const a = stubAdapter();
    renderPane(a, "zh-CN");
    expect(screen.queryByTestId("chain-notice")).toBeNull();
    act(() => a.emitChainStart({ sheet: "变更记录", row: 40, uncovered: 38, columnAdded: true }));
    expect(text(screen.getByTestId("chain-notice"))).toMatch("“变更记录”已添加“校验”列：从第 40 行起，每一行都与上一行链接，手工修改会被检查发现；此前的 38 行写于启用之前，不在校验范围内。");
    fireEvent.click(screen.getByTestId("chain-notice-close"));
    expect(screen.queryByTestId("chain-notice")).toBeNull();
  });

  it("en-US", () => {
    const a = stubAdapter();
    renderPane(a);
    act(() => a.emitChainStart({ sheet: "变更记录", row: 3, uncovered: 1, columnAdded: false }));
    const notice = screen.getByTestId("chain-notice");
    expect(text(notice)).toMatch("The change log 变更记录 now fills its 校验 column: from row 3 on, each row is chained to the one before, so a check finds hand edits; the 1 row above was written before and is not covered.");
    expect(cjkOutsideData(notice)).toEqual([]);
  });
});
