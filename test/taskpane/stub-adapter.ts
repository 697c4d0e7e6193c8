/** A stub PaneAdapter for component tests: records calls and answers with fixed results. */
import type { CheckResult, FixResult, IdChangesState, LocatedFinding, PaneAdapter, SetupResult, AuditStatus } from "../../src/taskpane/adapter";

export function finding(code: string, address: string | null, extra: Partial<LocatedFinding> = {}): LocatedFinding {
  return {
    table: "Customers", sheet: "客户信息", row: address ? Number(address.slice(1)) : 0, column: "列", columnNumber: address ? 1 : 0,
    code: code as LocatedFinding["code"], severity: "error", value: "x", address,
    message: { "zh-CN": `问题 ${code} ${address ?? ""}`, "en-US": `problem ${code} ${address ?? ""}` }, ...extra,
  };
}

export function checkResult(findings: LocatedFinding[]): CheckResult {
  const byCode: Record<string, number> = {};
  for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  return { findings, valid: findings.length === 0, stats: { rows: 10, errors: findings.length, warnings: 0, infos: 0, byCode }, tables: [], credit: null };
}

export interface StubAdapter extends PaneAdapter {
  calls: string[];
  idState: IdChangesState;
  emitIds(state: IdChangesState): void;
}

export function stubAdapter(opts: { check?: CheckResult; fix?: FixResult; setup?: SetupResult; audit?: AuditStatus } = {}): StubAdapter {
  const calls: string[] = [];
  const listeners = new Set<(s: IdChangesState) => void>();
  const self: StubAdapter = {
    calls,
    idState: { state: "running", message: "", idChanges: [] },
    emitIds(state) {
      self.idState = state;
      for (const l of listeners) l(state);
    },
    setUp: async () => { calls.push("setUp"); return opts.setup ?? { added: [{ table: "Customers", sheet: "客户信息", newSheet: true }], kept: [], skipped: [], listsAdded: [] }; },
    check: async () => { calls.push("check"); return opts.check ?? checkResult([]); },
    select: async (sheet, address) => { calls.push(`select ${sheet}!${address}`); },
    mark: async (findings) => { calls.push(`mark ${findings.length}`); return { cells: findings.length }; },
    clearMarks: async () => { calls.push("clearMarks"); return 1; },
    fix: async (codes) => { calls.push(`fix ${codes ? codes.join(",") : "all"}`); return opts.fix ?? { changed: [], check: checkResult([]) }; },
    audit: {
      status: async () => { calls.push("audit.status"); return opts.audit ?? { quarter: "2026Q4", progress: null }; },
      verify: async () => { calls.push("audit.verify"); return { ok: true, problems: [], derived: null, missing: [], extra: [] }; },
      draw: async (again) => { calls.push(`audit.draw ${again}`); return { kind: "drawn", quarter: "2026Q4", sheet: "抽查 2026Q4", message: "drawn", sample: {} as never }; },
    },
    operator: { get: () => "", set: (name) => { calls.push(`operator ${name}`); } },
    ids: {
      current: () => self.idState,
      subscribe: (l) => { listeners.add(l); return () => listeners.delete(l); },
      restore: async (row) => { calls.push(`restore ${row}`); },
    },
  };
  return self;
}
