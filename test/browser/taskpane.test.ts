/**
 * The built task pane (dist/taskpane.html) in headless Chromium with a test Office host:
 * office.js is answered by office-host.ts (the Excel test double + an Office shim) holding a
 * workbook with known bad rows. Check → findings; a finding → the host selects its cell; the
 * findings list as one keyboard widget; Fix all in two steps (preview with choices and 操作人,
 * then the write, logged to ChangeLog); marks and clear marks; 10,000 findings in the
 * virtualized list; 20,000 customers without a frame gap over 100 ms of the pane's own work, with
 * progress and Cancel; hand edits logged by the change tracker of the shared runtime and an
 * overtyped id restored; every tab at 320 px in zh-CN and en-US; Set up on an empty workbook.
 * Opened with office.js failing to load, the page says Office is absent and nothing else.
 *
 * Every state visited is checked (inspect.ts): axe-core (results in test/browser/.out/axe.json),
 * no horizontal overflow at 320–350 px, and in en-US no CJK outside data values. Every page
 * talks to nothing but its own origin and office.js, and logs no errors.
 *
 * Screenshots of the pane go to test/browser/.out/ on every run, and to docs/ (the README links
 * them) only with CUSTFILE_SCREENSHOTS=1, so `npm test` never changes tracked files.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildOfficeHost, DIST, launchChromium, OFFICE_JS, openPane, OUT, ROOT, serveStatic, type OpenOptions, type PanePage, type StaticServer } from "./harness";
import { startFrames, stopFrames } from "./frames";
import { cjkOutsideData, failing, horizontalOverflow, runAxe, type AxeState } from "./inspect";
import type { HostConfig } from "./office-host";
import type { Cell } from "../../src/core/table";
import { CHANGELOG, CUSTOMERS, HANDOVERS, TABLES } from "../../src/core/template/tables";
import { generateDemo, type DemoOptions } from "../../src/demo/generate";
import { computeAnalysis } from "../../src/taskpane/engine/analysis";
import { layoutSheet } from "../../src/core/sheets";

const SHEET = CUSTOMERS.sheet; // 客户信息
const WRITE_DOCS = process.env.CUSTFILE_SCREENSHOTS === "1";

/** A day n days before today (Asia/Shanghai), YYYY-MM-DD: keeps 最近核实日期 from going stale as years pass. */
function daysAgo(n: number): string {
  const shanghai = new Date(Date.now() + 8 * 3600_000 - n * 86400_000);
  return shanghai.toISOString().slice(0, 10);
}

const HEADERS = ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "电子邮箱", "所属行业", "客户等级", "地址(省市区)", "开户日期", "合作状态", "最近核实日期"];

/** A valid customer row; `patch` by header makes it wrong. */
function customer(id: string, name: string, patch: Record<string, Cell> = {}): Cell[] {
  const row: Record<string, Cell> = {
    客户编号: id, 客户名称: name, 客户类型: "企业", 联系人: "王经理、李经理", 联系方式: "13956781234", 电子邮箱: "sales@example.com.cn",
    所属行业: "信息技术", 客户等级: "A类", "地址(省市区)": "北京市海淀区中关村大街1号", 开户日期: `${id.slice(1, 5)}-${id.slice(5, 7)}-${id.slice(7, 9)}`,
    合作状态: "合作中", 最近核实日期: daysAgo(30), ...patch,
  };
  return HEADERS.map((h) => row[h]);
}

/** Customers with one known mistake per row (sheet rows 3–7); row 2 is clean. */
const CUSTOMER_ROWS: Cell[][] = [
  HEADERS,
  customer("C20240115001", "北京华信科技有限公司"),
  customer("C20240305002", "上海东方贸易有限公司", { 开户日期: "2024/3/5" }), // J3 date, fixable → 2024-03-05
  customer("C20240305003", "杭州西湖电子有限公司", { 联系方式: "1395678" }), // E4 phone (masked)
  customer("C20240305004", "广州南方物流有限公司", { 客户等级: "A" }), // H5 enum, fixable → A类
  customer("C20240305005", "成都天府食品有限公司", { "地址(省市区)": "北京市海底区中关村大街1号" }), // I6 address: no 海底区 in 北京市
  customer("C20240305005", "重庆山城机械有限公司"), // A7 unique: id of row 6 again
];

/** Every finding the workbook must produce, as the pane's rows carry them. */
const EXPECTED = [
  { code: "date", sheet: SHEET, address: "J3" },
  { code: "phone", sheet: SHEET, address: "E4" },
  { code: "enum", sheet: SHEET, address: "H5" },
  { code: "address", sheet: SHEET, address: "I6" },
  { code: "unique", sheet: SHEET, address: "A7" },
];

/** Rows (and findings) of the large check. */
const BIG = 10_000;

const CHANGELOG_HEADERS = CHANGELOG.columns.map((c) => c.header);

const HOST: HostConfig = {
  displayLanguage: "zh-CN",
  userName: "测试用户",
  sheets: [
    { name: SHEET, rows: CUSTOMER_ROWS, tableName: "Customers" },
    { name: CHANGELOG.sheet, rows: [CHANGELOG_HEADERS], tableName: "ChangeLog" },
  ],
  activeSheet: SHEET,
};

/** Read what the test host holds (runs in the page). */
type HostView = {
  hostBusy: Array<[number, number]>;
  selection(): { sheet: string; address: string } | null;
  tableRows(name: string): Cell[][];
  tableHeaders(name: string): string[];
  valueAt(sheet: string, address: string): Cell;
  charts(sheet: string): Array<{ type: string; title: string; source: string; categories: string; position: { start: string; end: string } | null }>;
  markAt(sheet: string, address: string): string | null;
  sheetNames(): string[];
  tableListeners(name: string): number;
  functions: Map<string, unknown>;
  actions: Map<string, unknown>;
  userEdit(sheet: string, address: string, values: Cell[][]): Promise<void>;
  tableRange(name: string): string;
  charts(sheet: string): Array<{ type: string; title: string; source: string }>;
  isProtected(sheet: string): boolean;
  misses: string[];
  errors: string[];
  settle(): Promise<void>;
};
declare global {
  interface Window {
    __custfileHost: HostView;
  }
}

let server: StaticServer;
let browser: Browser;
let officeHost: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(DIST, "taskpane.html"))) {
    throw new Error(`${path.join(DIST, "taskpane.html")} is missing: build the add-in first (npm run build; npm test does).`);
  }
  browser = await launchChromium();
  officeHost = await buildOfficeHost();
  server = await serveStatic(DIST);
}, 120_000);

/** Every state's axe result, written to .out/axe.json at the end. */
const AXE: AxeState[] = [];
/** Measurements the report quotes (frame gaps, Tab presses), written to .out/measurements.json. */
const MEASURED: Record<string, unknown> = {};

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.mkdirSync(OUT, { recursive: true });
  const summary = AXE.map((s) => ({ state: s.state, lang: s.lang, width: s.width, serious: s.violations.filter((v) => v.impact === "serious" || v.impact === "critical").length, fluentDummiesOnly: s.violations.filter((v) => v.fluentDummy).length }));
  fs.writeFileSync(path.join(OUT, "axe.json"), JSON.stringify({ states: AXE.length, summary, results: AXE }, null, 2));
  fs.writeFileSync(path.join(OUT, "measurements.json"), JSON.stringify(MEASURED, null, 2));
});

/** Narrowest task pane. */
const NARROW = { width: 320, height: 640 };

/**
 * A state of the pane the test visits: screenshot it, run axe (no serious or critical violation
 * of ours), check that nothing reaches past the right edge, and in en-US that no CJK text shows
 * outside data values.
 */
async function visit(page: Page, state: string, shot: { file?: string; docs?: boolean } = {}): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  // A menu or dialog fading in is measured once it is there (axe reads colours as drawn).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity));
  if (shot.file) await screenshot(page, shot.file, shot.docs ?? false);
  const axe = await runAxe(page, state);
  AXE.push(axe);
  expect({ state, violations: failing(axe) }).toEqual({ state, violations: [] });
  const overflow = await horizontalOverflow(page);
  expect({ state, ...overflow }).toEqual({ state, scrolls: false, offenders: [] });
  if (axe.lang === "en-US") expect({ state, cjk: await cjkOutsideData(page) }).toEqual({ state, cjk: [] });
}

/** Wait until the pane is idle again (no run in progress). */
async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[data-testid="progress"]') && !document.querySelector('[data-testid="check"]')?.hasAttribute("aria-disabled"));
}

/** Choose an item of the command bar's More menu. */
async function fromMore(page: Page, testId: string): Promise<void> {
  await page.getByTestId("more").click();
  await page.getByTestId(testId).click();
}

