/**
 * The test Office host for the browser test: bundled (by harness.ts) into one script that the
 * test serves in place of office.js. It defines `window.Office`, `window.Excel` (whose `run` is
 * the Excel test double of test/support/fake-excel.ts) and `window.CustomFunctions`, and exposes
 * the fake workbook as `window.__custfileHost` so the test can read back what the pane did.
 *
 * The workbook is seeded before Office is "ready", from `window.__custfileHostConfig` (set by the
 * test with page.addInitScript), because the pane may read the workbook as soon as it starts.
 * Anything the page reads from Office/Excel/CustomFunctions that this shim does not define is
 * recorded in `__custfileHost.misses`, so a failing test can say what the shim lacks.
 */
import { FakeExcel, WEB_LIMITS, parseRect, rectAddress, type FakeContext } from "../support/fake-excel";
import type { Cell } from "../../src/core/table";
import { generateDemo, type DemoOptions } from "../../src/demo/generate";

/** A sheet to create before the page starts. */
export interface SeedSheet {
  name: string;
  rows: Cell[][];
  /** Make it an Excel table of this name (header = first row). */
  tableName?: string;
  numberFormats?: string[][];
  /** Protect the sheet, as custfile protects its record sheets (变更记录, 信用月报 …). */
  protect?: boolean;
}

/** What the test sets on `window.__custfileHostConfig`. */
export interface HostConfig {
  displayLanguage?: string;
  platform?: string;
  userName?: string;
  /** Raise onChanged for the pane's own writes, as Excel does (default true). */
  apiWritesFireEvents?: boolean;
  sheets?: SeedSheet[];
  /** A generated demo workbook (src/demo) to seed, as Excel tables, before `sheets`. */
  demo?: DemoOptions;
  /** Sheet to make active (default: the first). */
  activeSheet?: string;
}

type AnyRecord = Record<string, unknown>;
const w = window as unknown as AnyRecord;
const config: HostConfig = (w.__custfileHostConfig as HostConfig | undefined) ?? {};
const displayLanguage = config.displayLanguage ?? "zh-CN";
const platform = config.platform ?? "OfficeOnline";

// Excel on the web refuses a request or response over 5 MB: the double does too (issue 10).
const limits = platform === "OfficeOnline" ? { maxRequestBytes: WEB_LIMITS.maxRequestBytes, maxResponseBytes: WEB_LIMITS.maxResponseBytes } : {};
const excel = new FakeExcel({ displayLanguage, platform, userName: config.userName, apiWritesFireEvents: config.apiWritesFireEvents ?? true, ...limits });
if (config.demo) {
  for (const b of generateDemo(config.demo).sheets) excel.addSheetWithRows(b.sheet, b.values, { tableName: b.tableName, numberFormats: b.numberFormats });
}
for (const s of config.sheets ?? []) {
  excel.addSheetWithRows(s.name, s.rows, { tableName: s.tableName, numberFormats: s.numberFormats });
  if (s.protect) excel.protectSheet(s.name);
}

/*
 * The host's own time. The test double runs in the page's thread (real Excel does its work in
 * another process), so a frame-gap measurement of the pane must leave it out. Every method,
 * getter and setter of the double's API classes (FakeContext, FakeRange, FakeTable, … found as
 * the pane reaches them) is wrapped to record when it ran; nested calls count once. What the
 * page does with the values it gets back is the pane's own time and is not recorded.
 */
const hostBusy: Array<[number, number]> = [];
let hostDepth = 0;
const instrumented = new WeakSet<object>();

function isDoubleClass(proto: object): boolean {
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const name = (p as { constructor?: { name?: string } }).constructor?.name ?? "";
    if (name === "FakeExcel") return false; // the host model itself: reached only from inside the API
    if (/^Fake/.test(name) || name === "ClientObject" || name === "EventSlot") return true;
  }
  return false;
}

function timed<T extends (...args: never[]) => unknown>(fn: T): T {
  return function (this: unknown, ...args: never[]) {
    if (hostDepth > 0) return reach(fn.apply(this, args));
    hostDepth++;
    const start = performance.now();
    try {
      return reach(fn.apply(this, args));
    } finally {
      hostDepth--;
      hostBusy.push([start, performance.now()]);
    }
  } as T;
}

