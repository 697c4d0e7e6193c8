/**
 * Handover (交接, SPEC §10.1) in the open workbook, for the pane's 交接 tab: the names to pick
 * from, a preview (the core's plan; nothing written), and the write. No business rule lives
 * here: who may hand over to whom, which customers and what is written come from
 * core/records/handover (planHandover), as for `custfile handover`.
 *
 * The write is one batch, after reading Customers and Staff as a check does (3 syncs): each old
 * 负责人 to ChangeLog first (原因 交接, each row with its 校验), the 负责人 cells, one Handovers
 * row (交接记录: made, protected, when missing; a protected sheet is unprotected and protected
 * again in the same request) and the `交接清单 YYYY-MM-DD X→Y` sheet with its 已通知 dropdown.
 * It runs in the change tracker's queue (`ownWrites`) when tracking runs, so its ChangeLog rows
 * never interleave with a burst's and the chain stays whole. (负责人 is not a key field the
 * tracker logs, so the event the write raises logs nothing.) A plan that no longer moves the
 * customers the preview showed is not written: the pane shows the new preview instead.
 */
import { logTime } from "../core/changes";
import { formatDay, today } from "../core/dates";
import { handoverCandidates, planHandover, type HandoverCandidate, type HandoverError, type HandoverPlan, type HandoverRequest } from "../core/records/handover";
import { formatOfKind, type RecordEntry } from "../core/sheets";
import { CHANGELOG, CUSTOMERS, HANDOVERS, type TableKey } from "../core/template/tables";
import type { LocalizedText } from "../core/validate/types";
import type { ExcelRun } from "./check";
import type { OwnWriteTracker } from "./fixes";
import { readDetected, recordTableFromSurvey, type WorkbookSurvey } from "./read";
import { announceChainStart, appendRecords, queueCellWrites, RequestBudget, WEB_WRITE_BUDGET, writeSheet, type ChainStart } from "./write";

export type { HandoverCandidate, HandoverError };

/** The tables a handover reads. */
const READ: ReadonlySet<TableKey> = new Set(["Customers", "Staff"]);

/** What a person chose in the pane (the day and the clock are the host's). */
export type HandoverChoice = Pick<HandoverRequest, "from" | "to" | "supervisor" | "ids" | "user" | "note">;

/** A handover as the pane shows it before (and after) the write. */
export interface HandoverPreview {
  from: string;
  to: string;
  supervisor: string;
  /** 交接日期, YYYY-MM-DD (today in Asia/Shanghai). */
  date: string;
  /** The customers to move, in sheet order; `row` is their 客户信息 sheet row. */
  customers: Array<{ id: string; name: string; row: number }>;
  /** The 交接清单 sheet's name. */
  sheet: string;
  /** Sheet of the 负责人 cells. */
  customersSheet: string;
  /** What does not stop the handover (a receiver not on the staff list …). */
  warnings: LocalizedText[];
}

/** What was written. */
export interface HandoverDone extends HandoverPreview {
  /** ChangeLog rows appended (one per customer), and their sheet. */
  changeLogRows: number;
  changeLogSheet: string;
  /** The Handovers row's sheet and 1-based sheet row. */
  handoversSheet: string;
  handoversRow: number;
  /** The ChangeLog's 校验 chain started with these rows (the log had rows without it). */
  chainStart?: ChainStart;
}

/** The outcome of a preview or a write, as data for the pane to word. */
export type HandoverOutcome =
  | { kind: "preview"; preview: HandoverPreview }
  /** The core refused (unknown from, same person, nobody to hand over, receiver left …): nothing written. */
  | { kind: "refused"; error: HandoverError }
  /** The workbook changed since the preview (other customers would move): nothing written; the new preview. */
  | { kind: "changed"; preview: HandoverPreview }
  | { kind: "done"; done: HandoverDone };

/** Options of a preview or a write. */
export interface HandoverOptions {
  /** Largest estimated response of one read sync (Excel on the web); also splits a very large write under its bound. */
  requestBudget?: number;
  now?: () => Date;
}

/** Options of the write. */
export interface ApplyHandoverOptions extends HandoverOptions {
  /** The running change tracker, when there is one (the write then runs in its queue). */
  tracker?: OwnWriteTracker | null;
  /** The 客户信息 sheet rows the preview showed: written only when the plan still moves exactly these. */
  expect?: readonly number[];
}

/** The names for the pickers: every 负责人 and member of staff, once (3 syncs). */
export async function readHandoverCandidates(run: ExcelRun, options: Pick<HandoverOptions, "requestBudget"> = {}): Promise<HandoverCandidate[]> {
  return run(async (context) => handoverCandidates((await readDetected(context, READ, options.requestBudget ?? Number.POSITIVE_INFINITY)).blocks));
}