/** The data-testid of the focused element (or of its nearest marked ancestor). */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement?.closest("[data-testid]") as HTMLElement | null)?.dataset.testid ?? document.activeElement?.tagName ?? "");
}

/** The row the findings tree marks as current (its aria-activedescendant). */
async function currentRow(page: Page, list = "findings"): Promise<Record<string, string | null>> {
  // A key press moves the active row at once; the virtualizer renders it in the next frame or so.
  await page.waitForFunction((testId) => {
    const tree = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
    const id = tree?.getAttribute("aria-activedescendant");
    return !id || document.getElementById(id) !== null;
  }, list);
  return page.evaluate((testId) => {
    const tree = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;
    const row = document.getElementById(tree.getAttribute("aria-activedescendant") ?? "");
    if (!row) return { missing: tree.getAttribute("aria-activedescendant") } as Record<string, string | null>;
    const a = (n: string) => row.getAttribute(n);
    return { testid: a("data-testid"), role: a("role"), code: a("data-code"), address: a("data-address"), severity: a("data-severity"), level: a("aria-level"), setsize: a("aria-setsize"), posinset: a("aria-posinset"), expanded: a("aria-expanded"), selected: a("aria-selected") };
  }, list);
}

/** ChangeLog rows holding anything (a table made over its header alone has one blank row, as in Excel). */
function loggedRows(page: Page): Promise<number> {
  return page.evaluate(() => window.__custfileHost.tableRows("ChangeLog").filter((r) => r.some((v) => v !== null && v !== "")).length);
}

/** Save a screenshot of the pane under .out/ and, with CUSTFILE_SCREENSHOTS=1 (unless toDocs is false), under docs/. */
async function screenshot(page: Page, name: string, toDocs = true): Promise<void> {
  // Let fonts, transitions and the virtualizer settle.
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  const png = await page.screenshot({ animations: "disabled", caret: "hide" });
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, name), png);
  if (WRITE_DOCS && toDocs) fs.writeFileSync(path.join(ROOT, "docs", name), png);
}

/**
 * Every finding row of the virtualized list (only visible rows are in the DOM): scroll its
 * scroll container from top to bottom and collect each row's data-code/-sheet/-address.
 */
async function allFindings(page: Page): Promise<Array<{ code: string; sheet: string; address: string }>> {
  return page.evaluate(async () => {
    const seen = new Map<string, { code: string; sheet: string; address: string }>();
    const collect = () => {
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid="finding"]')) {
        const f = { code: el.dataset.code ?? "", sheet: el.dataset.sheet ?? "", address: el.dataset.address ?? "" };
        seen.set(`${f.code}|${f.sheet}|${f.address}`, f);
      }
    };
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    collect();
    let scroller: HTMLElement | null = document.querySelector<HTMLElement>('[data-testid="finding"]');
    while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /(auto|scroll)/.test(getComputedStyle(scroller).overflowY))) scroller = scroller.parentElement;
    if (scroller) {
      const top = scroller.scrollTop;
      for (let y = 0; y <= scroller.scrollHeight; y += Math.max(20, scroller.clientHeight / 2)) {
        scroller.scrollTop = y;
        await frame();
        collect();
      }
      scroller.scrollTop = top;
      await frame();
    }
    return [...seen.values()];
  });
}

/** The counts by code: each option of the code filter carries data-code and ends with its count in brackets. */
async function countsByCode(page: Page): Promise<Record<string, number>> {
  const options = await page.locator('[data-testid="code-filter"] option[data-code]').evaluateAll((els) =>
    els.map((e) => [(e as HTMLElement).dataset.code ?? "", (e.textContent ?? "").replace(/[,\s\u202f]/g, "")] as const));
  return Object.fromEntries(options.map(([code, text]) => [code, Number(/(\d+)[)）]$/.exec(text)?.[1] ?? NaN)]));
}

/** The page's requests that went anywhere but its own origin and office.js. */
function foreignRequests(pane: PanePage, origin: string): string[] {
  return pane.requests.filter((u) => !u.startsWith(`${origin}/`) && u !== OFFICE_JS && !u.startsWith("data:") && !u.startsWith("blob:"));
}

/** A table's rows as objects by header. */
function byHeader(headers: string[], rows: Cell[][]): Array<Record<string, Cell>> {
  return rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]])));
}

/** A date cell as YYYY-MM-DD whether the pane wrote text or an Excel serial. */
function dayText(v: Cell): string {
  if (typeof v === "number") return new Date(Date.UTC(1899, 11, 30) + v * 86400_000).toISOString().slice(0, 10);
  return String(v);
}

