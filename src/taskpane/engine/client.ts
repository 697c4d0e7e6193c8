/**
 * The pane's engine: where Check, Fix and the 分析 tab's analysis do their CPU work. `workerEngine` runs it in a Web
 * Worker so the task pane keeps painting on big sheets; `localEngine` runs it in this thread
 * (a host without Workers, and the component tests). Both report progress and honour an
 * AbortSignal: the worker engine cancels by terminating its worker at once.
 */
import type { SheetBlock } from "../../core/table";
import type { FixWrite } from "../../core/fixplan";
import { CustfileError } from "../../core/errors";
import type { CheckResult, LocatedCreditFlag, LocatedFinding } from "../../excel/check";
import type { FixCompute, FixPlan, FixPlanOptions } from "../../excel/fixes";
import { computeAnalysis, type AnalysisComputeOptions, type AnalysisResult } from "./analysis";
import { computeCheck, computePlan, computeRecheck, type CheckComputeOptions } from "./compute";
import type { Progress } from "./progress";
import { CELLS_PER_MESSAGE, SEND_BUDGET_MS, type BlockMeta, type FixEdit, type FromWorker, type ToWorker, type WireError } from "./protocol";

/** A clock for the send budget (performance.now where there is one). */
const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** Progress and cancel of one piece of work. */
export interface Job {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** Where the pane's CPU work runs. */
export interface Engine {
  /** Validate `blocks` and summarise credit. */
  check(blocks: SheetBlock[], options: CheckComputeOptions, job?: Job): Promise<CheckResult>;
  /** The FixCompute src/excel/fixes uses, running here. */
  fixCompute(job?: Job): FixCompute;
  /** The composition analysis of `blocks` (the 分析 tab). */
  analyze(blocks: SheetBlock[], options: AnalysisComputeOptions, job?: Job): Promise<AnalysisResult>;
  /** "worker" or "local" (the pane tells tests and the console which). */
  readonly kind: "worker" | "local";
}

/** The error an aborted job rejects with (what fetch and AbortSignal.throwIfAborted use too). */
export function abortError(): Error {
  return new DOMException("The operation was cancelled.", "AbortError");
}

/** True for the rejection of a cancelled job. */
export function isAbort(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === "AbortError";
}

/**
 * Let the browser paint and handle input before the next slice of work: wait for the next
 * animation frame (and the task after it), or 50 ms where frames do not come (a hidden pane);
 * without a DOM (tests), for the next task.
 */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== "function") {
      setTimeout(resolve, 0);
      return;
    }
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      setTimeout(resolve, 0);
    });
  });
}

/** The engine in this thread: the same compute, without leaving the UI thread. */
export function localEngine(): Engine {
  const done = async <T>(job: Job | undefined, value: () => T | Promise<T>): Promise<T> => {
    job?.signal?.throwIfAborted();
    const result = await value();
    job?.signal?.throwIfAborted();
    return result;
  };
  return {
    kind: "local",
    check: (blocks, options, job) => done(job, () => computeCheck(blocks, options, job?.onProgress)),
    fixCompute: (job) => ({
      plan: (blocks, options) => done(job, () => computePlan(blocks, options, job?.onProgress)),
      recheck: (blocks, writes, options) => done(job, () => computeRecheck(blocks, writes, options, job?.onProgress)),
    }),
    analyze: (blocks, options, job) => done(job, () => computeAnalysis(blocks, options, job?.onProgress)),
  };
}

/** The engine worker cannot run here (not allowed, not found): fallbackEngine switches to the local engine. */
export class EngineUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EngineUnavailable";
  }
}

/** `primary` until it turns out to be unavailable, then `fallback` from then on (the job is run again there). */
export function fallbackEngine(primary: Engine, fallback: Engine, warn: (message: string) => void = (m) => console.warn(`custfile: ${m}`)): Engine {
  let current = primary;
  const retry = async <T>(work: (e: Engine) => Promise<T>): Promise<T> => {
    try {
      return await work(current);
    } catch (e) {
      if (!(e instanceof EngineUnavailable) || current === fallback) throw e;
      warn(`${e.message}; checking in the page instead`);
      current = fallback;
      return work(current);
    }
  };
  return {
    get kind() {
      return current.kind;
    },
    check: (blocks, options, job) => retry((e) => e.check(blocks, options, job)),
    fixCompute: (job) => ({
      plan: (blocks, options) => retry((e) => e.fixCompute(job).plan(blocks, options)),
      recheck: (blocks, writes, options) => retry((e) => e.fixCompute(job).recheck(blocks, writes, options)),
    }),
    analyze: (blocks, options, job) => retry((e) => e.analyze(blocks, options, job)),
  };
}

