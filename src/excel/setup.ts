/**
 * Setting up the template (SPEC §2) in the open workbook: core/template/plan decides what is
 * missing; src/excel/write.ts writes it (text columns "@", dates YYYY-MM-DD, widths, dropdowns
 * fed by the Lists table, a table over a Range of the right sheet). Round trips: the survey of a
 * check (names; tables' places and headers with sheets' used ranges; the first rows of plain
 * sheets, when there are any), then every write in one batch. Nothing that exists is changed.
 * custfile's record sheets are protected (no password; sorting and filtering allowed: SPEC §10.5b).
 */
import { planTableSpec, setupSteps, type SetupStep } from "../core/template/plan";
import { surveyWorkbook } from "./read";
import { queueTable, queueTableColumn, SHEET_PROTECTION } from "./write";
import type { ExcelRun } from "./check";
import { maxOf } from "../core/arrays";

/** What set-up did, for the pane to say. */
export interface SetupResult {
  /** Tables created, with their sheets. */
  added: Array<{ table: string; sheet: string; newSheet: boolean }>;
  /** Tables that were there already. */
  kept: Array<{ table: string; sheet: string }>;
  /** Template sheets that hold data but no such table: left alone. */
  skipped: Array<{ table: string; sheet: string }>;
  /** Lists appended to an existing Lists table. */
  listsAdded: string[];
}

async function addTable(context: Excel.RequestContext, step: Extract<SetupStep, { kind: "add-table" }>, wasProtected: boolean): Promise<void> {
  const sheet = step.addSheet ? context.workbook.worksheets.add(step.sheet) : context.workbook.worksheets.getItem(step.sheet);
  // An empty sheet of that name the user protected: custfile writes its table in the same request as it protects it again.
  if (wasProtected) sheet.protection.unprotect();
  // A new table gets one empty body row with the columns' formats and dropdowns; Excel carries them to rows added later.
  await queueTable(context, sheet, planTableSpec(step.plan));
  sheet.freezePanes.freezeRows(1);
  // custfile's record sheets (变更记录, 抽查记录, 信用月报, 交接记录) refuse hand edits; no password, sorting and filtering allowed (SPEC §10.5b).
  if (step.plan.protect || wasProtected) sheet.protection.protect(SHEET_PROTECTION);
}

/**
 * Create what is missing of the template; returns what was added, kept and skipped. The
 * workbook is surveyed as a check does (tables found by table name, sheet name or headers count
 * as present), then everything is written in one more round trip.
 */
export async function setUpTemplate(run: ExcelRun): Promise<SetupResult> {
  return run(async (context) => {
    const survey = await surveyWorkbook(context, () => false, Number.POSITIVE_INFINITY);
    const found = survey.detected.map((d) => ({ key: d.table, sheet: d.sheet, tableName: survey.candidates[d.blockIndex].tableName }));
    const lists = survey.detected.find((d) => d.table === "Lists" && survey.candidates[d.blockIndex].tableName);
    const listsCandidate = lists ? survey.candidates[lists.blockIndex] : undefined;
    const steps = setupSteps({
      sheets: survey.sheetNames,
      nonEmptySheets: survey.nonEmptySheets,
      found,
      listsHeaders: listsCandidate ? listsCandidate.probe[0].map((v) => String(v ?? "")) : undefined,
    });
    const result: SetupResult = { added: [], kept: [], skipped: [], listsAdded: [] };
    for (const step of steps) {
      if (step.kind === "add-table") {
        await addTable(context, step, !step.addSheet && (survey.sheets.get(step.sheet)?.protected ?? false));
        result.added.push({ table: step.plan.tableName, sheet: step.sheet, newSheet: step.addSheet });
      } else if (step.kind === "keep-table") {
        result.kept.push({ table: step.tableName, sheet: step.sheet });
      } else if (step.kind === "keep-sheet") {
        result.skipped.push({ table: step.key, sheet: step.sheet });
      } else {
        const table = context.workbook.tables.getItem(step.tableName);
        let bodyRows = listsCandidate!.rows - 1;
        const longest = maxOf(step.lists.map((l) => l.values.length));
        if (longest > bodyRows) {
          // A new column must be as long as the table: grow the table first with empty rows.
          table.rows.add(null as unknown as number, Array.from({ length: longest - bodyRows }, () => Array.from({ length: listsCandidate!.cols }, () => "")));
          bodyRows = longest;
        }
        for (const l of step.lists) {
          // A list of names is text: Excel would read "001" as 1.
          queueTableColumn(context, step.tableName, l.list, Array.from({ length: bodyRows }, (_v, i) => l.values[i] ?? ""), "text");
          result.listsAdded.push(l.list);
        }
      }
    }
    if (result.added.length) context.workbook.worksheets.getItem(result.added[0].sheet).activate();
    await context.sync();
    return result;
  });
}