describe("task pane in headless Chromium with a test Office host", () => {
  it("Check, a finding selects its cell, the list is one keyboard widget, Fix all previews and confirms with 操作人, then writes and logs", async () => {
    await withPane({ office: "host", host: HOST, viewport: NARROW }, async (pane, page) => {
      const check = page.getByTestId("check");
      await check.waitFor({ state: "visible" });
      await idle(page);
      await expectNoAbsenceNotice(page);
      // The shared runtime registered the custom functions (every id of functions.json) and the ribbon command.
      const ids = (JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8")) as { functions: Array<{ id: string }> }).functions.map((f) => f.id);
      expect(await page.evaluate(() => [...window.__custfileHost.functions.keys()].sort())).toEqual([...ids].sort());
      expect(await page.evaluate(() => [...window.__custfileHost.actions.keys()])).toContain("quarterlyAudit");
      // Fix all waits for a Check.
      expect(await page.getByTestId("fix-all").getAttribute("aria-disabled")).toBe("true");
      await visit(page, "zh start", { file: "taskpane-check.png" });

      await check.click();
      await page.getByTestId("finding").first().waitFor({ state: "visible" });
      await idle(page);
      // Focus stays on the button that ran the check.
      expect(await focused(page)).toBe("check");
      const findings = await allFindings(page);
      for (const e of EXPECTED) expect(findings).toContainEqual(e);
      // Nothing but the planted mistakes: row 2 is clean.
      expect(findings.filter((f) => !EXPECTED.some((e) => e.code === f.code && e.address === f.address))).toEqual([]);
      expect(await countsByCode(page)).toEqual({ address: 1, date: 1, enum: 1, phone: 1, unique: 1 });
      // Errors first, then warnings, each group with its count; customers counted as customers.
      expect(await page.getByTestId("finding-group").evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.severity, e.textContent]))).toEqual([["error", "▾错误（4）"], ["warning", "▾警告（1）"]]);
      expect(await page.getByTestId("status").innerText()).toBe("已检查 6 户客户：4 个错误、1 个警告、0 条提示。");
      await visit(page, "zh results", { file: "taskpane-results.png", docs: true });

      // Marks: conditional formats over the bad cells, removed again by "clear marks" (both in More).
      await page.getByTestId("more").click();
      await page.getByTestId("mark").waitFor({ state: "visible" });
      await visit(page, "zh more menu");
      await page.getByTestId("mark").click();
      await page.waitForFunction((s) => window.__custfileHost.markAt(s, "E4") !== null, SHEET);
      await idle(page);
      expect(await focused(page)).toBe("more");
      for (const e of EXPECTED) expect(await page.evaluate(([s, a]) => window.__custfileHost.markAt(s, a), [e.sheet, e.address] as const)).not.toBeNull();
      expect(await page.evaluate((s) => window.__custfileHost.markAt(s, "B2"), SHEET)).toBeNull();
      await fromMore(page, "clear-marks");
      await page.waitForFunction((s) => window.__custfileHost.markAt(s, "E4") === null, SHEET);
      for (const e of EXPECTED) expect(await page.evaluate(([s, a]) => window.__custfileHost.markAt(s, a), [e.sheet, e.address] as const)).toBeNull();
      await idle(page);

      // A click on a finding selects its cell in the host.
      await page.locator('[data-testid="finding"][data-code="phone"]').click();
      await page.waitForFunction(() => window.__custfileHost.selection()?.address === "E4");
      expect(await page.evaluate(() => window.__custfileHost.selection())).toEqual({ sheet: SHEET, address: "E4" });

      // The keyboard: the list is one Tab stop; arrows move, Enter selects, Left/Right fold a group.
      await page.getByTestId("code-filter").focus();
      await page.keyboard.press("Tab");
      expect(await focused(page)).toBe("findings");
      await page.keyboard.press("Home");
      expect(await currentRow(page)).toMatchObject({ testid: "finding-group", role: "treeitem", severity: "error", level: "1", setsize: "2", posinset: "1", expanded: "true", selected: "true" });
      await page.keyboard.press("ArrowDown");
      const first = await currentRow(page);
      expect(first).toMatchObject({ testid: "finding", role: "treeitem", level: "2", setsize: "4", posinset: "1" });
      await page.keyboard.press("Enter");
      await page.waitForFunction((a) => window.__custfileHost.selection()?.address === a, first.address);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      const third = await currentRow(page);
      expect(third).toMatchObject({ testid: "finding", posinset: "3" });
      await page.keyboard.press("Enter");
      await page.waitForFunction((a) => window.__custfileHost.selection()?.address === a, third.address);
      await page.keyboard.press("End");
      expect(await currentRow(page)).toMatchObject({ testid: "finding", severity: "warning", code: "enum", address: "H5", setsize: "1", posinset: "1" });
      // PageUp / PageDown move by a screenful of rows (at least more than one here).
      const activeIndex = () => page.getByTestId("findings").getAttribute("data-active-index").then(Number);
      expect(await activeIndex()).toBe(6);
      await page.keyboard.press("PageUp");
      const up = await activeIndex();
      expect(up).toBeLessThan(5);
      await page.keyboard.press("PageDown");
      expect(await activeIndex()).toBe(6);
      await page.keyboard.press("Home");
      expect(await currentRow(page)).toMatchObject({ testid: "finding-group", severity: "error" });
      await page.keyboard.press("ArrowLeft");
      expect(await currentRow(page)).toMatchObject({ testid: "finding-group", severity: "error", expanded: "false" });
      expect(await page.locator('[data-testid="finding"][data-severity="error"]').count()).toBe(0);
      await visit(page, "zh results, errors folded");
      await page.keyboard.press("ArrowRight");
      expect(await currentRow(page)).toMatchObject({ testid: "finding-group", severity: "error", expanded: "true" });
      await page.keyboard.press("ArrowRight");
      expect(await currentRow(page)).toMatchObject({ testid: "finding", severity: "error", posinset: "1" });
      // One Tab leaves the list, whatever its length.
      let tabs = 0;
      do {
        await page.keyboard.press("Tab");
        tabs++;
      } while ((await focused(page)) === "findings" && tabs < 50);
      expect(tabs).toBe(1);
      MEASURED.tabPressesToLeaveFindings = tabs;

      // Fix all, step 1: the preview lists each cell with before → after, all chosen.
      await page.getByTestId("fix-all").click();
      await page.getByTestId("fix-preview").waitFor({ state: "visible" });
      const previewed = await page.getByTestId("preview-cell").evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.address, e.getAttribute("aria-selected"), (e.textContent ?? "").replace(/\s+/g, " ")]));
      expect(previewed.map(([a, sel]) => [a, sel])).toEqual([["J3", "true"], ["H5", "true"]]);
      expect(previewed[0][2]).toContain("2024/3/5 → 2024-03-05");
      expect(previewed[1][2]).toContain("A → A类");
      expect(await page.getByTestId("preview-warning").innerText()).toMatch(/撤消[\s\S]*变更记录/);
      expect(await page.getByTestId("operator").inputValue()).toBe("");
      await visit(page, "zh preview", { file: "taskpane-preview.png", docs: true });
      // Without a name, nothing is written.
      await page.getByTestId("preview-confirm").click();
      await page.getByText("请先填写操作人。").waitFor({ state: "visible" });
      expect(await loggedRows(page)).toBe(0);
      await page.getByTestId("operator").fill("测试员");
      // Untick H5 with the keyboard (the list is one Tab stop; Space ticks).
      await page.getByTestId("preview-list").focus();
      await page.keyboard.press("End");
      expect(await currentRow(page, "preview-list")).toMatchObject({ address: "H5", selected: "true", role: "option" });
      await page.keyboard.press(" ");
      expect(await currentRow(page, "preview-list")).toMatchObject({ address: "H5", selected: "false" });
      expect(await page.getByTestId("preview-confirm").innerText()).toBe("写入 1 个修正");
      // Step 2: confirm, then the write.
      await page.getByTestId("preview-confirm").click();
      await page.waitForFunction(() => window.__custfileHost.tableRows("ChangeLog").filter((r) => r.some((v) => v !== null && v !== "")).length >= 1);
      await page.evaluate(() => window.__custfileHost.settle());
      await idle(page);
      // Focus is back on Fix all.
      expect(await focused(page)).toBe("fix-all");
      const cell = (address: string) => page.evaluate(([s, a]) => window.__custfileHost.valueAt(s, a), [SHEET, address] as const);
      expect(dayText(await cell("J3"))).toBe("2024-03-05");
      expect(await cell("H5")).toBe("A");
      await page.getByTestId("changed-cell").first().waitFor({ state: "visible" });
      await visit(page, "zh fixed", { file: "taskpane-fixed.png", docs: true });
      // The changed list: Enter selects its cell.
      await page.getByTestId("changed").focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => window.__custfileHost.selection()?.address === "J3");

      // Fix all again: only H5 is left, and the 操作人 is remembered.
      await page.getByTestId("fix-all").click();
      await page.getByTestId("fix-preview").waitFor({ state: "visible" });
      expect(await page.getByTestId("preview-cell").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.address))).toEqual(["H5"]);
      expect(await page.getByTestId("operator").inputValue()).toBe("测试员");
      await page.getByTestId("preview-confirm").click();
      await page.waitForFunction(() => window.__custfileHost.tableRows("ChangeLog").filter((r) => r.some((v) => v !== null && v !== "")).length >= 2);
      await page.evaluate(() => window.__custfileHost.settle());
      await idle(page);
      expect(await cell("H5")).toBe("A类");
      // What cannot be fixed safely stays as the user typed it.
      expect(await cell("E4")).toBe("1395678");
      expect(await cell("I6")).toBe("北京市海底区中关村大街1号");
      expect(await cell("A7")).toBe("C20240305005");

      const log = byHeader(CHANGELOG_HEADERS, await page.evaluate(() => window.__custfileHost.tableRows("ChangeLog")));
      expect(log.map((r) => ({ customerId: r["客户编号"], field: r["字段"], before: r["变更前"], after: dayText(r["变更后"]), reason: r["原因"], user: r["操作人"] }))).toEqual([
        { customerId: "C20240305002", field: "开户日期", before: "2024/3/5", after: "2024-03-05", reason: "修正", user: "测试员" },
        { customerId: "C20240305004", field: "客户等级", before: "A", after: "A类", reason: "修正", user: "测试员" },
      ]);
      for (const r of log) expect(String(r["时间"] ?? "")).not.toBe("");
      // Each row carries its 校验, chained from the first (SPEC §10.5c).
      expect(log.map((r) => String(r["校验"] ?? "").split(":")[0])).toEqual(["1", "2"]);
      // … and the findings left cannot be fixed safely.
      await page.getByTestId("tab-findings").click();
      await page.getByTestId("finding").first().waitFor({ state: "visible" });
      expect((await allFindings(page)).map((f) => f.address).sort()).toEqual(["A7", "E4", "I6"]);
      expect(await page.getByTestId("fix-all").getAttribute("aria-disabled")).toBe("true");

      expect(await page.evaluate(() => window.__custfileHost.errors)).toEqual([]);
    });
  }, 240_000);

  it("10,000 findings (the issue's bound): the list stays virtualized (few rows in the DOM) and scrolls to the last one", async () => {
    const rows: Cell[][] = [HEADERS];
    for (let k = 0; k < BIG; k++) {
      const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(k / 900) * 86400_000);
      const id = `C${day.toISOString().slice(0, 10).replace(/-/g, "")}${String((k % 900) + 1).padStart(3, "0")}`;
      // Each row's 开户日期 typed with slashes: one fixable date finding per row, in column J.
      rows.push(customer(id, `客户${k + 1}号有限公司`, { 开户日期: `${day.getUTCFullYear()}/${day.getUTCMonth() + 1}/${day.getUTCDate()}` }));
    }
    await withPane({ office: "host", host: { ...HOST, sheets: [{ name: SHEET, rows, tableName: "Customers" }] } }, async (pane, page) => {
      await page.getByTestId("check").waitFor({ state: "visible" });
      await idle(page);
      await page.getByTestId("check").click();
      await page.getByTestId("finding").first().waitFor({ state: "visible" });
      await idle(page);
      expect(await countsByCode(page)).toEqual({ date: BIG });
      const inDom = await page.getByTestId("finding").count();
      expect(inDom).toBeGreaterThan(0);
      expect(inDom).toBeLessThan(200);
      const last = `J${BIG + 1}`;
      // End on the keyboard reaches the last one (and keeps it rendered).
      await page.getByTestId("findings").focus();
      await page.keyboard.press("End");
      expect(await currentRow(page)).toMatchObject({ address: last, setsize: String(BIG), posinset: String(BIG) });
      await page.locator(`[data-testid="finding"][data-address="${last}"]`).click();
      await page.waitForFunction((a) => window.__custfileHost.selection()?.address === a, last);
      expect(await page.getByTestId("finding").count()).toBeLessThan(200);
    });
  }, 180_000);

  it("20,000 customers: the pane's own work never keeps a frame away more than 100 ms during Check and Fix all (the host's time excluded), with real progress and a Cancel", async () => {
    const demo = { customers: 20_000, interactionsPerCustomer: 2, archivePerCustomer: 1, paymentsPerCustomer: 3, seed: 7 };
    await withPane({ office: "host", host: { displayLanguage: "zh-CN", userName: "测试用户", demo }, viewport: NARROW }, async (pane, page) => {
      await page.getByTestId("check").waitFor({ state: "visible" });
      await idle(page);
      // The change tracker of the shared runtime has read its baseline before we measure.
      await page.waitForFunction(() => window.__custfileHost.tableListeners("Customers") > 0);

      // Check, measured.
      await startFrames(browser, page);
      await page.getByTestId("check").click();
      await page.getByTestId("finding").first().waitFor({ state: "visible", timeout: 300_000 });
      await idle(page);
      const check = await stopFrames(browser, page);
      MEASURED.check20000 = check;
      expect(check.statuses.some((t) => /^正在检查 客户信息：[\d,]+ \/ 20,000 行$/.test(t))).toBe(true);
      expect(check.statuses.some((t) => /^正在检查 客户动态：[\d,]+ \/ 40,000 行$/.test(t))).toBe(true);
      // The page kept painting while the check ran (the progress bar moved).
      expect(check.frames).toBeGreaterThan(10);
      expect(check.longestOwnMs).toBeLessThanOrEqual(100);
      expect(await page.getByTestId("status").innerText()).toMatch(/^已检查 20,000 户客户：/);
      await screenshot(page, "taskpane-big.png", false);

      // Cancel: a second check stopped halfway leaves the first one's results.
      const before = await page.getByTestId("status").innerText();
      await page.getByTestId("check").click();
      await page.waitForFunction(() => /正在(准备|检查)/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ""));
      await screenshot(page, "taskpane-progress.png", true);
      await page.getByTestId("cancel").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === "已取消，工作簿没有改动。");
      await idle(page);
      expect(await focused(page)).toBe("check");
      expect(await page.getByTestId("finding").count()).toBeGreaterThan(0);
      expect(before).toMatch(/^已检查/);

      // Fix all (preview, then the write), measured.
      await startFrames(browser, page);
      await page.getByTestId("fix-all").click();
      await page.getByTestId("fix-preview").waitFor({ state: "visible", timeout: 300_000 });
      const fixes = await page.evaluate(() => document.querySelector('[data-testid="preview-confirm"]')?.textContent ?? "");
      await page.getByTestId("operator").fill("测试员");
      await page.getByTestId("preview-confirm").click();
      await page.getByTestId("changed-cell").first().waitFor({ state: "visible", timeout: 300_000 });
      await idle(page);
      const fix = await stopFrames(browser, page);
      MEASURED.fix20000 = { ...fix, confirm: fixes };
      expect(fix.statuses.some((t) => /^正在写入 [\d,]+ 个单元格/.test(t))).toBe(true);
      expect(fix.longestOwnMs).toBeLessThanOrEqual(100);
      await page.evaluate(() => window.__custfileHost.settle());
      const n = Number(/写入 ([\d,]+) 个修正/.exec(fixes)?.[1].replace(/,/g, ""));
      expect(n).toBeGreaterThan(0);
      expect(await page.evaluate(() => window.__custfileHost.tableRows("ChangeLog").filter((r) => r[6] === "修正").length)).toBe(n);
    });
  }, 600_000);

  it("hand edits while the pane is open are logged by the shared runtime's change tracker; a changed id shows in the pane and is restored", async () => {
    await withPane({ office: "host", host: HOST, viewport: NARROW }, async (pane, page) => {
      await page.getByTestId("check").waitFor({ state: "visible" });
      await page.waitForFunction(() => window.__custfileHost.tableListeners("Customers") > 0);
      const log = async () => byHeader(CHANGELOG_HEADERS, await page.evaluate(() => window.__custfileHost.tableRows("ChangeLog")))
        .map((r) => ({ customerId: r["客户编号"], field: r["字段"], before: r["变更前"], after: r["变更后"], reason: r["原因"] }));

      // The user corrects the masked phone by hand: logged with its old value.
      await page.evaluate(([s]) => window.__custfileHost.userEdit(s, "E4", [["13956781235"]]), [SHEET] as const);
      await page.waitForFunction(() => window.__custfileHost.tableRows("ChangeLog").filter((r) => r.some((v) => v !== null && v !== "")).length >= 1);
      expect(await log()).toEqual([{ customerId: "C20240305003", field: "联系方式", before: "1395678", after: "13956781235", reason: "编辑" }]);

      // The user overtypes a customer id: the pane warns and restores it on request.
      await page.evaluate(([s]) => window.__custfileHost.userEdit(s, "A2", [["C20240115009"]]), [SHEET] as const);
      await page.getByTestId("id-change-notice").waitFor({ state: "visible" });
      await visit(page, "zh id changed", { file: "taskpane-id-change.png" });
      await selectTab(page, "tab-ids");
      await page.locator('[data-testid="id-change"][data-row="2"]').waitFor({ state: "visible" });
      await visit(page, "zh ids tab", { file: "taskpane-ids.png" });
      await page.locator('[data-testid="id-change"][data-row="2"] [data-testid="restore-id"]').click();
      await page.waitForFunction((s) => window.__custfileHost.valueAt(s, "A2") === "C20240115001", SHEET);
      await page.getByTestId("id-change").first().waitFor({ state: "detached" });
      const rows = await log();
      expect(rows[0]).toEqual({ customerId: "C20240305003", field: "联系方式", before: "1395678", after: "13956781235", reason: "编辑" });
      expect(rows.slice(1).map((r) => [r.field, r.before, r.after])).toEqual([
        ["客户编号", "C20240115001", "C20240115009"],
        ["客户编号", "C20240115009", "C20240115001"],
      ]);
      expect(rows[2].reason).toBe("恢复");
      expect(await page.getByTestId("status").innerText()).toBe("已恢复第 2 行的客户编号，并记入变更记录。");
    });
  }, 180_000);

  it("every tab at 320 px, in zh-CN and en-US: no sideways scroll, no serious axe violation, and en-US shows no Chinese outside data values", async () => {
    for (const lang of ["zh-CN", "en-US"] as const) {
      const en = lang === "en-US";
      await withPane({ office: "host", locale: lang, host: { ...HOST, displayLanguage: lang }, viewport: NARROW }, async (pane, page) => {
        await page.getByTestId("check").waitFor({ state: "visible" });
        await idle(page);
        await page.waitForFunction(() => window.__custfileHost.tableListeners("Customers") > 0);
        await visit(page, `${lang} start`);
        await page.getByTestId("check").click();
        await page.getByTestId("finding").first().waitFor({ state: "visible" });
        await idle(page);
        await visit(page, `${lang} findings`, { file: en ? "taskpane-results-en.png" : undefined, docs: en });
        await page.getByTestId("code-filter").selectOption("phone");
        await visit(page, `${lang} findings filtered`);
        await page.getByTestId("code-filter").selectOption("");

        await selectTab(page, "tab-fix");
        await page.getByTestId("fix-code").first().waitFor({ state: "visible" });
        await visit(page, `${lang} fix tab`);
        await page.getByTestId("fix-code").first().click();
        await page.getByTestId("fix-preview").waitFor({ state: "visible" });
        await visit(page, `${lang} preview`, { file: en ? "taskpane-preview-en.png" : undefined, docs: en });
        // Cancel: nothing written, focus back on the button that opened it.
        await page.getByTestId("preview-cancel").click();
        await page.getByTestId("fix-preview").waitFor({ state: "detached" });
        await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.testid === "fix-code");
        expect(await loggedRows(page)).toBe(0);
        await page.getByTestId("fix-all").click();
        await page.getByTestId("fix-preview").waitFor({ state: "visible" });
        await page.getByTestId("operator").fill(en ? "Test User" : "测试员");
        await page.getByTestId("preview-confirm").click();
        await page.getByTestId("changed-cell").first().waitFor({ state: "visible" });
        await idle(page);
        await visit(page, `${lang} fixed`, { file: en ? "taskpane-fixed-en.png" : undefined });

        // A changed id adds a count to the 客户编号 tab: the tabs must still fit (or overflow into a menu).
        await page.evaluate(([s]) => window.__custfileHost.userEdit(s, "A2", [["C20240115009"]]), [SHEET] as const);
        await page.getByTestId("id-change-notice").waitFor({ state: "visible" });
        await visit(page, `${lang} id notice`);

        await selectTab(page, "tab-audit");
        await page.getByTestId("audit-none").waitFor({ state: "visible" });
        await idle(page);
        await visit(page, `${lang} audit tab`);
        await page.getByTestId("audit-draw").click();
        await page.getByTestId("audit-record").waitFor({ state: "visible" });
        await idle(page);
        expect(await page.getByTestId("status").innerText()).toMatch(en ? /^\d{4}Q\d audit: 1 of \d customers drawn \(audit rate 15%/ : /^\d{4}Q\d 抽查：从 \d 户中抽取 1 户（抽查比例 15%/);
        await visit(page, `${lang} audit drawn`, { file: en ? "taskpane-audit-en.png" : "taskpane-audit.png", docs: true });
        await clickAction(page, "audit", "audit-verify");
        await page.waitForFunction((ok) => document.querySelector('[data-testid="status"]')?.textContent?.startsWith(ok), en ? "Verified" : "验证通过");
        await idle(page);
        await clickAction(page, "audit", "audit-draw-again");
        await page.getByTestId("audit-confirm").waitFor({ state: "visible" });
        await visit(page, `${lang} audit confirm`);
        await page.getByTestId("audit-cancel").click();
        await page.getByTestId("audit-confirm").waitFor({ state: "detached" });
        // Focus goes back to the pane (the action, or the menu button it was in), not to the page.
        await page.waitForFunction(() => document.activeElement !== null && document.activeElement !== document.body);

        await selectTab(page, "tab-ids");
        await page.getByTestId("id-change").first().waitFor({ state: "visible" });
        await visit(page, `${lang} ids tab`, { file: en ? "taskpane-ids-en.png" : undefined });
        expect(await page.getByTestId("tracking").innerText()).toBe(en ? "Change log: recording hand edits to the key fields of customers." : "变更记录：正在记录对客户信息关键字段的手工修改。");
      });
    }
  }, 400_000);

  it("the 分析 tab at 320 px in zh-CN and en-US: ABC, province, industry and grade as charts with their numbers as text, keyboard only; 生成分析表 writes the sheet with native Excel charts and asks before replacing it", async () => {
    const asOf = "2026-09-30";
    const demo: DemoOptions = { customers: 300, seed: 13, asOf };
    // What the engine makes of the same workbook in node (the pane reads it back from Excel first).
    const expected = computeAnalysis(generateDemo(demo).sheets, { asOf });
    if (expected.kind !== "report") throw new Error(`the demo workbook is analysed, not refused: ${expected.reason}`);
    const { report, sheet } = expected;
    const byKey = (by: string) => report.breakdowns.find((b) => b.by === by)!;
    for (const lang of ["zh-CN", "en-US"] as const) {
      const en = lang === "en-US";
      await withPane({ office: "host", locale: lang, host: { displayLanguage: lang, demo }, viewport: NARROW }, async (pane, page) => {
        await page.getByTestId("check").waitFor({ state: "visible" });
        await idle(page);
        await selectTab(page, "tab-analysis");
        // Opening the tab analyses as of today; then as of the demo's day, typed, with the keyboard alone.
        await page.getByTestId("analysis-summary").waitFor({ state: "visible" });
        await idle(page);
        await page.getByTestId("analysis-asof").fill(asOf);
        const stops: string[] = [];
        await page.getByTestId("tab-analysis").focus();
        for (let i = 0; i < 6 && !stops.includes("analysis-asof"); i++) {
          await page.keyboard.press("Tab");
          stops.push(await focused(page));
        }
        expect(stops).toEqual(expect.arrayContaining(["analysis-run", "analysis-write", "analysis-asof"]));
        await page.keyboard.press("Shift+Tab");
        while ((await focused(page)) !== "analysis-run") await page.keyboard.press("Shift+Tab");
        await page.keyboard.press("Enter");
        await page.waitForFunction((s) => document.querySelector('[data-testid="status"]')?.textContent === s, en ? `Analysed ${report.customers.toLocaleString("en-US")} customers as of ${asOf}.` : `已分析 ${report.customers.toLocaleString("en-US")} 户客户（截至 ${asOf}）。`);
        await idle(page);
        expect(await focused(page)).toBe("analysis-run");
        expect(await page.getByTestId("analysis-summary").innerText()).toContain(en ? `As of ${asOf}: ${report.customers.toLocaleString("en-US")} customers` : `截至 ${asOf}：客户 ${report.customers.toLocaleString("en-US")} 户`);

        // Each charted breakdown: a drawn chart (an SVG with a mark per key with sales, at most 8 bars) and every key as text.
        for (const [by, kind] of [["abc", "donut"], ["province", "bars"], ["industry", "bars"], ["grade", "donut"]] as const) {
          const b = byKey(by);
          const sold = b.rows.filter((r) => r.sales > 0).length;
          const chart = page.getByTestId(`analysis-chart-${by}`);
          expect(await chart.getAttribute("data-chart")).toBe(kind);
          expect(await chart.locator("svg").count()).toBeGreaterThan(0);
          expect(await chart.locator('[role="option"]').count()).toBe(kind === "donut" ? sold : Math.min(8, sold));
          const keys = await page.getByTestId(`analysis-table-${by}`).locator('[data-testid="analysis-row"]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key));
          expect(keys).toEqual(b.rows.map((r) => r.key));
        }
        const abcRows = await page.getByTestId("analysis-table-abc").locator('[data-testid="analysis-row"]').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => (c.textContent ?? "").trim())));
        expect(abcRows.map((r) => r[1])).toEqual(byKey("abc").rows.map((r) => r.count.toLocaleString("en-US")));
        expect(abcRows[0][2]).toMatch(new RegExp(`^${(byKey("abc").salesPermille[0] / 10).toFixed(1)}% `));
        // Nothing is written by looking.
        expect(await page.evaluate(() => window.__custfileHost.sheetNames())).not.toContain(sheet.name);
        await page.evaluate(() => window.scrollTo(0, 0));
        await visit(page, `${lang} analysis`, { file: en ? "taskpane-analysis-en.png" : "taskpane-analysis.png", docs: true });
        await page.getByTestId("analysis-chart-province").scrollIntoViewIfNeeded();
        await visit(page, `${lang} analysis charts`, { file: en ? "taskpane-analysis-charts-en.png" : "taskpane-analysis-charts.png", docs: false });

        // 生成分析表: the command line's sheet, its tables and four native charts beside them.
        await clickAction(page, "analysis", "analysis-write");
        const layout = layoutSheet(sheet);
        const wrote = en ? `Wrote ${sheet.name}: ${sheet.tables.length} tables, ${layout.charts.length} Excel charts.` : `已写入“${sheet.name}”：${sheet.tables.length} 张表、${layout.charts.length} 个 Excel 图表。`;
        await page.waitForFunction((s) => document.querySelector('[data-testid="status"]')?.textContent === s, wrote);
        await idle(page);
        expect(await page.evaluate(() => window.__custfileHost.sheetNames())).toContain(sheet.name);
        const charts = await page.evaluate((name) => window.__custfileHost.charts(name), sheet.name);
        expect(charts.map((c) => c.type)).toEqual(["Pie", "BarClustered", "BarClustered", "Doughnut"]);
        expect(charts.every((c) => c.position !== null && c.categories.startsWith(`'${sheet.name}'!`))).toBe(true);
        for (const t of sheet.tables) expect(await page.evaluate((n) => window.__custfileHost.tableRows(n).length, t.name)).toBe(t.rows.length);
        expect(await page.evaluate((name) => window.__custfileHost.valueAt(name, "A1"), sheet.name)).toBe(sheet.lines![0]);

        // Again: the sheet of that day is there, so the pane asks; Escape keeps it, focus goes back.
        await clickAction(page, "analysis", "analysis-write");
        await page.getByTestId("analysis-confirm").waitFor({ state: "visible" });
        await visit(page, `${lang} analysis replace?`);
        await page.keyboard.press("Escape");
        await page.getByTestId("analysis-confirm").waitFor({ state: "detached" });
        await page.waitForFunction(() => document.activeElement?.closest("[data-testid]")?.getAttribute("data-testid") === "analysis-write");
        await clickAction(page, "analysis", "analysis-write");
        await page.getByTestId("analysis-confirm").click();
        await page.waitForFunction((s) => document.querySelector('[data-testid="status"]')?.textContent?.startsWith(s), en ? `Replaced ${sheet.name}` : `已替换“${sheet.name}”`);
        await idle(page);
        expect((await page.evaluate(() => window.__custfileHost.sheetNames())).filter((n) => n === sheet.name)).toHaveLength(1);
        expect(await page.evaluate((name) => window.__custfileHost.charts(name).length, sheet.name)).toBe(4);
      });
    }
  }, 400_000);

  it("Set up on an empty workbook adds the template's sheets and tables; with Office in en-US the pane speaks English", async () => {
    await withPane({ office: "host", locale: "en-US", host: { displayLanguage: "en-US", sheets: [{ name: "Sheet1", rows: [] }] }, viewport: NARROW }, async (pane, page) => {
      await page.getByTestId("check").waitFor({ state: "visible" });
      await idle(page);
      // A check of an empty workbook says what is missing …
      await page.getByTestId("check").click();
      await page.getByTestId("finding").first().waitFor({ state: "visible" });
      await idle(page);
      await visit(page, "en-US empty workbook checked");
      expect(await page.locator('[data-testid="finding"][data-code="missing-table"]').getAttribute("data-actionable")).toBe("false");
      await fromMore(page, "setup");
      await page.waitForFunction(() => window.__custfileHost.tableHeaders("ChangeLog").length > 0);
      await idle(page);
      const sheets = await page.evaluate(() => window.__custfileHost.sheetNames());
      for (const t of TABLES) expect(sheets).toContain(t.sheet);
      const headers = await page.evaluate(() => window.__custfileHost.tableHeaders("Customers"));
      expect(headers).toEqual(CUSTOMERS.columns.filter((c) => c.inTemplate).map((c) => c.header));
      expect(await page.evaluate(() => window.__custfileHost.tableHeaders("ChangeLog"))).toEqual(CHANGELOG_HEADERS);
      expect(await page.getByTestId("status").innerText()).toMatch(/^Added: Customers \(客户信息\), .*Check again\.$/);
      // … and after set-up that stale result is gone.
      expect(await page.getByTestId("finding").count()).toBe(0);
      await page.getByTestId("not-checked").waitFor({ state: "visible" });
      await visit(page, "en-US after set-up", { file: "taskpane-setup-en.png" });
    });
  }, 180_000);

  it("the 交接 tab at 320 px in zh-CN and en-US: a refusal writes nothing; pick, preview, confirm; ChangeLog rows (原因 交接, 校验), the 交接记录 row and the 交接清单 sheet", async () => {
    const owner = (row: Cell[], name: string) => [...row, name];
    const customers: Cell[][] = [
      [...HEADERS, "负责人"],
      owner(customer("C20240115001", "北京华信科技有限公司"), "张伟"),
      owner(customer("C20240305002", "上海东方贸易有限公司"), "李娜"),
      owner(customer("C20240305003", "杭州西湖电子有限公司"), "张伟"),
      owner(customer("C20240305004", "广州南方物流有限公司"), "张伟"),
    ];
    const staff: Cell[][] = [["姓名", "部门", "状态"], ["张伟", "销售部", "离职"], ["李娜", "销售部", "在职"], ["赵强", "销售部", "离职"], ["陈经理", "销售部", "在职"]];
    // zh-CN: a change log kept before the 校验 column (two rows); en-US: the template's.
    const oldLog: Cell[][] = [CHANGELOG_HEADERS.slice(0, 8), ["2026-10-01 09:00:00", "Customers", "C20240305002", "联系人", "王经理", "王经理、李经理", "编辑", "王芳"], ["2026-10-02 09:00:00", "Customers", "C20240305003", "联系方式", "13900000000", "13956781234", "编辑", "王芳"]];
    for (const lang of ["zh-CN", "en-US"] as const) {
      const en = lang === "en-US";
      const host: HostConfig = {
        displayLanguage: lang,
        sheets: [
          { name: SHEET, rows: customers, tableName: "Customers" },
          { name: "人员", rows: staff, tableName: "Staff" },
          { name: CHANGELOG.sheet, rows: en ? [CHANGELOG_HEADERS] : oldLog, tableName: "ChangeLog" },
        ],
        activeSheet: SHEET,
      };
      await withPane({ office: "host", locale: lang, host, viewport: NARROW }, async (pane, page) => {
        await page.getByTestId("check").waitFor({ state: "visible" });
        await idle(page);
        await page.waitForFunction(() => window.__custfileHost.tableListeners("Customers") > 0);
        await selectTab(page, "tab-handover");
        await page.waitForFunction((t) => document.querySelector('[data-testid="status"]')?.textContent === t, en ? "4 names to pick from." : "名单中有 4 人。");
        await idle(page);
        await visit(page, `${lang} handover tab`);
        const sheets = await page.evaluate(() => window.__custfileHost.sheetNames());
        const logged = async () => byHeader(await page.evaluate(() => window.__custfileHost.tableHeaders("ChangeLog")), await page.evaluate(() => window.__custfileHost.tableRows("ChangeLog")))
          .filter((r) => Object.values(r).some((v) => v !== null && v !== ""));
        const before = await logged();

        // A receiver who has left: the core's refusal, in the pane's language; nothing written.
        await page.getByTestId("handover-from").fill("张伟");
        await page.getByTestId("handover-to").fill("赵强");
        await clickAction(page, "handover", "handover-preview");
        await page.getByTestId("handover-problem").waitFor({ state: "visible" });
        await idle(page);
        expect(await page.getByTestId("handover-problem").innerText()).toMatch(en ? /"赵强" has left the company/ : /接收人「赵强」已离职/);
        await visit(page, `${lang} handover refused`, { file: `taskpane-handover-refused-${lang}.png`, docs: false });
        expect(await logged()).toEqual(before);
        expect(await page.evaluate(() => window.__custfileHost.sheetNames())).toEqual(sheets);

        // Pick the receiver from the list (a leaver is marked there).
        await page.getByTestId("handover-to").fill("");
        await page.getByTestId("handover-to").click();
        await page.locator('[data-testid="handover-to-option"][data-name="李娜"]').waitFor({ state: "visible" });
        expect(await page.locator('[data-testid="handover-to-option"][data-name="赵强"]').innerText()).toBe(en ? "赵强 (left)" : "赵强（离职）");
        await visit(page, `${lang} handover picker`, { file: `taskpane-handover-picker-${lang}.png`, docs: false });
        await page.locator('[data-testid="handover-to-option"][data-name="李娜"]').click();
        expect(await page.getByTestId("handover-to").inputValue()).toBe("李娜");
        await page.getByTestId("handover-supervisor").fill("陈经理");

        // The preview: 张伟's three customers, all ticked; untick the last with the keyboard.
        await clickAction(page, "handover", "handover-preview");
        await page.getByTestId("handover-customer").first().waitFor({ state: "visible" });
        await idle(page);
        expect(await page.getByTestId("handover-customer").evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.id, e.getAttribute("aria-selected")]))).toEqual([["C20240115001", "true"], ["C20240305003", "true"], ["C20240305004", "true"]]);
        await visit(page, `${lang} handover preview`, { file: en ? "taskpane-handover-en.png" : "taskpane-handover.png", docs: true });
        await page.getByTestId("handover-list").focus();
        await page.keyboard.press("End");
        await page.keyboard.press(" ");
        expect(await currentRow(page, "handover-list")).toMatchObject({ selected: "false" });

        // Confirm, with the 操作人; only then the write.
        await clickAction(page, "handover", "handover-go");
        await page.getByTestId("handover-confirm").waitFor({ state: "visible" });
        await visit(page, `${lang} handover confirm`, { file: `taskpane-handover-confirm-${lang}.png`, docs: false });
        expect(await logged()).toEqual(before);
        await page.getByTestId("handover-operator").fill(en ? "Test User" : "测试员");
        await page.getByTestId("handover-write").click();
        await page.getByTestId("handover-done").waitFor({ state: "visible" });
        await page.evaluate(() => window.__custfileHost.settle());
        await idle(page);

        const rows = await logged();
        const moved = rows.slice(before.length);
        expect(moved.map((r) => [r["客户编号"], r["字段"], r["变更前"], r["变更后"], r["原因"], r["操作人"]])).toEqual([
          ["C20240115001", "负责人", "张伟", "李娜", "交接", en ? "Test User" : "测试员"],
          ["C20240305003", "负责人", "张伟", "李娜", "交接", en ? "Test User" : "测试员"],
        ]);
        // Each new row carries its 校验, the chain starting at the first row custfile writes.
        expect(moved.map((r) => String(r["校验"] ?? "").split(":")[0])).toEqual(["1", "2"]);
        const owners = await page.evaluate(() => window.__custfileHost.tableRows("Customers").map((r) => r[r.length - 1]));
        expect(owners).toEqual(["李娜", "李娜", "李娜", "张伟"]);
        const handovers = byHeader(await page.evaluate(() => window.__custfileHost.tableHeaders("Handovers")), await page.evaluate(() => window.__custfileHost.tableRows("Handovers")));
        expect(handovers.map((r) => [r["移交人"], r["接收人"], r["监交人"], r["客户数"], r["客户编号"]])).toEqual([["张伟", "李娜", "陈经理", 2, "C20240115001、C20240305003"]]);
        const list = (await page.evaluate(() => window.__custfileHost.sheetNames())).filter((n) => !sheets.includes(n));
        expect(list).toHaveLength(2);
        expect(list).toContain(HANDOVERS.sheet);
        expect(list.find((n) => n !== HANDOVERS.sheet)).toMatch(/^交接清单 \d{4}-\d{2}-\d{2} 张伟→李娜$/);
        await visit(page, `${lang} handover done`, { file: `taskpane-handover-done-${lang}.png`, docs: false });
        // The older log gained its 校验 column: the pane says so, once.
        if (!en) {
          expect(await page.getByTestId("chain-notice").innerText()).toMatch(/“变更记录”已添加“校验”列：从第 4 行起.*此前的 2 行/);
        } else {
          expect(await page.getByTestId("chain-notice").count()).toBe(0);
        }
      });
    }
  }, 400_000);

  it("opened without office.js (it fails to load), the page says Office is absent, and nothing else", async () => {
    // The only error is office.js failing to load.
    await withPane({ office: "abort", viewport: NARROW }, async (pane, page) => {
      const notice = page.getByTestId("no-office");
      await notice.waitFor({ state: "visible" });
      expect((await notice.innerText()).trim()).toMatch(/档案校验/);
      expect(await page.locator("button, [role=tab], [role=tree]").count()).toBe(0);
      expect(pane.requests).toContain(OFFICE_JS);
      await visit(page, "zh no office", { file: "taskpane-no-office.png", docs: true });
    }, /ERR_INTERNET_DISCONNECTED/);
  }, 180_000);
});