/** A WireError back as an Error (custfile's own as CustfileError, so the pane can word it). */
function fromWire(e: WireError): Error {
  if (e.code) return new CustfileError(e.code as CustfileError["code"], e.data ?? {}, e.message);
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

interface Pending {
  findings: LocatedFinding[];
  writes: FixWrite[];
  flags: LocatedCreditFlag[];
  onProgress?: (p: Progress) => void;
  /** With a check's result, or an analysis's. */
  resolve(value: { check: CheckResult; writes: FixWrite[] } | AnalysisResult): void;
  reject(error: unknown): void;
}

/**
 * The engine in a Web Worker made by `spawn` (index.tsx passes `() => new Worker(url)`).
 * One job at a time, as the pane runs one operation at a time; a cancelled job terminates the
 * worker, and the next job starts a fresh one.
 */
export function workerEngine(spawn: () => Worker): Engine {
  let worker: Worker | null = null;
  /** Whether any worker has answered yet: an error before that means workers cannot run here (see fallbackEngine). */
  let answered = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  /** The blocks the worker holds, and under which session number. */
  let loaded: { blocks: SheetBlock[]; session: number } | null = null;

  const stop = (reason: unknown) => {
    worker?.terminate();
    worker = null;
    loaded = null;
    for (const p of pending.values()) p.reject(reason);
    pending.clear();
  };

  const ensure = (): Worker => {
    if (worker) return worker;
    let w: Worker;
    try {
      w = spawn();
    } catch (e) {
      throw new EngineUnavailable(`cannot start the engine worker: ${(e as Error).message}`);
    }
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      answered = true;
      const m = e.data;
      if (m.type === "ready") return;
      const p = pending.get(m.job);
      if (!p) return;
      if (m.type === "progress") p.onProgress?.(m.progress);
      else if (m.type === "findings" || m.type === "writes" || m.type === "flags") {
        const into: unknown[] = m.type === "findings" ? p.findings : m.type === "flags" ? p.flags : p.writes;
        for (const item of m.items) into.push(item);
        // The next slice once the page has painted (see the worker's postItems).
        void yieldToBrowser().then(() => { if (worker === w) w.postMessage({ type: "ack", job: m.job } satisfies ToWorker); });
      }
      else if (m.type === "error") { pending.delete(m.job); p.reject(fromWire(m.error)); }
      else if (m.type === "analysis") { pending.delete(m.job); p.resolve(m.result); }
      else { pending.delete(m.job); p.resolve({ check: { ...m.check, findings: p.findings, ...(m.check.creditFlags ? { creditFlags: p.flags } : {}) }, writes: p.writes }); }
    };
    w.onerror = (e) => {
      e.preventDefault();
      const what = e.message || "worker error";
      stop(answered ? new Error(`The check engine failed: ${what}`) : new EngineUnavailable(`the engine worker did not start: ${what}`));
    };
    worker = w;
    return w;
  };

  /** Send `blocks` to the worker in slices (yielding between them), unless it holds them already. */
  const load = async (blocks: SheetBlock[], job: Job | undefined, phase: "send" | "analysis-send"): Promise<number> => {
    const w = ensure();
    if (loaded && loaded.blocks === blocks) return loaded.session;
    const session = nextId++;
    const metas: BlockMeta[] = blocks.map(({ values, numberFormats, ...meta }) => ({ ...meta, rows: values.length, hasFormats: numberFormats !== undefined }));
    w.postMessage({ type: "blocks", session, metas } satisfies ToWorker);
    const total = blocks.reduce((n, b) => n + b.values.length, 0);
    let done = 0;
    let since = now();
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      const width = Math.max(1, b.values[0]?.length ?? 1) * (b.numberFormats ? 2 : 1);
      const step = Math.max(1, Math.floor(CELLS_PER_MESSAGE / width));
      for (let offset = 0; offset < b.values.length; offset += step) {
        job?.signal?.throwIfAborted();
        w.postMessage({ type: "rows", session, block: i, offset, values: b.values.slice(offset, offset + step), numberFormats: b.numberFormats?.slice(offset, offset + step) } satisfies ToWorker);
        done = Math.min(total, done + step);
        if (now() - since >= SEND_BUDGET_MS) {
          job?.onProgress?.({ phase, done, total });
          await yieldToBrowser();
          since = now();
        }
      }
    }
    job?.onProgress?.({ phase, done: total, total });
    loaded = { blocks, session };
    return session;
  };

  /** Run one job in the worker; an abort terminates the worker and rejects at once. */
  const runJob = async <T = { check: CheckResult; writes: FixWrite[] }>(blocks: SheetBlock[], job: Job | undefined, message: (id: number, session: number) => ToWorker, phase: "send" | "analysis-send" = "send"): Promise<T> => {
    const signal = job?.signal;
    signal?.throwIfAborted();
    const onAbort = () => stop(abortError());
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const session = await load(blocks, job, phase);
      const id = nextId++;
      const result = new Promise<T>((resolve, reject) => pending.set(id, { findings: [], writes: [], flags: [], onProgress: job?.onProgress, resolve: resolve as (value: unknown) => void, reject }));
      ensure().postMessage(message(id, session));
      return await result;
    } catch (e) {
      throw signal?.aborted ? abortError() : e;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  };

  return {
    kind: "worker",
    check: async (blocks, options, job) => (await runJob(blocks, job, (id, session) => ({ type: "check", job: id, session, options }))).check,
    fixCompute: (job) => ({
      plan: async (blocks: SheetBlock[], options: FixPlanOptions): Promise<FixPlan> => {
        // A callback cannot cross to the worker; progress comes from the job instead.
        const { onProgress: _callback, ...plain } = options;
        return runJob(blocks, job, (id, session) => ({ type: "plan", job: id, session, options: plain }));
      },
      recheck: async (blocks, writes, options) => {
        const { onProgress: _callback, ...plain } = options;
        const edits: FixEdit[] = writes.map((w) => {
          const f = w.edit.finding;
          return { sheet: f.sheet, row: f.row, columnNumber: f.columnNumber, fix: f.fix, table: f.table, code: f.code, severity: f.severity, column: f.column, value: f.value, message: f.message };
        });
        return (await runJob(blocks, job, (id, session) => ({ type: "recheck", job: id, session, edits, options: plain }))).check;
      },
    }),
    analyze: (blocks, options, job) => runJob<AnalysisResult>(blocks, job, (id, session) => ({ type: "analyze", job: id, session, options }), "analysis-send"),
  };
}
