/** `custfile handover`: hand a 负责人's customers to someone else (SPEC §10.1) in a copy of the workbook. */
import { logTime } from "../../core/changes";
import { formatDay, parseIsoDate, today } from "../../core/dates";
import { HANDOVER_TABLES, planHandover, type HandoverPlan } from "../../core/records/handover";
import { HANDOVERS } from "../../core/template/tables";
import type { Lang } from "../../core/validate";
import { parseCommandArgs, requireIsoDate, requireLang, requireOneFile, requireXlsxOut, COPY_OPTIONS } from "../args";
import { changeLogAppend } from "../changelog";
import { endRun, readInput, startRun } from "../input";
import { CliError, EXIT, padToWidth, type CliCommand, type CliIO } from "../io";
import { checkOutput } from "../output";
import type { WorkbookEdits } from "../workbook";

const USAGE = `Usage: custfile handover FILE.xlsx --from NAME --to NAME --out OUT.xlsx [options]

Hands the customers of one 负责人 to another (seed 001: when an employee leaves, the company
assigns a replacement and informs the customers; no customer information leaves with them).
Writes a copy of the workbook in which:
  - 负责人 of each customer handed over is the new name, and every old value is in 变更记录
    (ChangeLog, 原因 交接, with its 校验 chained to the row before);
  - 交接记录 (Handovers) has one more row: 交接日期, 移交人, 接收人, 监交人, 客户数, 客户编号, 备注
    (the sheet is created, protected like the template's, when the workbook has none);
  - a new sheet 交接清单 YYYY-MM-DD X→Y lists each customer with 联系人 / 联系方式 / 电子邮箱 and
    an empty 已通知 (是/否) column to tick as each customer is told.
The input file is never changed. When the handover cannot be done (nobody by that name is in
charge of a customer, the same person twice, nothing to hand over, the receiver has left the
company, an id that is not the sender's …) nothing is written and the reason is printed.
Only the sheets of 客户信息 and 人员 are parsed (the copy's writer reads 变更记录 and 交接记录 itself).

Options:
  --from NAME        移交人: the current 负责人
  --to NAME          接收人: the new 负责人 (not someone the staff list 人员 marks 离职)
  --supervisor NAME  监交人: who witnesses the handover (a third person)
  --ids C1,C2,…      only these customers (客户编号, separated by commas); all or nothing
  --date YYYY-MM-DD  交接日期 (default: today, Asia/Shanghai; not after today)
  --note TEXT        备注 of the 交接记录 row
  --user NAME        操作人 of the 变更记录 rows (default: the supervisor)
  --out FILE         the copy to write (required)
  --force            replace the --out file when it exists
  --json             print what was done as one JSON object
  --lang LANG        language of messages: zh-CN (default) or en-US
  --verbose          print the time of each phase (read, check, write) on stderr

Exit codes: 0 handed over, 2 refused (nothing written), bad usage or unreadable file.`;

/** Split an --ids argument: commas (also 、，；) or spaces between ids. */
export function parseIds(text: string | undefined): string[] {
  if (text === undefined) return [];
  const ids = text.split(/[\s,，、;；]+/).map((s) => s.trim()).filter((s) => s !== "");
  if (ids.length === 0) throw new CliError(`--ids needs at least one 客户编号, e.g. --ids C20240115001,C20240301001 (got '${text}').`);
  return ids;
}

function summary(file: string, out: string, plan: HandoverPlan, lang: Lang): string {
  const zh = lang === "zh-CN";
  const n = plan.customers.length;
  const who = `${plan.from} → ${plan.to}${plan.supervisor ? (zh ? `（监交人 ${plan.supervisor}）` : ` (supervisor ${plan.supervisor})`) : ""}`;
  const lines = [
    zh ? `${file}：${plan.date} 交接 ${who}，共 ${n} 个客户。` : `${file}: handover of ${n} customer${n === 1 ? "" : "s"} on ${plan.date}, ${who}.`,
    ...plan.customers.map((c) => `  ${padToWidth(c.id || "—", 14, 2)}${padToWidth(c.name, 30, 2)}${zh ? `第 ${c.row} 行` : `row ${c.row}`}`),
    zh
      ? `已写入 ${out}：「${plan.edits[0]?.sheet ?? ""}」的 负责人 ${plan.edits.length} 处（原值记入 变更记录，原因 交接），交接记录 1 行，工作表「${plan.sheet.name}」（请在「已通知」列逐一勾选）。`
      : `Wrote ${out}: ${plan.edits.length} 负责人 cell${plan.edits.length === 1 ? "" : "s"} of ${plan.edits[0]?.sheet ?? ""} (old values in 变更记录, 原因 交接), one 交接记录 row, and the sheet ${plan.sheet.name} (tick 已通知 as each customer is told).`,
    ...plan.warnings.map((w) => `  ! ${w[lang]}`),
  ];
  return lines.join("\n");
}