/* ------------------------------ the 信用 tab (issue 12) ------------------------------ */

/** The month of a day n days before today (Asia/Shanghai), YYYY-MM. */
const monthAgo = (n: number) => daysAgo(n).slice(0, 7);
/** The month before this one, YYYY-MM. */
function previousMonth(): string {
  const [y, m] = daysAgo(0).split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

const CREDIT_HEADERS = [...HEADERS, "负责人", "信用额度"];
const PAY_HEADERS = ["客户编号", "单据号", "开票日期", "到期日", "账期天数", "金额", "付款日期", "付款金额"];
/** Three invoices of 12,000 on 30 days' terms, paid `late` days after their due dates (issued 210, 175 and 140 days ago: three calendar months, so a suggested limit of 12,000 for A类). */
function paidInvoices(id: string, late: number): Cell[][] {
  return [210, 175, 140].map((ago, k) => [id, `${id}-${k + 1}`, daysAgo(ago), daysAgo(ago - 30), 30, 12_000, daysAgo(ago - 30 - late), 12_000]);
}
const ON_TIME = "C20240115001"; // recorded A类 / 100,000; pays on time: A类, suggested 12,000 → limit above suggested
const LATE = "C20240305002"; // recorded A类 / 20,000; 50,000 open 100 days past due: C类 → over limit, grade drift, limit above suggested
const UNDERRATED = "C20240305003"; // recorded C类 / 5,000; pays on time: A类 → grade drift (the row the test approves)
const CREDIT_HOST = (lang: "zh-CN" | "en-US"): HostConfig => ({
  displayLanguage: lang,
  userName: "测试用户",
  sheets: [
    {
      name: SHEET, tableName: "Customers", rows: [
        CREDIT_HEADERS,
        [...customer(ON_TIME, "北京华信科技有限公司"), "王芳", 100_000],
        [...customer(LATE, "上海东方贸易有限公司"), "李娜", 20_000],
        [...customer(UNDERRATED, "杭州西湖电子有限公司", { 客户等级: "C类" }), "王芳", 5_000],
      ],
    },
    {
      name: "回款记录", tableName: "Payments", rows: [
        PAY_HEADERS, ...paidInvoices(ON_TIME, 0), ...paidInvoices(LATE, 10), ...paidInvoices(UNDERRATED, 0),
        [LATE, `${LATE}-X`, daysAgo(130), daysAgo(100), 30, 50_000, null, null],
      ],
    },
    { name: CHANGELOG.sheet, rows: [CHANGELOG_HEADERS], tableName: "ChangeLog", protect: true },
    {
      // Last month as custfile recorded it: everyone A类, nothing open.
      name: "信用月报", tableName: "CreditHistory", protect: true,
      rows: [["月份", "客户编号", "评分", "等级", "DBT", "未收金额", "逾期金额", "信用额度", "建议额度", "长期逾期金额"], ...[ON_TIME, LATE, UNDERRATED].map((id) => [previousMonth(), id, 80, "A类", 0, 0, 0, 20_000, 12_000, 0])],
      numberFormats: [Array(10).fill("@"), ...[0, 1, 2].map(() => ["@", "@", "0", "@", "0.0", "#,##0.00", "#,##0.00", "#,##0.00", "#,##0.00", "#,##0.00"])],
    },
  ],
  activeSheet: SHEET,
});

describe("the 信用 tab in headless Chromium with the test Office host (issue 12)", () => {
  it("flags recorded vs computed under their own heading; the tab charts the credit summary, generates the review sheet, applies one approved row (ChangeLog), records the month (twice: replaced) — in zh-CN and en-US at 320 px", async () => {
    for (const lang of ["zh-CN", "en-US"] as const) {
      const en = lang === "en-US";
      const year = daysAgo(0).slice(0, 4);
      const review = `信用评级调整 ${year}`;
      const report = `信用异常 ${monthAgo(0)}`;
      await withPane({ office: "host", locale: lang, host: CREDIT_HOST(lang), viewport: NARROW }, async (pane, page) => {
        await page.getByTestId("check").waitFor({ state: "visible" });
        await idle(page);
        await page.waitForFunction(() => window.__custfileHost.tableListeners("Customers") > 0);

        // Check: the flags under their own heading, with the count of each; a flag selects its cell.
        await page.getByTestId("check").click();
        await page.getByTestId("credit-group").waitFor({ state: "visible" });
        await idle(page);
        const heading = await page.getByTestId("credit-group").innerText();
        expect(heading).toMatch(en ? /Recorded vs computed \(5\): Over limit 1 · Grade drift 2 · Limit above suggested 2/ : /记录与计算不符（5）：超出信用额度 1 · 等级与计算不符 2 · 额度高于建议 2/);
        const flags = await page.getByTestId("credit-flag").evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.code, (e as HTMLElement).dataset.address]));
        expect(flags).toEqual([["limit-above-suggested", "N2"], ["over-limit", "N3"], ["grade-drift", "H3"], ["limit-above-suggested", "N3"], ["grade-drift", "H4"]]);
        await page.locator('[data-testid="credit-flag"][data-code="over-limit"]').click();
        await page.waitForFunction(() => window.__custfileHost.selection()?.address === "N3");
        await visit(page, `${lang} credit flags`, { file: en ? "taskpane-credit-flags-en.png" : "taskpane-credit-flags.png", docs: true });

        // The 信用 tab: the summary as two charts, the numbers as text too.
        await selectTab(page, "tab-credit");
        await page.getByTestId("credit-grades-chart").locator("svg rect").first().waitFor({ state: "visible" });
        expect(await page.getByTestId("credit-aging-chart").locator("svg rect").count()).toBeGreaterThan(0);
        expect(await page.getByTestId("credit-grades-text").innerText()).toBe(en ? "A 2, B 0, C 1, N 0" : "A类 2 户，B类 0 户，C类 1 户，N 0 户");
        expect(await page.getByTestId("credit-aging-text").innerText()).toMatch(en ? /91–120 days 50,000/ : /91-120天 50,000 元/);
        await visit(page, `${lang} credit tab`, { file: en ? "taskpane-credit-en.png" : "taskpane-credit.png", docs: true });

        // 生成评级调整表 by keyboard alone: the fields follow each other in Tab order; 编制人 typed into the 操作人 field; Enter on the action.
        await page.getByTestId("credit-year").focus();
        await page.keyboard.press("Tab");
        expect(await focused(page)).toBe("credit-month-input");
        // (Chromium's month field takes a Tab per part: year, month.)
        for (let i = 0; i < 3 && (await focused(page)) !== "credit-preparer"; i++) await page.keyboard.press("Tab");
        expect(await focused(page)).toBe("credit-preparer");
        await page.keyboard.type(en ? "Zhao Bianzhi" : "赵编制");
        for (let i = 0; i < 8 && (await focused(page)) !== "credit-review"; i++) await page.keyboard.press("Shift+Tab");
        expect(await focused(page)).toBe("credit-review");
        await page.keyboard.press("Enter");
        await page.waitForFunction((name) => window.__custfileHost.sheetNames().includes(name), review);
        await idle(page);
        expect(await page.getByTestId("status").innerText()).toMatch(en ? new RegExp(`^Generated ${review}: 3 customers`) : new RegExp(`^已生成“${review}”：3 户`));
        await visit(page, `${lang} credit review made`);

        // People approve one row in Excel (审批人, 审批结果, 审批日期), as typed in the grid.
        const range = await page.evaluate((n) => window.__custfileHost.tableRange(n), `CreditReview${year}`);
        const headerRow = Number(/^A(\d+):/.exec(range)![1]);
        const body = await page.evaluate((n) => window.__custfileHost.tableRows(n), `CreditReview${year}`);
        const row = headerRow + 1 + body.findIndex((r) => r[0] === UNDERRATED);
        expect(body.find((r) => r[0] === UNDERRATED)!.slice(10, 14)).toEqual(["A类", 12_000, expect.stringContaining("评分"), en ? "Zhao Bianzhi" : "赵编制"]);
        const approval: Cell[][] = [["钱总监", "同意", daysAgo(0)]];
        await page.evaluate(([s, a, v]) => window.__custfileHost.userEdit(s, a, v), [review, `O${row}:Q${row}`, approval] as const);

        // 应用已审批: the Customers cells, their ChangeLog rows first (操作人 = 审批人), the rows listed.
        await clickAction(page, "credit", "credit-apply");
        await page.getByTestId("credit-applied-row").first().waitFor({ state: "visible" });
        await page.evaluate(() => window.__custfileHost.settle());
        await idle(page);
        expect(await page.evaluate(([s]) => [window.__custfileHost.valueAt(s, "H4"), window.__custfileHost.valueAt(s, "N4")], [SHEET] as const)).toEqual(["A类", 12_000]);
        const log = byHeader(CHANGELOG_HEADERS, await page.evaluate(() => window.__custfileHost.tableRows("ChangeLog")));
        expect(log.map((r) => [r["客户编号"], r["字段"], r["变更前"], r["变更后"], r["原因"], r["操作人"]])).toEqual([
          [UNDERRATED, "客户等级", "C类", "A类", `信用评级调整 ${year}`, "钱总监"],
          [UNDERRATED, "信用额度", "5000", "12000", `信用评级调整 ${year}`, "钱总监"],
        ]);
        expect(log.map((r) => String(r["校验"]).split(":")[0])).toEqual(["1", "2"]);
        expect(await page.evaluate((s) => window.__custfileHost.isProtected(s), CHANGELOG.sheet)).toBe(true);
        expect(await page.getByTestId("credit-applied-row").evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.status, (e as HTMLElement).dataset.skip]))).toEqual([["skipped", "not-approved"], ["skipped", "not-approved"], ["applied", ""]]);
        await visit(page, `${lang} credit applied`, { file: en ? "taskpane-credit-applied-en.png" : "taskpane-credit-applied.png", docs: true });
        // Enter on a row selects its cell on the review sheet.
        await page.getByTestId("credit-applied").focus();
        await page.keyboard.press("End");
        await page.keyboard.press("Enter");
        await page.waitForFunction(([s, a]) => window.__custfileHost.selection()?.sheet === s && window.__custfileHost.selection()?.address === a, [review, `P${row}`] as const);
        // Applying twice changes nothing.
        await clickAction(page, "credit", "credit-apply");
        await page.waitForFunction((t) => (document.querySelector('[data-testid="status"]')?.textContent ?? "").startsWith(t), en ? "Nothing to write" : "没有需要写入的行");
        await idle(page);
        expect(await loggedRows(page)).toBe(2);

        // 记录本月并生成异常报告: 信用月报 rows, the report sheet with its two native charts; again: replaced, and the tab says so.
        await clickAction(page, "credit", "credit-month");
        await page.getByTestId("credit-month-result").waitFor({ state: "visible" });
        await idle(page);
        expect(await page.evaluate((n) => window.__custfileHost.charts(n).map((c) => c.type), report)).toEqual(["ColumnClustered", "ColumnClustered"]);
        expect((await page.evaluate(() => window.__custfileHost.tableRows("CreditHistory"))).filter((r) => r[0] === monthAgo(0)).length).toBe(3);
        expect(await page.getByTestId("credit-month-result").innerText()).toMatch(en ? new RegExp(`Against ${previousMonth()}: \\d+ abnormalit`) : new RegExp(`对比 ${previousMonth()}：异常 \\d+ 条`));
        await clickAction(page, "credit", "credit-month");
        await page.waitForFunction((t) => (document.querySelector('[data-testid="credit-month-result"]')?.textContent ?? "").includes(t), en ? "recorded for" : "原已记录 3 行，已由本次记录替换");
        await idle(page);
        expect((await page.evaluate(() => window.__custfileHost.tableRows("CreditHistory"))).filter((r) => r[0] === monthAgo(0)).length).toBe(3);
        expect(await page.evaluate(() => window.__custfileHost.isProtected("信用月报"))).toBe(true);
        await visit(page, `${lang} credit month recorded`, { file: en ? "taskpane-credit-month-en.png" : "taskpane-credit-month.png", docs: true });

        // 生成评级调整表 again: the pane asks first (the approved row would be lost); Cancel writes nothing.
        await clickAction(page, "credit", "credit-review");
        await page.getByTestId("credit-confirm-again").waitFor({ state: "visible" });
        expect(await page.getByTestId("credit-confirm-body").innerText()).toMatch(en ? /1 row already has an approval filled in/ : /其中 1 行已填写审批结果/);
        await visit(page, `${lang} credit confirm`);
        await page.getByTestId("credit-confirm-cancel").click();
        await page.getByTestId("credit-confirm-again").waitFor({ state: "detached" });
        expect((await page.evaluate((n) => window.__custfileHost.tableRows(n), `CreditReview${year}`)).find((r) => r[0] === UNDERRATED)![14]).toBe("钱总监");
        expect(await page.evaluate(() => window.__custfileHost.errors)).toEqual([]);
      });
    }
  }, 400_000);
});

