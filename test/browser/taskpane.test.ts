/**
 * The built task pane (dist/taskpane.html) in headless Chromium with a test Office host:
 * office.js is answered by office-host.ts (the Excel test double + an Office shim) holding a
 * workbook with known bad rows. Check → findings; a finding → the host selects its cell; Fix all →
 * fixed cells and ChangeLog rows with the old values; marks and clear marks; 10,000 findings in
 * the virtualized list; hand edits logged by the change tracker of the shared runtime and an
 * overtyped id restored; Set up on an empty workbook in en-US. Opened with office.js failing to
 * load, the page still renders and says Office is absent. Every page talks to nothing but its
 * own origin and office.js, and logs no errors.
 *
 * Screenshots of the pane go to test/browser/.out/ on every run, and to docs/ (the README links
 * them) only with CUSTFILE_SCREENSHOTS=1, so `npm test` never changes tracked files.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildOfficeHost, DIST, launchChromium, OFFICE_JS, openPane, OUT, ROOT, serveStatic, type OpenOptions, type PanePage, type StaticServer } from "./harness";
import type { HostConfig } from "./office-host";
import type { Cell } from "../../src/core/table";
import { CHANGELOG, CUSTOMERS, TABLES } from "../../src/core/template/tables";

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
  selection(): { sheet: string; address: string } | null;
  tableRows(name: string): Cell[][];
  tableHeaders(name: string): string[];
  valueAt(sheet: string, address: string): Cell;
  markAt(sheet: string, address: string): string | null;
  sheetNames(): string[];
  tableListeners(name: string): number;
  functions: Map<string, unknown>;
  actions: Map<string, unknown>;
  userEdit(sheet: string, address: string, values: Cell[][]): Promise<void>;
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

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

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

/** The counts by code: each chip of [data-testid=counts] carries data-code and ends with its number. */
async function countsByCode(page: Page): Promise<Record<string, number>> {
  const chips = await page.locator('[data-testid="counts"] [data-code]').evaluateAll((els) =>
    els.map((e) => [(e as HTMLElement).dataset.code ?? "", (e.textContent ?? "").replace(/[,\s\u202f]/g, "")] as const));
  return Object.fromEntries(chips.map(([code, text]) => [code, Number(/(\d+)$/.exec(text)?.[1] ?? NaN)]));
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
  it("Check lists the known mistakes, a finding selects its cell, Fix all fixes and logs old values to ChangeLog", async () => {
    await withPane({ office: "host", host: HOST }, async (pane, page) => {
      const check = page.getByTestId("check");
      await check.waitFor({ state: "visible" });
      await page.waitForFunction(() => !document.querySelector('[data-testid="check"]')?.hasAttribute("disabled"));
      await expectNoAbsenceNotice(page);
      // The shared runtime registered the custom functions (every id of functions.json) and the ribbon command.
      const ids = (JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8")) as { functions: Array<{ id: string }> }).functions.map((f) => f.id);
      expect(await page.evaluate(() => [...window.__custfileHost.functions.keys()].sort())).toEqual([...ids].sort());
      expect(await page.evaluate(() => [...window.__custfileHost.actions.keys()])).toContain("quarterlyAudit");
      await screenshot(page, "taskpane-check.png");

      await check.click();
      await page.getByTestId("finding").first().waitFor({ state: "visible" });
      await page.getByTestId("counts").waitFor({ state: "visible" });
      const findings = await allFindings(page);
      for (const e of EXPECTED) expect(findings).toContainEqual(e);
      // Nothing but the planted mistakes: row 2 is clean.
      expect(findings.filter((f) => !EXPECTED.some((e) => e.code === f.code && e.address === f.address))).toEqual([]);
      expect(await countsByCode(page)).toEqual({ address: 1, date: 1, enum: 1, phone: 1, unique: 1 });
      await screenshot(page, "taskpane-results.png");

      // Marks: conditional formats over the bad cells, removed again by "clear marks".
      await page.getByTestId("mark").click();
      await page.waitForFunction((s) => window.__custfileHost.markAt(s, "E4") !== null, SHEET);
      for (const e of EXPECTED) expect(await page.evaluate(([s, a]) => window.__custfileHost.markAt(s, a), [e.sheet, e.address] as const)).not.toBeNull();
      expect(await page.evaluate((s) => window.__custfileHost.markAt(s, "B2"), SHEET)).toBeNull();
      await page.getByTestId("clear-marks").click();
      await page.waitForFunction((s) => window.__custfileHost.markAt(s, "E4") === null, SHEET);
      for (const e of EXPECTED) expect(await page.evaluate(([s, a]) => window.__custfileHost.markAt(s, a), [e.sheet, e.address] as const)).toBeNull();

      // A finding selects its cell in the host.
      await page.locator('[data-testid="finding"][data-code="phone"]').click();
      await page.waitForFunction(() => window.__custfileHost.selection()?.address === "E4");
      expect(await page.evaluate(() => window.__custfileHost.selection())).toEqual({ sheet: SHEET, address: "E4" });
      await page.locator('[data-testid="finding"][data-code="unique"]').click();
      await page.waitForFunction(() => window.__custfileHost.selection()?.address === "A7");
      expect(await page.evaluate(() => window.__custfileHost.selection())).toEqual({ sheet: SHEET, address: "A7" });

      // Fix all: the two safe fixes are written, each old value logged first.
      await page.getByTestId("fix-all").click();
      await page.waitForFunction(() => window.__custfileHost.tableRows("ChangeLog").length >= 2);
      await page.evaluate(() => window.__custfileHost.settle());
      await page.waitForFunction(() => !document.querySelector('[data-testid="check"]')?.hasAttribute("disabled"));
      const cell = (address: string) => page.evaluate(([s, a]) => window.__custfileHost.valueAt(s, a), [SHEET, address] as const);
      expect(dayText(await cell("J3"))).toBe("2024-03-05");
      expect(await cell("H5")).toBe("A类");
      // What cannot be fixed safely stays as the user typed it.
      expect(await cell("E4")).toBe("1395678");
      expect(await cell("I6")).toBe("北京市海底区中关村大街1号");
      expect(await cell("A7")).toBe("C20240305005");

      const log = byHeader(CHANGELOG_HEADERS, await page.evaluate(() => window.__custfileHost.tableRows("ChangeLog")));
      const logged = log.map((r) => ({ customerId: r["客户编号"], field: r["字段"], before: r["变更前"], after: dayText(r["变更后"]) }));
      expect(logged).toEqual(expect.arrayContaining([
        { customerId: "C20240305002", field: "开户日期", before: "2024/3/5", after: "2024-03-05" },
        { customerId: "C20240305004", field: "客户等级", before: "A", after: "A类" },
      ]));
      expect(log).toHaveLength(2);
      for (const r of log) expect(String(r["时间"] ?? "")).not.toBe("");
      await expect(page.getByTestId("status").innerText()).resolves.not.toBe("");
      // The pane shows what changed …
      await page.getByTestId("changed-cell").first().waitFor({ state: "visible" });
      const changed = await page.getByTestId("changed-cell").evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.sheet}!${(e as HTMLElement).dataset.address}`));
      expect(changed.sort()).toEqual([`${SHEET}!H5`, `${SHEET}!J3`]);
      await screenshot(page, "taskpane-fixed.png");
      // … and checks again: what is left cannot be fixed safely.
      await page.getByTestId("tab-findings").click();
      await page.getByTestId("finding").first().waitFor({ state: "visible" });
      expect((await allFindings(page)).map((f) => f.address).sort()).toEqual(["A7", "E4", "I6"]);

      expect(await page.evaluate(() => window.__custfileHost.errors)).toEqual([]);
    });
  }, 180_000);

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
      await page.waitForFunction(() => !document.querySelector('[data-testid="check"]')?.hasAttribute("disabled"));
      await page.getByTestId("check").click();
      await page.getByTestId("finding").first().waitFor({ state: "visible" });
      expect(await countsByCode(page)).toEqual({ date: BIG });
      const inDom = await page.getByTestId("finding").count();
      expect(inDom).toBeGreaterThan(0);
      expect(inDom).toBeLessThan(200);
      const last = `J${BIG + 1}`;
      const found = await page.evaluate(async (address) => {
        let scroller: HTMLElement | null = document.querySelector<HTMLElement>('[data-testid="finding"]');
        while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /(auto|scroll)/.test(getComputedStyle(scroller).overflowY))) scroller = scroller.parentElement;
        if (!scroller) return "no scroll container around the findings";
        scroller.scrollTop = scroller.scrollHeight;
        for (let i = 0; i < 20; i++) {
          await new Promise((r) => requestAnimationFrame(r));
          if (document.querySelector(`[data-testid="finding"][data-address="${address}"]`)) return "found";
        }
        return `not rendered after scrolling to the end; last rows: ${[...document.querySelectorAll<HTMLElement>('[data-testid="finding"]')].slice(-3).map((e) => e.dataset.address).join(", ")}`;
      }, last);
      expect(found).toBe("found");
      await page.locator(`[data-testid="finding"][data-address="${last}"]`).click();
      await page.waitForFunction((a) => window.__custfileHost.selection()?.address === a, last);
    });
  }, 180_000);

  it("hand edits while the pane is open are logged by the shared runtime's change tracker; a changed id shows in the pane and is restored", async () => {
    await withPane({ office: "host", host: HOST }, async (pane, page) => {
      await page.getByTestId("check").waitFor({ state: "visible" });
      await page.waitForFunction(() => window.__custfileHost.tableListeners("Customers") > 0);
      const log = async () => byHeader(CHANGELOG_HEADERS, await page.evaluate(() => window.__custfileHost.tableRows("ChangeLog")))
        .map((r) => ({ customerId: r["客户编号"], field: r["字段"], before: r["变更前"], after: r["变更后"], reason: r["原因"] }));

      // The user corrects the masked phone by hand: logged with its old value.
      await page.evaluate(([s]) => window.__custfileHost.userEdit(s, "E4", [["13956781235"]]), [SHEET] as const);
      await page.waitForFunction(() => window.__custfileHost.tableRows("ChangeLog").length >= 1);
      expect(await log()).toEqual([{ customerId: "C20240305003", field: "联系方式", before: "1395678", after: "13956781235", reason: "编辑" }]);

      // The user overtypes a customer id: the pane warns and restores it on request.
      await page.evaluate(([s]) => window.__custfileHost.userEdit(s, "A2", [["C20240115009"]]), [SHEET] as const);
      await page.getByTestId("id-change-notice").waitFor({ state: "visible" });
      await screenshot(page, "taskpane-id-change.png", false);
      await page.getByTestId("tab-ids").click();
      await page.locator('[data-testid="id-change"][data-row="2"]').waitFor({ state: "visible" });
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
    });
  }, 180_000);

  it("Set up on an empty workbook adds the template's sheets and tables; with Office in en-US the pane speaks English", async () => {
    await withPane({ office: "host", locale: "en-US", host: { displayLanguage: "en-US", sheets: [{ name: "Sheet1", rows: [] }] } }, async (pane, page) => {
      const setup = page.getByTestId("setup");
      await setup.waitFor({ state: "visible" });
      await page.waitForFunction(() => !document.querySelector('[data-testid="setup"]')?.hasAttribute("disabled"));
      const labels = await page.locator("button[data-testid]").allInnerTexts();
      for (const label of labels) expect(label).toMatch(/^[\x20-\x7e]+$/); // English labels, no CJK
      await setup.click();
      await page.waitForFunction(() => window.__custfileHost.tableHeaders("ChangeLog").length > 0);
      await page.waitForFunction(() => !document.querySelector('[data-testid="setup"]')?.hasAttribute("disabled"));
      const sheets = await page.evaluate(() => window.__custfileHost.sheetNames());
      for (const t of TABLES) expect(sheets).toContain(t.sheet);
      const headers = await page.evaluate(() => window.__custfileHost.tableHeaders("Customers"));
      expect(headers).toEqual(CUSTOMERS.columns.filter((c) => c.inTemplate).map((c) => c.header));
      expect(await page.evaluate(() => window.__custfileHost.tableHeaders("ChangeLog"))).toEqual(CHANGELOG_HEADERS);
      expect(await page.getByTestId("status").innerText()).toMatch(/[A-Za-z]/);
      await screenshot(page, "taskpane-setup-en.png", false);
    });
  }, 180_000);

  it("opened without office.js (it fails to load), the page still renders and says Office is absent", async () => {
    // The only error is office.js failing to load.
    await withPane({ office: "abort" }, async (pane, page) => {
      const notice = page.getByTestId("no-office");
      await notice.waitFor({ state: "visible" });
      expect((await notice.innerText()).trim()).not.toBe("");
      expect(pane.requests).toContain(OFFICE_JS);
      await screenshot(page, "taskpane-no-office.png");
    }, /ERR_INTERNET_DISCONNECTED/);
  }, 180_000);
});

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