export const handoverCommand: CliCommand = {
  name: "handover",
  summary: "hand a 负责人's customers to someone else: 负责人 changed and logged, 交接记录, 交接清单",
  usage: USAGE,
  async run(args: string[], io: CliIO) {
    const { values, positionals } = parseCommandArgs("handover", args, {
      from: { type: "string" },
      to: { type: "string" },
      supervisor: { type: "string" },
      ids: { type: "string" },
      date: { type: "string" },
      note: { type: "string" },
      user: { type: "string" },
      lang: { type: "string" },
      ...COPY_OPTIONS,
    });
    const file = requireOneFile("handover", positionals);
    const lang = requireLang(values.lang);
    if (values.from === undefined || values.to === undefined) throw new CliError("custfile handover needs --from NAME (the current 负责人) and --to NAME (who takes the customers over).\nRun 'custfile handover --help' for the options.");
    const out = requireXlsxOut(values.out);
    if (out === undefined) throw new CliError("custfile handover writes a copy of the workbook: name it with --out OUT.xlsx (the input is never changed).");
    const ids = parseIds(values.ids);
    const now = new Date();
    const day = today("Asia/Shanghai", now);
    const date = requireIsoDate("--date", values.date) ?? formatDay(day);
    // The 负责人 change is written now; a handover dated later would record what has not happened.
    if (parseIsoDate(date)! > day) throw new CliError(`--date ${date} is after today (${formatDay(day)}); a handover is recorded when it is made.`);
    checkOutput(out, { input: file, force: values.force, option: "--out" });

    const run = startRun(io, "handover", values.verbose === true);
    const book = readInput(run, file, HANDOVER_TABLES);
    run.phases.start("check");
    const result = planHandover(book.sheets, {
      from: values.from, to: values.to, supervisor: values.supervisor, ids, date, time: logTime(now), user: values.user, note: values.note,
      // The blocks are only some sheets: the 交接清单 sheet's name must be free among all of them.
      existingSheets: book.sheetNames,
    });
    if (!result.ok) throw new CliError(`${result.error.message[lang]}${lang === "zh-CN" ? "（未写入任何文件。）" : " Nothing was written."}`);
    const plan = result.plan;

    const edits: WorkbookEdits = {
      cells: plan.edits.map((e) => ({ sheet: e.sheet, row: e.row, column: e.columnNumber, value: e.after })),
      // Every old 负责人 goes to the log; the log, the cells and the rest land in one atomic write.
      append: [
        changeLogAppend(plan.changeLog),
        { table: HANDOVERS, entries: [Object.fromEntries(HANDOVERS.columns.map((c, i) => [c.key, plan.handoversRow[i]]))] },
      ],
      sheets: [plan.sheet],
    };
    run.phases.end(`${plan.customers.length} customers`);
    run.phases.start("write");
    run.progress.update(`writing ${out}`, { step: true });
    const { writeWorkbookCopy } = await import("../workbook");
    const report = writeWorkbookCopy(book, out, edits, { force: values.force, option: "--out" });
    run.progress.clear();

    if (values.json) {
      io.out(JSON.stringify({
        ok: true, file, out, date: plan.date, from: plan.from, to: plan.to, supervisor: plan.supervisor,
        customers: plan.customers.map((c) => ({ id: c.id, name: c.name, row: c.row })),
        changed: plan.edits.map((e) => ({ sheet: e.sheet, row: e.row, column: e.column, customerId: e.customerId, before: e.before, after: e.after })),
        changeLogRows: plan.changeLog.length,
        handovers: report.appended.find((a) => a.table === HANDOVERS.tableName || a.sheet === HANDOVERS.sheet) ?? null,
        sheet: plan.sheet.name,
        warnings: plan.warnings.map((w) => w[lang]),
      }));
    } else {
      io.out(summary(file, out, plan, lang));
    }
    run.phases.end(out);
    endRun(run);
    return EXIT.ok;
  },
};