/** Wrap the API class of `value` (an object the pane got from the double), once per class. */
function reach<T>(value: T): T {
  if (!value || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const first = value[0] as unknown;
    if (first && typeof first === "object" && !Array.isArray(first)) reach(first);
    return value;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (!proto || instrumented.has(proto) || !isDoubleClass(proto)) return value;
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (instrumented.has(p)) continue;
    instrumented.add(p);
    for (const key of Object.getOwnPropertyNames(p)) {
      if (key === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(p, key)!;
      if (typeof d.value === "function") d.value = timed(d.value);
      if (d.get) d.get = timed(d.get);
      if (d.set) d.set = timed(d.set);
      Object.defineProperty(p, key, d);
    }
  }
  // Objects the pane reaches through plain fields (context.workbook, workbook.tables …).
  for (const key of Object.keys(value)) reach((value as Record<string, unknown>)[key]);
  return value;
}
if (config.activeSheet) excel.activeSheet = config.activeSheet;

const misses: string[] = [];
/** Excel enums the page used (served by name). */
const enums: string[] = [];
const errors: string[] = [];
const actions = new Map<string, unknown>();
const functions = new Map<string, unknown>();

/** Wrap an API object so reads of members it lacks are recorded (and still give undefined). */
function watched<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === "string" && !(prop in obj) && prop !== "then" && prop !== "toJSON") misses.push(`${name}.${prop}`);
      return Reflect.get(obj, prop, receiver);
    },
  });
}

/**
 * Office.js enums are objects of camelCase members whose values are the PascalCase names
 * (Excel.SheetVisibility.veryHidden === "VeryHidden"); any enum the code uses is served that way.
 */
function enumObject(name: string): AnyRecord {
  return new Proxy({} as AnyRecord, {
    get(_obj, prop) {
      if (typeof prop !== "string") return undefined;
      return prop.charAt(0).toUpperCase() + prop.slice(1);
    },
  });
}

const readyInfo = { host: "Excel", platform };
let readyResolve!: (info: typeof readyInfo) => void;
const ready = new Promise<typeof readyInfo>((resolve) => (readyResolve = resolve));

const noop = () => undefined;
const asyncNoop = async () => undefined;

const office: AnyRecord = {
  HostType: { Excel: "Excel", Word: "Word", PowerPoint: "PowerPoint", Outlook: "Outlook", OneNote: "OneNote", Project: "Project", Access: "Access" },
  PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac", iOS: "iOS", Android: "Android", Universal: "Universal" },
  AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
  EventType: enumObject("Office.EventType"),
  onReady(callback?: (info: typeof readyInfo) => unknown) {
    return ready.then((info) => {
      callback?.(info);
      return info;
    });
  },
  initialize: undefined,
  context: watched("Office.context", {
    displayLanguage,
    contentLanguage: displayLanguage,
    platform,
    host: "Excel",
    diagnostics: { host: "Excel", platform, version: "16.0.0.0" },
    requirements: { isSetSupported: (_name: string, _version?: string) => true },
    document: watched("Office.context.document", { settings: { get: noop, set: noop, remove: noop, saveAsync: noop } }),
    ui: watched("Office.context.ui", { messageParent: noop, displayDialogAsync: noop }),
  }),
  actions: watched("Office.actions", {
    associate(id: string, handler: unknown) {
      actions.set(id, handler);
    },
  }),
  addin: watched("Office.addin", {
    showAsTaskpane: asyncNoop,
    hide: asyncNoop,
    setStartupBehavior: asyncNoop,
    getStartupBehavior: async () => "None",
    onVisibilityModeChanged: async () => asyncNoop,
  }),
  ribbon: watched("Office.ribbon", { requestUpdate: asyncNoop }),
};

/** Excel.run(batch) or Excel.run(object | options, batch): the fake's run. */
function run(...args: unknown[]): Promise<unknown> {
  type Batch = (context: FakeContext) => Promise<unknown>;
  if (typeof args[0] === "function") {
    const batch = args[0] as Batch;
    return excel.run((context) => batch(reach(context)));
  }
  // Excel.run(object, batch): the batch runs again in that object's context (how a handler is removed).
  const batch = args[1] as Batch;
  return excel.run(args[0] as FakeContext | { context: FakeContext }, (context) => batch(reach(context)));
}

const excelBase: AnyRecord = { run };
const excelApi = new Proxy(excelBase, {
  get(obj, prop, receiver) {
    if (typeof prop === "string" && !(prop in obj) && /^[A-Z]/.test(prop)) {
      // An enum (Excel.ConditionalFormatType …): served by name; recorded so the test can list them.
      enums.push(`Excel.${prop}`);
      obj[prop] = enumObject(`Excel.${prop}`);
    } else if (typeof prop === "string" && !(prop in obj) && prop !== "then") {
      misses.push(`Excel.${prop}`);
    }
    return Reflect.get(obj, prop, receiver);
  },
});

