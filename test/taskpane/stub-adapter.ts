/** A stub PaneAdapter for component tests: records calls and answers with fixed results. */
import type { AuditNotice, CheckResult, FixResult, IdChangesState, Job, LocatedFinding, PaneAdapter, PlannedFix, SetupResult, AuditStatus, AuditOutcome } from "../../src/taskpane/adapter";
import type { ChainStart, HandoverCandidate, HandoverChoice, HandoverOutcome } from "../../src/taskpane/adapter";
import type { HandoverPreview } from "../../src/excel/handover";
import type { MonthOutcome, ReviewApplyOutcome, ReviewSheetOutcome } from "../../src/taskpane/adapter";
import type { AnalysisResult } from "../../src/taskpane/adapter";
import { cellText } from "../../src/core/table";
import { computeAnalysis } from "../../src/taskpane/engine/analysis";
import { AS_OF as BOOK_AS_OF, book } from "../core/analysis/fixtures";

export function finding(code: string, address: string | null, extra: Partial<LocatedFinding> = {}): LocatedFinding {
  return {
    table: "Customers", sheet: "客户信息", row: address ? Number(address.slice(1)) : 0, column: "列", columnNumber: address ? 1 : 0,
    code: code as LocatedFinding["code"], severity: "error", value: "x", address,
    message: { "zh-CN": `问题 ${code} ${address ?? ""}`, "en-US": `problem ${code} ${address ?? ""}` }, ...extra,
  };
}

export function checkResult(findings: LocatedFinding[], customers = 10): CheckResult {
  const byCode: Record<string, number> = {};
  let errors = 0, warnings = 0, infos = 0;
  for (const f of findings) {
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    if (f.severity === "error") errors++;
    else if (f.severity === "warning") warnings++;
    else infos++;
  }
  return { findings, valid: errors === 0, stats: { rows: customers * 3, errors, warnings, infos, byCode }, tables: [], rowsByTable: { Customers: customers }, credit: null };
}

/** The preview of a check's fixable findings, as previewFixes plans them. */
export function plannedFixes(check: CheckResult): PlannedFix[] {
  return check.findings.filter((f) => f.fix !== undefined && f.address).map((f) => ({
    id: `${f.sheet}!${f.address}|${cellText(f.value)}|${cellText(f.fix!)}`, sheet: f.sheet, address: f.address!, column: f.column, code: f.code,
    before: f.value, after: f.fix!, customerId: f.customerId ?? "",
  }));
}

/** A handover preview of `n` customers (sheet rows 2…), as the Excel side plans it. */
export function handoverPreview(from: string, to: string, n: number, extra: Partial<HandoverPreview> = {}): HandoverPreview {
  return {
    from, to, supervisor: "", date: "2026-11-20", customersSheet: "客户信息", sheet: `交接清单 2026-11-20 ${from}→${to}`, warnings: [],
    customers: Array.from({ length: n }, (_v, i) => ({ id: `C20240315${String(i + 1).padStart(3, "0")}`, name: `测试公司${i + 1}`, row: i + 2 })),
    ...extra,
  };
}

/** The analysis of the 12-customer book of the core's composition tests (as of 2026-09-30), as the engine gives it. */
export function bookAnalysis(asOf = BOOK_AS_OF): AnalysisResult {
  return computeAnalysis(book(), { asOf });
}

export interface StubAdapter extends PaneAdapter {
  calls: string[];
  /** Sheets the workbook holds (analysis.write adds its sheet; one already there needs `replace`). */
  sheets: Set<string>;
  idState: IdChangesState;
  emitIds(state: IdChangesState): void;
  emitNotice(notice: AuditNotice): void;
  /** The jobs the adapter was given (to drive progress and cancel from a test). */
  jobs: Job[];
  /** When set, check() waits for this before answering. */
  hold?: Promise<void>;
  /** Tell the pane the ChangeLog's chain started (as a writer does). */
  emitChainStart(start: ChainStart): void;
}

export interface StubOptions {
  check?: CheckResult;
  fix?: FixResult;
  setup?: SetupResult;
  audit?: AuditStatus;
  outcome?: AuditOutcome;
  operator?: string;
  /** The handover pickers' names, and what preview and apply answer (by default: a preview of 3 customers, then done). */
  people?: HandoverCandidate[];
  handoverPreview?: (choice: HandoverChoice) => HandoverOutcome;
  handoverApply?: (choice: HandoverChoice, expect: readonly number[]) => HandoverOutcome;
  /** The 信用 tab's answers: review (by `again`), apply, record month. */
  credit?: { review?: (again: boolean) => ReviewSheetOutcome; apply?: ReviewApplyOutcome; month?: MonthOutcome };
  /** What analysis.analyze answers (default: bookAnalysis() for the as-of day asked). */
  analysis?: AnalysisResult;
  /** Sheets already in the workbook. */
  sheets?: string[];
}

