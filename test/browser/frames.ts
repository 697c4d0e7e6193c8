/**
 * Measuring how long the pane's own work keeps the page from painting, on a machine whose CPU
 * other processes share and with an Excel test double that runs in the page's own thread.
 *
 * While an operation runs the page records every animation frame (requestAnimationFrame) and
 * every status text; Chromium traces the page's main thread (each task's wall time and its
 * thread CPU time); the test double records when it runs (office-host.ts `hostBusy`; real Excel
 * does that work in another process). For each gap between two frames:
 *   - `gap`: the wall time between them;
 *   - `gapLessHost`: the same less the double's time in it;
 *   - `own`: the CPU time the page's main thread spent in the gap, less the double's share of
 *     it — the time custfile's own code (and the rendering it causes) kept a frame away. Time the
 *     thread was not running (another process had the CPU) is nobody's code and is not counted;
 *     within a task the double's share is its wall time over the task's, applied to the CPU time.
 * The 100 ms bound applies to the longest `own`; the others are reported beside it.
 */
import type { Browser, Page } from "playwright-core";

const MARK = "custfile-frames-start";

/** What a measured run shows. */
export interface FrameMeasure {
  frames: number;
  longestGapMs: number;
  longestGapLessHostMs: number;
  longestOwnMs: number;
  /** The longest single task of the page's main thread, in CPU time less the double's share. */
  longestOwnTaskMs: number;
  hostMs: number;
  statuses: string[];
  /** The three worst gaps by `own`, with what the status said then. */
  worst: string[];
}

/** Start recording (see the module comment). */
export async function startFrames(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"] });
  await page.evaluate((mark) => {
    const status = () => document.querySelector('[data-testid="status"]')?.textContent ?? "";
    const rec = { times: [] as number[], statuses: [] as string[], at: [] as number[], on: true, from: window.__custfileHost.hostBusy.length, observer: null as MutationObserver | null };
    rec.observer = new MutationObserver(() => { rec.statuses.push(status()); rec.at.push(performance.now()); });
    rec.observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    (window as unknown as { __frames: typeof rec }).__frames = rec;
    performance.clearMarks(mark);
    performance.mark(mark);
    const loop = (t: number) => { rec.times.push(t); if (rec.on) requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  }, MARK);
}

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; data?: { functionName?: string; url?: string; type?: string } } }

/** Stop recording and measure (see the module comment). */
export async function stopFrames(browser: Browser, page: Page): Promise<FrameMeasure> {
  const rec = await page.evaluate((mark) => {
    const r = (window as unknown as { __frames: { times: number[]; statuses: string[]; at: number[]; on: boolean; from: number; observer: MutationObserver } }).__frames;
    r.on = false;
    r.observer.disconnect();
    const start = performance.getEntriesByName(mark)[0]?.startTime ?? 0;
    return { times: r.times, statuses: r.statuses, at: r.at, host: window.__custfileHost.hostBusy.slice(r.from), start };
  }, MARK);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const events = trace.traceEvents;
  const mark = events.find((e) => e.name === MARK);
  if (!mark) throw new Error("the trace has no calibration mark");
  // Trace time (µs) → the page's performance.now() (ms).
  const offset = mark.ts / 1000 - rec.start;
  const main = events.find((e) => e.ph === "M" && e.name === "thread_name" && e.pid === mark.pid && e.args?.name === "CrRendererMain");
  const tasks = events
    .filter((e) => e.pid === mark.pid && e.tid === (main?.tid ?? mark.tid) && e.name === "RunTask" && e.ph === "X" && e.dur !== undefined)
    .map((e) => ({ start: e.ts / 1000 - offset, end: (e.ts + (e.dur ?? 0)) / 1000 - offset, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }));

  const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  const hostIn = (t0: number, t1: number) => rec.host.reduce((n, [a, b]) => n + overlap(t0, t1, a, b), 0);
  /** A task's CPU time less the double's share, counted for the part of the task inside [t0, t1]. */
  const ownCpu = (t: { start: number; end: number; cpu: number }, t0 = t.start, t1 = t.end) => {
    const wall = t.end - t.start;
    if (wall <= 0) return 0;
    const inside = overlap(t0, t1, t.start, t.end);
    const hostShare = hostIn(t.start, t.end) / wall;
    return t.cpu * Math.max(0, 1 - hostShare) * (inside / wall);
  };

  let longestGap = 0;
  let longestGapLessHost = 0;
  let longestOwn = 0;
  const gaps: Array<{ own: number; t0: number; t1: number }> = [];
  for (let i = 1; i < rec.times.length; i++) {
    const t0 = rec.times[i - 1];
    const t1 = rec.times[i];
    const own = tasks.filter((t) => t.end > t0 && t.start < t1).reduce((n, t) => n + ownCpu(t, t0, t1), 0);
    longestGap = Math.max(longestGap, t1 - t0);
    longestGapLessHost = Math.max(longestGapLessHost, t1 - t0 - hostIn(t0, t1));
    longestOwn = Math.max(longestOwn, own);
    gaps.push({ own, t0, t1 });
  }
  const first = rec.times[0] ?? 0;
  const last = rec.times[rec.times.length - 1] ?? 0;
  const longestOwnTask = tasks.filter((t) => t.end > first && t.start < last).reduce((n, t) => Math.max(n, ownCpu(t)), 0);
  const hostMs = rec.host.reduce((n, [a, b]) => n + b - a, 0);
  /** What ran longest in a gap: the main thread's entry points (script, event type) by CPU time. */
  const mainTid = main?.tid ?? mark.tid;
  const calls = events.filter((e) => e.pid === mark.pid && e.tid === mainTid && e.ph === "X" && e.name !== "RunTask");
  const ranIn = (t0: number, t1: number) => calls
    .map((e) => ({ e, start: e.ts / 1000 - offset, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }))
    .filter((c) => c.start >= t0 - 1 && c.start < t1 && c.cpu >= 5)
    .sort((a, b) => b.cpu - a.cpu).slice(0, 4)
    .map((c) => `${Math.round(c.cpu)} ms ${c.e.name}${c.e.args?.data?.functionName ? ` ${c.e.args.data.functionName}` : ""}${c.e.args?.data?.type ? ` ${c.e.args.data.type}` : ""}${c.e.args?.data?.url ? ` ${c.e.args.data.url.split("/").pop()}` : ""}`);
  const worst = gaps.sort((x, y) => y.own - x.own).slice(0, 3).map(({ own, t0, t1 }) => {
    let said = "";
    rec.at.forEach((t, i) => { if (t <= t1) said = rec.statuses[i]; });
    return `${Math.round(own)} ms own CPU in a ${Math.round(t1 - t0)} ms gap (host ${Math.round(hostIn(t0, t1))} ms) at +${Math.round(t0 - first)} ms, "${said}": ${ranIn(t0, t1).join("; ")}`;
  });
  return {
    frames: rec.times.length, longestGapMs: Math.round(longestGap), longestGapLessHostMs: Math.round(longestGapLessHost), longestOwnMs: Math.round(longestOwn),
    longestOwnTaskMs: Math.round(longestOwnTask), hostMs: Math.round(hostMs), statuses: [...new Set(rec.statuses)], worst,
  };
}