class CustomFunctionsError extends Error {
  constructor(readonly code: string, message?: string) {
    super(message ?? code);
    this.name = "CustomFunctions.Error";
  }
}

const customFunctions = watched("CustomFunctions", {
  associate(idOrMap: string | Record<string, unknown>, fn?: unknown) {
    if (typeof idOrMap === "string") functions.set(idOrMap, fn);
    else for (const [k, v] of Object.entries(idOrMap)) functions.set(k, v);
  },
  Error: CustomFunctionsError,
  ErrorCode: {
    invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!",
    nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!",
  },
});

/** What the test reads through page.evaluate. */
const host = {
  excel,
  misses,
  enums,
  errors,
  actions,
  functions,
  config,
  /** The selected range as {sheet, address} ("C5"), or null. */
  selection(): { sheet: string; address: string } | null {
    return excel.selection ? { sheet: excel.selection.sheet, address: rectAddress(excel.selection.rect) } : null;
  },
  /** Data rows of a table. */
  tableRows(name: string): Cell[][] {
    return excel.table(name) ? excel.tableRows(name) : [];
  },
  /** A table's range on its sheet ("A5:R8"), or "" without such a table. */
  tableRange(name: string): string {
    const t = excel.table(name);
    return t ? rectAddress(t.rect) : "";
  },
  /** Whether a sheet is protected. */
  isProtected(sheet: string): boolean {
    return excel.sheet(sheet)?.protection.protected ?? false;
  },
  /** Header row of a table. */
  tableHeaders(name: string): string[] {
    return excel.table(name)?.headers ?? [];
  },
  /** A cell's value. */
  valueAt(sheet: string, address: string): Cell {
    return excel.valueAt(sheet, address);
  },
  /** A cell's fill colour (marks). */
  fillAt(sheet: string, address: string): string | null {
    return excel.fillAt(sheet, address);
  },
  /** Names of the sheets, in order. */
  sheetNames(): string[] {
    return excel.sheets.map((s) => s.name);
  },
  /** Conditional formats on a sheet (marks may be made that way). */
  conditionalFormats(sheet: string) {
    return (excel.sheet(sheet)?.conditionalFormats ?? []).map((c) => ({ address: c.rects.map(rectAddress).join(","), type: c.type, formula: c.formula, fill: c.fill }));
  },
  /** The fill a conditional format gives a cell (marks), or null when none covers it. */
  markAt(sheet: string, address: string): string | null {
    const r = parseRect(address);
    const cf = (excel.sheet(sheet)?.conditionalFormats ?? []).find((c) => c.rects.some((a) =>
      a.row <= r.row && r.row < a.row + a.rows && a.col <= r.col && r.col < a.col + a.cols));
    return cf ? cf.fill ?? "" : null;
  },
  /** Native charts on a sheet: type, title, the data it was made over and where it sits (A1 cells). */
  charts(sheet: string): Array<{ type: string; title: string; source: string; categories: string; position: { start: string; end: string } | null }> {
    return (excel.sheet(sheet)?.charts ?? []).map((c) => ({ type: c.type, title: c.title, source: rectAddress(c.source.rect), categories: c.categories, position: c.position }));
  },
  /** Handlers listening to a table's onChanged (the change tracker registers one). */
  tableListeners(name: string): number {
    return excel.table(name)?.changedHandlers.length ?? 0;
  },
  /** A user's edit in the grid (fires onChanged as Excel does); resolves when the handlers settled. */
  userEdit(sheet: string, address: string, values: Cell[][]): Promise<void> {
    return excel.userEdit(sheet, address, values);
  },
  /** Wait for the handlers of events raised by the pane's writes. */
  settle: () => excel.settle(),
  /** When the host (the Excel test double) was running: [start, end] in performance.now() time. */
  hostBusy,
};

w.__custfileHost = host;
w.Office = office;
w.Excel = excelApi;
w.CustomFunctions = customFunctions;
w.OfficeRuntime = watched("OfficeRuntime", { storage: { getItem: async () => null, setItem: asyncNoop, removeItem: asyncNoop } });
window.addEventListener("error", (e) => errors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => errors.push(String((e as PromiseRejectionEvent).reason)));

// office.js becomes ready after the page's scripts have run (they are deferred, as in taskpane.html).
const start = () => setTimeout(() => {
  const init = office.initialize as ((reason: string) => void) | undefined;
  if (typeof init === "function") init("inserted");
  readyResolve(readyInfo);
}, 0);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
