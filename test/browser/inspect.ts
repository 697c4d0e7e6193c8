/**
 * What the browser test checks on every state of the pane it visits: axe-core (serious and
 * critical violations fail the test, but for Fluent's tabster focus dummies, see TABSTER_DUMMY),
 * no horizontal overflow (nothing visible past the pane's right edge), and in en-US no CJK text
 * outside data values (sheet names, headers and cell values are marked with data-value).
 */
import fs from "node:fs";
import type { Page } from "playwright-core";

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Fluent UI's focus management (tabster) puts `<i tabindex="0" aria-hidden="true"
 * data-tabster-dummy>` around TabList, Menu and Dialog to catch Tab and pass focus on; axe
 * reports them as aria-hidden-focus. They are hidden from screen readers on purpose (a reader
 * would otherwise announce empty elements) and only forward focus; Fluent creates them because
 * it leaves Tab to the browser (createTabster's controlTab: false, not configurable from
 * outside), and tabster's authors list them as a known false positive
 * (microsoft/tabster#288, microsoft/fluentui#27517). Only violations whose every node is such a
 * dummy are set aside, and they are recorded.
 */
export const TABSTER_DUMMY = "data-tabster-dummy";

/** One axe violation as recorded in axe.json. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
  /** True when every node is a tabster focus dummy (see TABSTER_DUMMY): recorded, not failed. */
  fluentDummy: boolean;
}

/** axe's result for one state. */
export interface AxeState {
  state: string;
  lang: string;
  width: number;
  violations: AxeViolation[];
}

/** Run axe-core on the page as it is now (injected through the DevTools protocol, so the page's CSP does not apply to it). */
export async function runAxe(page: Page, state: string): Promise<AxeState> {
  const has = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!has) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ html: string; target: unknown[] }> }> }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return {
      lang: document.documentElement.lang,
      width: window.innerWidth,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.html.slice(0, 200)}`) })),
    };
  });
  return {
    state,
    lang: result.lang,
    width: result.width,
    violations: result.violations.map((v) => ({ ...v, fluentDummy: v.id === "aria-hidden-focus" && v.nodes.every((n) => n.includes(TABSTER_DUMMY)) })),
  };
}

/** The violations that fail a test: serious or critical, and not only Fluent's focus dummies. */
export function failing(state: AxeState): AxeViolation[] {
  return state.violations.filter((v) => (v.impact === "serious" || v.impact === "critical") && !v.fluentDummy);
}

/** Visible elements that reach past the viewport's left or right edge, and whether the page scrolls sideways. */
export async function horizontalOverflow(page: Page): Promise<{ scrolls: boolean; offenders: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders: string[] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>("*")) {
      if (el.hasAttribute("data-tabster-dummy")) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden" || style.position === "fixed") continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 0.5 || r.left < -0.5) {
        const id = el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : el.className ? `.${String(el.className).split(" ")[0]}` : "";
        offenders.push(`${el.tagName.toLowerCase()}${id} ${Math.round(r.left)}–${Math.round(r.right)}: ${(el.innerText ?? "").slice(0, 40)}`);
      }
    }
    return { scrolls: document.documentElement.scrollWidth > width || document.body.scrollWidth > width, offenders };
  });
}

/** Text (and accessible names, titles, placeholders) in CJK that is not inside a data value (en-US pages). */
export async function cjkOutsideData(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cjk = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.nodeValue ?? "";
      const parent = n.parentElement;
      if (!parent || !cjk.test(text) || parent.closest("noscript, [data-value], [data-value-labels], [hidden]")) continue;
      // Only what is rendered (a hidden hint is still read out, so [hidden] is checked through aria-describedby below).
      if (parent.getClientRects().length === 0) continue;
      found.push(text.trim().slice(0, 80));
    }
    for (const el of document.body.querySelectorAll<HTMLElement>("[aria-label], [title], [placeholder]")) {
      // A chart whose labels are data values (the 分析 tab's provinces, industries): Fluent renders them, unmarked.
      if (el.closest("[data-value-labels]")) continue;
      for (const a of ["aria-label", "title", "placeholder"]) {
        const v = el.getAttribute(a);
        if (v && cjk.test(v)) found.push(`${a}="${v}"`);
      }
    }
    for (const el of document.body.querySelectorAll<HTMLElement>("[aria-describedby]")) {
      for (const id of (el.getAttribute("aria-describedby") ?? "").split(/\s+/)) {
        const hint = id ? document.getElementById(id) : null;
        if (!hint || hint.closest("[data-value]")) continue;
        // A hidden hint's text nodes, less those marked as data values (as for the rendered text above).
        const texts = document.createTreeWalker(hint, NodeFilter.SHOW_TEXT);
        for (let n = texts.nextNode(); n; n = texts.nextNode()) {
          if (cjk.test(n.nodeValue ?? "") && !n.parentElement?.closest("[data-value]")) {
            found.push(`hint: ${hint.textContent}`);
            break;
          }
        }
      }
    }
    if (cjk.test(document.title)) found.push(`title: ${document.title}`);
    return found;
  });
}