/** Select a tab by its test id, through the tabs' overflow menu when it did not fit. */
async function selectTab(page: Page, testId: string): Promise<void> {
  const tab = page.getByTestId(testId);
  if (await tab.isVisible()) await tab.click();
  else {
    await page.getByTestId("tabs-more").click();
    await page.getByTestId(`${testId}-menu`).click();
  }
  await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute("aria-selected") === "true", testId);
}

/** Click a tab's own action, through its More menu when it did not fit. */
async function clickAction(page: Page, tab: string, testId: string): Promise<void> {
  const button = page.locator(`[data-testid="panel-${tab}"] button[data-testid="${testId}"]`);
  if (await button.isVisible()) await button.click();
  else {
    await page.getByTestId(`${tab}-more`).click();
    await page.locator(`[role=menuitem][data-testid="${testId}"]`).click();
  }
}

/**
 * Open the pane, run `body`, then check it talked to nothing but its own origin and office.js and
 * logged no error (but those matching `ignoreErrors`); a failure says what the page showed.
 */
async function withPane(options: OpenOptions, body: (pane: PanePage, page: PanePage["page"]) => Promise<void>, ignoreErrors?: RegExp): Promise<void> {
  const pane = await openPane(browser, server.origin, officeHost, options);
  try {
    await body(pane, pane.page);
    expect(foreignRequests(pane, server.origin)).toEqual([]);
    expect(pane.errors.filter((e) => !ignoreErrors?.test(e))).toEqual([]);
  } catch (e) {
    throw await explain(pane, e);
  } finally {
    await pane.close();
  }
}

/** Add to a failure what the page shows, its errors and what the test host lacks; save failure.png. */
async function explain(pane: PanePage, e: unknown): Promise<unknown> {
  if (!(e instanceof Error)) return e;
  const { page } = pane;
  const misses = await page.evaluate(() => window.__custfileHost?.misses ?? []).catch(() => [] as string[]);
  if (misses.length) e.message += `\n\nOffice/Excel members the page read that the test host lacks: ${[...new Set(misses)].join(", ")}`;
  if (pane.errors.length) e.message += `\n\nPage errors:\n${pane.errors.join("\n")}`;
  const text = await page.evaluate(() => document.body.innerText).catch(() => "");
  e.message += `\n\nThe pane shows:\n${text.slice(0, 800)}\n(screenshot: test/browser/.out/failure.png)`;
  await page.screenshot({ path: path.join(OUT, "failure.png") }).catch(() => undefined);
  return e;
}

/** With the test host, the pane must not claim Office is absent. */
async function expectNoAbsenceNotice(page: Page): Promise<void> {
  expect(await page.getByTestId("no-office").count()).toBe(0);
}
