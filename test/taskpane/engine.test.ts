/** The pane's engine: the worker protocol (row slices in, results in slices out), progress, cancel, errors, and the fallback to the page. */
import { generateDemo } from "../../src/demo/generate";
import { validateWorkbook } from "../../src/core/validate";
import { toCheckResult } from "../../src/excel/check";
import { localFixCompute } from "../../src/excel/fixes";
import { EngineUnavailable, fallbackEngine, localEngine, workerEngine } from "../../src/taskpane/engine/client";
import { computeCheck } from "../../src/taskpane/engine/compute";
import { CheckProgress, cancellable, progressFraction, type Progress } from "../../src/taskpane/engine/progress";
import { CELLS_PER_MESSAGE, ITEMS_PER_MESSAGE, type FromWorker, type ToWorker } from "../../src/taskpane/engine/protocol";
import { engineHandler } from "../../src/taskpane/engine/worker";
import { computeAnalysis } from "../../src/taskpane/engine/analysis";
import { analyzeWorkbook, compositionSheet } from "../../src/core/analysis";
import * as fixtures from "../core/analysis/fixtures";

const AS_OF = "2026-09-30";
const demo = generateDemo({ customers: 3000, interactionsPerCustomer: 2, archivePerCustomer: 1, paymentsPerCustomer: 3, seed: 11, asOf: AS_OF });