/** Read Customers and Staff and plan the handover (nothing written). */
async function planIn(context: Excel.RequestContext, choice: HandoverChoice, options: HandoverOptions): Promise<{ survey: WorkbookSurvey; result: ReturnType<typeof planHandover> }> {
  const { survey, blocks } = await readDetected(context, READ, options.requestBudget ?? Number.POSITIVE_INFINITY);
  const now = options.now?.() ?? new Date();
  const result = planHandover(blocks, {
    ...choice,
    date: formatDay(today("Asia/Shanghai", now)),
    time: logTime(now),
    existingSheets: survey.sheetNames,
    existingTables: survey.candidates.flatMap((c) => (c.tableName ? [c.tableName] : [])),
  });
  return { survey, result };
}

function previewOf(plan: HandoverPlan): HandoverPreview {
  return {
    from: plan.from, to: plan.to, supervisor: plan.supervisor, date: plan.date,
    customers: plan.customers.map((c) => ({ id: c.id, name: c.name, row: c.row })),
    sheet: plan.sheet.name, customersSheet: plan.edits[0]?.sheet ?? CUSTOMERS.sheet, warnings: plan.warnings,
  };
}

/** Plan a handover without writing: the customers it moves and what it would write, or why not. */
export async function previewHandover(run: ExcelRun, choice: HandoverChoice, options: HandoverOptions = {}): Promise<HandoverOutcome> {
  const { result } = await run((context) => planIn(context, choice, options));
  return result.ok ? { kind: "preview", preview: previewOf(result.plan) } : { kind: "refused", error: result.error };
}

async function writeIn(context: Excel.RequestContext, choice: HandoverChoice, options: ApplyHandoverOptions): Promise<HandoverOutcome> {
  const { survey, result } = await planIn(context, choice, options);
  if (!result.ok) return { kind: "refused", error: result.error };
  const plan = result.plan;
  const preview = previewOf(plan);
  if (options.expect && !sameRows(options.expect, plan.customers.map((c) => c.row))) return { kind: "changed", preview };

  // On the web a very large handover is written in parts under the request bound, the log still first.
  const budget = options.requestBudget ? new RequestBudget(context, { bytes: WEB_WRITE_BUDGET }) : undefined;
  const owner = CUSTOMERS.columns.find((c) => c.key === "owner")!;
  const changeLog = recordTableFromSurvey(survey, CHANGELOG);
  const handoversTable = recordTableFromSurvey(survey, HANDOVERS);
  // Both record sheets are unprotected before anything else: Excel does not undo a request's
  // earlier operations when one fails, so a password custfile does not know must fail first.
  const reprotect = new Set<string>();
  for (const t of [changeLog, handoversTable]) {
    if (!t.protected) continue;
    context.workbook.worksheets.getItem(t.sheet).protection.unprotect();
    t.protected = false;
    reprotect.add(t.def.key);
  }
  const again = (key: string) => (reprotect.has(key) ? { protect: true } : {});
  const logged = await appendRecords(context, changeLog, plan.changeLog as unknown as RecordEntry[], { budget, ...again(CHANGELOG.key) });
  await queueCellWrites(context, plan.edits.map((e) => ({ sheet: e.sheet, row: e.row, column: e.columnNumber, value: e.after, format: formatOfKind(owner.kind) })), budget);
  const handovers = await appendRecords(context, handoversTable, [Object.fromEntries(HANDOVERS.columns.map((c, i) => [c.key, plan.handoversRow[i]]))], { budget, ...again(HANDOVERS.key) });
  // The name is one the workbook does not have (planned against every sheet name): no look first.
  await writeSheet(context, plan.sheet, { known: { exists: false, hasData: false }, activate: true, budget });
  await context.sync();
  announceChainStart(logged.chainStart);
  return {
    kind: "done",
    done: {
      ...preview, changeLogRows: logged.rows, changeLogSheet: logged.sheet, handoversSheet: handovers.sheet, handoversRow: handovers.firstRow,
      ...(logged.chainStart ? { chainStart: logged.chainStart } : {}),
    },
  };
}

function sameRows(a: readonly number[], b: readonly number[]): boolean {
  const set = new Set(a);
  return set.size === a.length && a.length === b.length && b.every((r) => set.has(r));
}

/**
 * Hand the customers over in one write batch (see the module comment), planned again from the
 * workbook as it is now; refused, or not written when `expect` no longer holds, with nothing written.
 */
export async function applyHandover(run: ExcelRun, choice: HandoverChoice, options: ApplyHandoverOptions = {}): Promise<HandoverOutcome> {
  if (options.tracker) return options.tracker.ownWrites((context) => writeIn(context, choice, options));
  return run((context) => writeIn(context, choice, options));
}