export function stubAdapter(opts: StubOptions = {}): StubAdapter {
  const calls: string[] = [];
  const listeners = new Set<(s: IdChangesState) => void>();
  const noticeListeners = new Set<(n: AuditNotice) => void>();
  const notices: AuditNotice[] = [];
  const chainListeners = new Set<(s: ChainStart) => void>();
  let operator = opts.operator ?? "";
  const self: StubAdapter = {
    calls,
    sheets: new Set(opts.sheets ?? []),
    jobs: [],
    idState: { state: "running", message: "", idChanges: [] },
    emitIds(state) {
      self.idState = state;
      for (const l of listeners) l(state);
    },
    emitChainStart(start) {
      for (const l of chainListeners) l(start);
    },
    emitNotice(notice) {
      notices.push(notice);
      for (const l of noticeListeners) l(notice);
    },
    setUp: async () => { calls.push("setUp"); return opts.setup ?? { added: [{ table: "Customers", sheet: "客户信息", newSheet: true }], kept: [], skipped: [], listsAdded: [] }; },
    check: async (job) => {
      calls.push("check");
      self.jobs.push(job);
      if (self.hold) await self.hold;
      job.signal?.throwIfAborted();
      return opts.check ?? checkResult([]);
    },
    select: async (sheet, address) => { calls.push(`select ${sheet}!${address}`); },
    mark: async (findings) => { calls.push(`mark ${findings.length}`); return { cells: findings.length }; },
    clearMarks: async () => { calls.push("clearMarks"); return 1; },
    previewFix: async (codes, job) => {
      calls.push(`preview ${codes ? codes.join(",") : "all"}`);
      self.jobs.push(job);
      const check = opts.check ?? checkResult([]);
      return { fixes: plannedFixes(check).filter((f) => !codes || codes.includes(f.code)), check };
    },
    fix: async (only, codes, job) => {
      calls.push(`fix ${only.length} ${codes ? codes.join(",") : "all"} by ${operator}`);
      self.jobs.push(job);
      return opts.fix ?? { changed: [], skipped: 0, check: checkResult([]) };
    },
    audit: {
      status: async () => { calls.push("audit.status"); return opts.audit ?? { quarter: "2026Q4", progress: null }; },
      verify: async () => { calls.push("audit.verify"); return { ok: true, problems: [], reasons: [], derived: null, missing: [], extra: [] }; },
      draw: async (again) => { calls.push(`audit.draw ${again}`); return opts.outcome ?? { kind: "missing-table" }; },
      notices: () => notices,
      onNotice: (l) => { noticeListeners.add(l); return () => noticeListeners.delete(l); },
    },
    credit: {
      review: async ({ year, preparer, again }) => {
        calls.push(`credit.review ${year} ${preparer}${again ? " again" : ""}`);
        return opts.credit?.review?.(again) ?? { kind: "refused", reason: "payments" };
      },
      apply: async (year) => { calls.push(`credit.apply ${year}`); return opts.credit?.apply ?? { kind: "refused", reason: "no-review-sheet", sheet: `信用评级调整 ${year}`, columns: [] }; },
      recordMonth: async (month) => { calls.push(`credit.month ${month}`); return opts.credit?.month ?? { kind: "refused", reason: "payments" }; },
    },
    operator: { get: () => operator, set: (name) => { operator = name; calls.push(`operator ${name}`); } },
    handover: {
      people: async () => { calls.push("handover.people"); return opts.people ?? [{ name: "张伟", customers: 3, onStaff: true, left: false }, { name: "李娜", customers: 1, onStaff: true, left: false }, { name: "赵强", customers: 0, onStaff: true, left: true }]; },
      preview: async (choice, job) => {
        calls.push(`handover.preview ${choice.from}→${choice.to}${choice.supervisor ? ` (${choice.supervisor})` : ""}`);
        self.jobs.push(job);
        return opts.handoverPreview?.(choice) ?? { kind: "preview", preview: handoverPreview(choice.from, choice.to, 3, { supervisor: choice.supervisor ?? "" }) };
      },
      apply: async (choice, expect, job) => {
        calls.push(`handover.apply ${choice.from}→${choice.to} ids=${choice.ids ? choice.ids.join(",") : "all"} rows=${expect.join(",")} by ${choice.user ?? ""}${choice.note ? ` note=${choice.note}` : ""}`);
        self.jobs.push(job);
        const p = handoverPreview(choice.from, choice.to, 3);
        const moved = { ...p, customers: p.customers.filter((c) => expect.includes(c.row)) };
        return opts.handoverApply?.(choice, expect) ?? { kind: "done", done: { ...moved, changeLogRows: moved.customers.length, changeLogSheet: "变更记录", handoversSheet: "交接记录", handoversRow: 2 } };
      },
    },
    onChainStart: (l) => { chainListeners.add(l); return () => chainListeners.delete(l); },
    analysis: {
      analyze: async (asOf, job) => {
        calls.push(`analysis.analyze ${asOf ?? "today"}`);
        self.jobs.push(job);
        if (self.hold) await self.hold;
        job.signal?.throwIfAborted();
        return opts.analysis ?? bookAnalysis(asOf);
      },
      write: async (sheet, replace, job) => {
        calls.push(`analysis.write ${sheet.name} ${replace}`);
        self.jobs.push(job);
        const there = self.sheets.has(sheet.name);
        if (there && !replace) return { kind: "exists", sheet: sheet.name };
        self.sheets.add(sheet.name);
        return { kind: "written", sheet: sheet.name, tables: sheet.tables.length, charts: sheet.charts?.length ?? 0, replaced: there };
      },
    },
    ids: {
      current: () => self.idState,
      subscribe: (l) => { listeners.add(l); return () => listeners.delete(l); },
      restore: async (row) => { calls.push(`restore ${row}`); },
    },
  };
  return self;
}
