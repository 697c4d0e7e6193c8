/**
 * The pane's engine in a Web Worker (its own webpack entry, engine-worker.js, a same-origin
 * script the page's CSP allows): blocks arrive in row slices, then a job (check, plan a fix,
 * recheck after a fix; analyze for the 分析 tab) runs compute.ts (analysis.ts) here, posting progress and its results in slices.
 * The pane cancels a job by terminating the worker.
 */
import type { SheetBlock } from "../../core/table";
import { custfileErrorOf } from "../../core/errors";
import type { Finding } from "../../core/validate";
import { computeAnalysis } from "./analysis";
import { computeCheck, computePlan, computeRecheck } from "./compute";
import { ITEMS_PER_MESSAGE, type FromWorker, type ToWorker, type WireError } from "./protocol";

/** An error as plain data for postMessage (custfile's own keep their code and data). */
export function wireError(e: unknown): WireError {
  const coded = custfileErrorOf(e);
  const error = e as Error;
  return { name: error?.name ?? "Error", message: error?.message ?? String(e), ...(coded ? { code: coded.code, data: { ...coded.data } } : {}) };
}

/** The worker's message handler, posting through `post` (the entry below wires it to the worker's scope; tests call it directly). */
export function engineHandler(post: (message: FromWorker) => void): (m: ToWorker) => Promise<void> {
  let session = -1;
  let blocks: SheetBlock[] = [];
  /** Waiting for the pane to acknowledge a slice, by job. */
  const acks = new Map<number, () => void>();

  /**
   * Post items in slices, each after the pane acknowledged the one before: a slice is cloned on
   * the UI thread when it arrives, and a burst of them would keep the page from painting.
   */
  const postItems = async <T,>(job: number, type: "findings" | "writes" | "flags", items: readonly T[]): Promise<void> => {
    for (let i = 0; i < items.length; i += ITEMS_PER_MESSAGE) {
      const taken = new Promise<void>((resolve) => acks.set(job, resolve));
      post({ type: "progress", job, progress: { phase: "results", done: Math.min(items.length, i + ITEMS_PER_MESSAGE), total: items.length } });
      post({ type, job, items: items.slice(i, i + ITEMS_PER_MESSAGE) } as FromWorker);
      await taken;
    }
  };

  const need = (s: number): SheetBlock[] => {
    if (s !== session) throw new Error(`engine: session ${s} is not loaded (the worker holds ${session})`);
    return blocks;
  };

  const handle = async (m: ToWorker): Promise<void> => {
    switch (m.type) {
      case "blocks":
        session = m.session;
        blocks = m.metas.map(({ rows, hasFormats, ...meta }) => ({ ...meta, values: new Array(rows), numberFormats: hasFormats ? new Array(rows) : undefined }));
        return;
      case "rows": {
        if (m.session !== session) return; // a slice of a session the pane has moved on from
        const b = blocks[m.block];
        for (let i = 0; i < m.values.length; i++) b.values[m.offset + i] = m.values[i];
        if (b.numberFormats && m.numberFormats) for (let i = 0; i < m.numberFormats.length; i++) b.numberFormats[m.offset + i] = m.numberFormats[i];
        return;
      }
      case "ack":
        acks.get(m.job)?.();
        acks.delete(m.job);
        return;
      case "check": {
        const { findings, creditFlags, ...rest } = await computeCheck(need(m.session), m.options, (progress) => post({ type: "progress", job: m.job, progress }));
        await postItems(m.job, "findings", findings);
        await postItems(m.job, "flags", creditFlags ?? []);
        post({ type: "done", job: m.job, check: { ...rest, ...(creditFlags ? { creditFlags: [] } : {}) } });
        return;
      }
      case "plan": {
        const plan = await computePlan(need(m.session), m.options, (progress) => post({ type: "progress", job: m.job, progress }));
        const { findings, ...rest } = plan.check;
        await postItems(m.job, "writes", plan.writes);
        await postItems(m.job, "findings", findings);
        post({ type: "done", job: m.job, check: rest });
        return;
      }
      case "recheck": {
        const writes = m.edits.map((f) => ({ edit: { finding: f as Finding } })) as Parameters<typeof computeRecheck>[1];
        const { findings, ...rest } = await computeRecheck(need(m.session), writes, m.options, (progress) => post({ type: "progress", job: m.job, progress }));
        await postItems(m.job, "findings", findings);
        post({ type: "done", job: m.job, check: rest });
        return;
      }
      case "analyze": {
        const result = computeAnalysis(need(m.session), m.options, (progress) => post({ type: "progress", job: m.job, progress }));
        post({ type: "analysis", job: m.job, result });
        return;
      }
    }
  };

  return (m) => handle(m).catch((error: unknown) => {
    if ("job" in m) post({ type: "error", job: m.job, error: wireError(error) });
    else console.error("custfile engine:", error);
  });
}

/** The worker's global scope (typed here: the project compiles with the DOM lib, not WebWorker). */
const scope = (globalThis as unknown as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== undefined
  ? (globalThis as unknown as { onmessage: ((e: MessageEvent<ToWorker>) => void) | null; postMessage(message: FromWorker): void })
  : null;

if (scope) {
  const handle = engineHandler((message) => scope.postMessage(message));
  scope.postMessage({ type: "ready", job: 0 });
  scope.onmessage = (e) => void handle(e.data);
}
