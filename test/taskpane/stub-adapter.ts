/** A stub PaneAdapter for component tests: records calls and answers with fixed results. */
import type { AuditNotice, CheckResult, FixResult, IdChangesState, Job, LocatedFinding, PaneAdapter, PlannedFix, SetupResult, AuditStatus, AuditOutcome } from "../../src/taskpane/adapter";
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
}

export interface StubOptions {
  check?: CheckResult;
  fix?: FixResult;
  setup?: SetupResult;
  audit?: AuditStatus;
  outcome?: AuditOutcome;
  operator?: string;
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
    operator: { get: () => operator, set: (name) => { operator = name; calls.push(`operator ${name}`); } },
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
