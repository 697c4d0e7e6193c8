/**
 * Task-pane entry. Renders at once (a plain browser, or a failed office.js, still shows a page
 * that says Office is absent), then wires the real adapter when Office.onReady reports Excel.
 * Office is used only through Office.onReady, Office.context.displayLanguage and Excel.run.
 */
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App, type OfficeState } from "./App";
import { officeAdapter, type PaneAdapter } from "./adapter";
import { fallbackEngine, localEngine, workerEngine } from "./engine/client";
import { paneLang, strings } from "./i18n";
import type { ExcelRun } from "../excel/check";

/** How long to wait for Office.onReady before saying Office is absent (office.js present but no host). */
const READY_TIMEOUT_MS = 10_000;
/** The engine worker's script, next to this page (webpack entry "engine-worker"). */
const ENGINE_WORKER = "engine-worker.js";

/** Check and Fix do their CPU work in a Web Worker; where one cannot start, in the page. */
const engine = fallbackEngine(
  workerEngine(() => new Worker(new URL(ENGINE_WORKER, document.baseURI), { name: "custfile-engine" })),
  localEngine(),
);

const rootElement = document.getElementById("root");
if (rootElement) {
  const root = createRoot(rootElement);
  const show = (office: OfficeState, adapter: PaneAdapter | null, displayLanguage?: string) => {
    const lang = paneLang(displayLanguage ?? navigator.language);
    document.documentElement.lang = lang;
    document.title = strings(lang).common.title;
    root.render(
      <FluentProvider theme={webLightTheme}>
        <App adapter={adapter} lang={lang} office={office} />
      </FluentProvider>,
    );
  };
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== "function") {
    show("absent", null);
  } else {
    show("starting", null);
    let ready = false;
    const timer = setTimeout(() => { if (!ready) show("absent", null); }, READY_TIMEOUT_MS);
    void office.onReady((info) => {
      ready = true;
      clearTimeout(timer);
      const excel = (globalThis as { Excel?: typeof Excel }).Excel;
      const displayLanguage = office.context?.displayLanguage;
      // In a plain browser office.js loads but reports no host: that is "Office absent" too.
      if (String(info?.host ?? "") !== "Excel" || !excel || typeof excel.run !== "function") {
        show("absent", null, displayLanguage);
        return;
      }
      show("ready", officeAdapter(excel.run as unknown as ExcelRun, info?.platform as unknown as string | undefined, engine), displayLanguage);
    });
  }
}