/** A Worker in this process: messages are cloned (as postMessage does) and delivered on later tasks. */
class FakeWorker {
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  terminated = false;
  readonly received: ToWorker[] = [];
  private readonly handle = engineHandler((m) => setTimeout(() => { if (!this.terminated) this.onmessage?.({ data: structuredClone(m) }); }, 0));
  constructor() {
    setTimeout(() => this.onmessage?.({ data: { type: "ready", job: 0 } }), 0);
  }
  postMessage(m: ToWorker): void {
    const copy = structuredClone(m);
    this.received.push(copy);
    setTimeout(() => { if (!this.terminated) void this.handle(copy); }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

function spawner() {
  const workers: FakeWorker[] = [];
  return { workers, spawn: () => { const w = new FakeWorker(); workers.push(w); return w as unknown as Worker; } };
}

describe("the engine worker", () => {
  it("checks the same as the core in this thread, with the rows sent in slices and progress per table", async () => {
    const { workers, spawn } = spawner();
    const engine = workerEngine(spawn);
    const seen: Progress[] = [];
    const result = await engine.check(demo.sheets, { asOf: AS_OF }, { onProgress: (p) => seen.push(p) });
    const local = await computeCheck(demo.sheets, { asOf: AS_OF });
    expect(result).toEqual(local);
    // The findings, then the credit flags (recorded vs computed), came back in slices of at most ITEMS_PER_MESSAGE.
    const slices = seen.filter((p) => p.phase === "results");
    // (The demo's recorded grades mostly agree with the computed ones now: its ~200 flags are one slice, the findings several.)
    expect(result.creditFlags!.length).toBeGreaterThan(0);
    expect(result.findings.length).toBeGreaterThan(ITEMS_PER_MESSAGE);
    expect(slices.length).toBe(Math.ceil(result.findings.length / ITEMS_PER_MESSAGE) + Math.ceil(result.creditFlags!.length / ITEMS_PER_MESSAGE));
    expect(slices.length).toBeGreaterThan(1);
    // … each one acknowledged by the pane before the worker sent the next.
    expect(workers[0].received.filter((m) => m.type === "ack")).toHaveLength(slices.length);
    // No message carries more than a slice of rows.
    const rows = workers[0].received.filter((m) => m.type === "rows") as Array<Extract<ToWorker, { type: "rows" }>>;
    expect(rows.length).toBeGreaterThan(demo.sheets.length);
    for (const m of rows) expect(m.values.length * (m.values[0]?.length ?? 0) * (m.numberFormats ? 2 : 1)).toBeLessThanOrEqual(CELLS_PER_MESSAGE);
    const phases = new Set(seen.map((p) => p.phase));
    expect([...phases]).toEqual(expect.arrayContaining(["send", "check", "credit", "results"]));
    const customers = seen.filter((p): p is Extract<Progress, { phase: "check" }> => p.phase === "check" && p.table === "Customers");
    expect(customers.at(-1)).toMatchObject({ done: 3000, total: 3000 });
    const last = seen.filter((p) => p.phase === "check").at(-1) as Extract<Progress, { phase: "check" }>;
    expect(last.doneAll).toBe(last.totalAll);
  });

  it("plans a fix and rechecks it against the blocks it already holds (they are sent once)", async () => {
    const { workers, spawn } = spawner();
    const compute = workerEngine(spawn).fixCompute();
    const options = { asOf: AS_OF, time: "2026-09-30 10:00:00", user: "李会计" };
    const plan = await compute.plan(demo.sheets, options);
    const local = await localFixCompute.plan(demo.sheets, options);
    expect(plan.writes).toEqual(local.writes);
    expect(plan.check).toEqual(local.check);
    const blocksSent = workers[0].received.filter((m) => m.type === "blocks").length;
    const after = await compute.recheck(demo.sheets, plan.writes, { asOf: AS_OF });
    expect(after).toEqual(await localFixCompute.recheck(demo.sheets, local.writes, { asOf: AS_OF }));
    expect(workers[0].received.filter((m) => m.type === "blocks").length).toBe(blocksSent);
  });

  it("Cancel terminates the worker at once; the next job starts a new one", async () => {
    const { workers, spawn } = spawner();
    const engine = workerEngine(spawn);
    const controller = new AbortController();
    const job = engine.check(demo.sheets, { asOf: AS_OF }, { signal: controller.signal, onProgress: (p) => { if (p.phase === "send") controller.abort(); } });
    await expect(job).rejects.toMatchObject({ name: "AbortError" });
    expect(workers[0].terminated).toBe(true);
    const again = await engine.check(demo.sheets, { asOf: AS_OF });
    expect(again.findings.length).toBeGreaterThan(0);
    expect(workers).toHaveLength(2);
  });

  it("an error in the worker rejects the job with its message", async () => {
    const { spawn } = spawner();
    await expect(workerEngine(spawn).check(demo.sheets, { asOf: "2026-13-45" })).rejects.toThrow(/asOf must be a real day/);
  });

  it("where no worker can start, the fallback engine checks in the page instead (and says so once)", async () => {
    const warnings: string[] = [];
    const engine = fallbackEngine(workerEngine(() => { throw new Error("blocked by the policy"); }), localEngine(), (m) => warnings.push(m));
    expect(engine.kind).toBe("worker");
    const result = await engine.check(demo.sheets, { asOf: AS_OF });
    expect(result.stats).toEqual(toCheckResult(validateWorkbook(demo.sheets, { asOf: AS_OF })).stats);
    expect(engine.kind).toBe("local");
    expect(warnings).toEqual([expect.stringMatching(/blocked by the policy/)]);
    // Other errors are not swallowed by the fallback.
    await expect(engine.check(demo.sheets, { asOf: "2026-13-45" })).rejects.toThrow(/asOf/);
    expect(new EngineUnavailable("x")).toBeInstanceOf(Error);
  });
});

describe("the local engine", () => {
  it("honours an abort before and after its work", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(localEngine().check(demo.sheets, { asOf: AS_OF }, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("progress accounting", () => {
  it("sums the tables into one bar and knows when a Cancel can still stop the work", () => {
    const p = new CheckProgress(300);
    expect(p.at("Customers", "客户信息", 100, 100)).toMatchObject({ doneAll: 100, totalAll: 300 });
    expect(p.at("Interactions", "客户动态", 50, 200)).toMatchObject({ doneAll: 150 });
    expect(p.at("Interactions", "客户动态", 200, 200)).toMatchObject({ doneAll: 300 });
    expect(progressFraction(p.at("Interactions", "客户动态", 200, 200))).toBe(1);
    expect(progressFraction({ phase: "send", done: 25, total: 100 })).toBe(0.25);
    expect(progressFraction({ phase: "read" })).toBeUndefined();
    expect(progressFraction(null)).toBeUndefined();
    expect(cancellable({ phase: "check", table: "Customers", sheet: "x", done: 1, total: 2, doneAll: 1, totalAll: 2 })).toBe(true);
    expect(cancellable({ phase: "write", cells: 3 })).toBe(false);
  });
});

describe("the 分析 tab's analysis in the engine", () => {
  it("in the worker: the rows go over in slices with their own progress, and the result is the core's report (rows left out counted) and the command line's sheet", async () => {
    const { workers, spawn } = spawner();
    const seen: Progress[] = [];
    const result = await workerEngine(spawn).analyze(demo.sheets, { asOf: AS_OF }, { onProgress: (p) => seen.push(p) });
    const report = analyzeWorkbook(demo.sheets, { asOf: fixtures.AS_OF_DAY });
    const { problems, ...rest } = report;
    expect(result).toEqual({ kind: "report", report: { ...rest, problems: problems.length }, sheet: compositionSheet(report) });
    expect(result).toEqual(computeAnalysis(demo.sheets, { asOf: AS_OF }));
    expect(seen.some((p) => p.phase === "analysis-send")).toBe(true);
    expect(seen.some((p) => p.phase === "send")).toBe(false);
    expect(seen.find((p) => p.phase === "analyze")).toEqual({ phase: "analyze", customers: 3000, payments: demo.sheets.find((b) => b.tableName === "Payments")!.values.length - 1 });
    expect(workers[0].received.map((m) => m.type)).toContain("analyze");
    expect(progressFraction({ phase: "analysis-send", done: 1, total: 4 })).toBe(0.25);
    expect(cancellable({ phase: "analyze", customers: 1, payments: 1 })).toBe(true);
    expect(cancellable({ phase: "write-sheet", sheet: "客户构成分析 2026-09-30" })).toBe(false);
  });

  it("Cancel terminates the worker while it analyses; the local engine gives the same result", async () => {
    const { workers, spawn } = spawner();
    const controller = new AbortController();
    const job = workerEngine(spawn).analyze(demo.sheets, { asOf: AS_OF }, { signal: controller.signal, onProgress: (p) => { if (p.phase === "analysis-send") controller.abort(); } });
    await expect(job).rejects.toMatchObject({ name: "AbortError" });
    expect(workers[0].terminated).toBe(true);
    expect(await localEngine().analyze(fixtures.book(), { asOf: AS_OF })).toEqual(computeAnalysis(fixtures.book(), { asOf: AS_OF }));
  });

  it("a workbook it cannot analyse comes back as a reason, for the pane to word", () => {
    const { book, sheet, CUSTOMER_ROWS, PAYMENT_HEADERS, PAYMENT_ROWS } = fixtures;
    expect(computeAnalysis([sheet("Sheet1", ["备注"], [["x"]])], { asOf: AS_OF })).toEqual({ kind: "refused", reason: "no-tables" });
    expect(computeAnalysis(book([], PAYMENT_ROWS.map((r) => r.slice(0, 5)), PAYMENT_HEADERS.slice(0, 5)), { asOf: AS_OF })).toEqual({ kind: "refused", reason: "payments" });
    expect(computeAnalysis(book([sheet("信用政策", ["参数", "值"], [["ABC-A累计占比", "七成"]])]), { asOf: AS_OF })).toEqual({ kind: "refused", reason: "policy", key: "ABC-A累计占比", value: "七成" });
    const noIds = [sheet("客户信息", ["客户名称", "客户类型", "所属行业", "客户等级", "地址(省市区)"], CUSTOMER_ROWS.map((r) => r.slice(1, 6)))];
    expect(computeAnalysis(noIds, { asOf: AS_OF })).toEqual({ kind: "refused", reason: "no-id", sheet: "客户信息" });
  });
});
