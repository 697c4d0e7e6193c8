/** `custfile export --mask`: a copy of the workbook with personal data masked, for sharing (SPEC §10.5a). */
import * as path from "node:path";
import { logTime } from "../../core/changes";
import { MASK_RULES, planMaskedCopy, type MaskPlan } from "../../core/records/maskplan";
import { parseCommandArgs, requireOneFile, requireXlsxOut, COPY_OPTIONS } from "../args";
import { endRun, readInput, startRun } from "../input";
import { CliError, EXIT, padToWidth, type CliCommand, type CliIO } from "../io";
import { checkOutput } from "../output";
import type { Leak, PurgeReport } from "../purge";

const USAGE = `Usage: custfile export FILE.xlsx --mask --out COPY.xlsx [--force] [--json] [--verbose]

Writes a copy of the workbook in which personal data are masked, for sharing it outside the
people allowed to see customer files (seed 003: 不得泄露客户档案中的个人信息):
  mobile 138****8000, a landline keeps its area code, e-mail z***@example.com, a contact
  person keeps the family name (张*; 王经理 stays), USCC, ID card and bank account numbers keep
  their last 4 characters.
Found by column (联系方式, 电子邮箱, 联系人, 统一社会信用代码, 银行账号 … on every sheet; the
ChangeLog's 变更前/变更后 by their 字段), then wherever those values were copied to (other
sheets, notes, inside text), then by shape (anything that looks like a mobile, a landline with
area code, an e-mail, an ID number or a USCC). Ids (客户编号 …) and staff names (负责人 …) stay.
Every other value and the sheet structure stay as they are. A first sheet 脱敏说明 says that the
copy is masked, from which file and when, and how many cells of which column were masked.

Outside the cells the copy is cleaned too: strings no cell uses any more, comments, pivot and
chart caches, drawings, hyperlinks, filters, formula literals, linked workbooks' caches and
document properties are masked; the author fields are removed. Before the copy is written,
every part of it is searched for each phone, e-mail and id of the input; if one is left, nothing
is written and the place is named. Pictures and embedded objects are copied as they are
(custfile cannot read them) and listed.

The ChangeLog's 校验 chain does not hold in a masked copy (its values changed); verify the log
on the original. The input file is never changed. Every sheet is read (masking is everywhere).

Options:
  --mask          required: export writes masked copies only
  --out FILE      the copy to write (required)
  --force         replace the --out file when it exists
  --json          print what was masked as one JSON object
  --verbose       print the time of each phase (read, check, write) on stderr

Exit codes: 0 written, 2 bad usage, unreadable file, or a personal value could not be masked
(nothing written).`;

const KIND_LABEL: Record<string, string> = { phone: "电话", email: "邮箱", name: "姓名", uscc: "信用代码", account: "账号", idcard: "身份证号", text: "文字中" };

function summary(file: string, out: string, plan: MaskPlan, purge: PurgeReport): string {
  const lines = [`${file}: masked copy written to ${out} — ${plan.edits.length} cell${plan.edits.length === 1 ? "" : "s"} masked; the first sheet ${plan.notice.name} says so.`];
  for (const c of plan.counts) lines.push(`  ${padToWidth(c.sheet, 20, 2)}${padToWidth(c.column || "—", 16, 2)}${padToWidth(KIND_LABEL[c.kind] ?? c.kind, 10, 2)}${c.cells}`);
  if (purge.actions.length) {
    lines.push("  Outside the cells:");
    for (const a of purge.actions) lines.push(`    ${a.part}: ${a.action}`);
  }
  if (purge.unread.length) lines.push(`  ! copied as they are, custfile cannot read them (check before sharing): ${purge.unread.join(", ")}`);
  return lines.join("\n");
}

function leakMessage(out: string, leaks: readonly Leak[]): string {
  const what = { phone: "a phone number", id: "an id or account number", email: "an e-mail address" };
  const shown = leaks.slice(0, 10).map((l) => `  ${l.part}${l.where ? ` (${l.where})` : ""}: ${what[l.kind]} of the input`);
  return [
    `${out} was not written: the masked copy would still hold ${leaks.length} personal value${leaks.length === 1 ? "" : "s"} of the input:`,
    ...shown,
    ...(leaks.length > 10 ? [`  … and ${leaks.length - 10} more`] : []),
    "A value in a column custfile keeps as it is (ids such as 客户编号 or 单据号) that equals a phone or an id elsewhere is one way this happens; otherwise please report it with the part named above.",
  ].join("\n");
}

export const exportCommand: CliCommand = {
  name: "export",
  summary: "write a masked copy for sharing: phones, e-mails, names, USCC, accounts masked",
  usage: USAGE,
  async run(args: string[], io: CliIO) {
    const { values, positionals } = parseCommandArgs("export", args, {
      mask: { type: "boolean" },
      ...COPY_OPTIONS,
    });
    const file = requireOneFile("export", positionals);
    if (!values.mask) throw new CliError("custfile export writes masked copies only: add --mask (an unmasked copy is just a copy of the file).");
    const out = requireXlsxOut(values.out);
    if (out === undefined) throw new CliError("custfile export needs --out COPY.xlsx: the masked copy to write (the input is never changed).");
    checkOutput(out, { input: file, force: values.force, option: "--out" });

    const run = startRun(io, "export", values.verbose === true);
    // Every sheet: personal data are masked wherever they are, not only in the template's tables.
    const book = readInput(run, file, undefined);
    run.phases.start("check");
    run.progress.update("planning the masks", { step: true });
    const at = logTime(new Date());
    const plan = planMaskedCopy(book.sheets, { at, source: path.basename(file) });
    run.phases.end(`${plan.edits.length} cells to mask`);
    run.phases.start("write");
    run.progress.update(`writing ${out}`, { step: true });
    const { findLeaks, purgePackage } = await import("../purge");
    const { writeWorkbookCopy } = await import("../workbook");
    let purge: PurgeReport = { actions: [], unread: [] };
    writeWorkbookCopy(book, out, {
      cells: plan.edits.map((e) => ({ sheet: e.sheet, row: e.row, column: e.columnNumber, value: e.after })),
      sheets: [plan.notice],
      finish: (pkg) => {
        purge = purgePackage(pkg, plan.masker);
        const leaks = findLeaks(pkg, plan.masker.sensitive);
        if (leaks.length) throw new CliError(leakMessage(out, leaks));
      },
    }, { force: values.force, option: "--out" });
    run.progress.clear();

    if (values.json) {
      io.out(JSON.stringify({
        ok: true, file, out, at, notice: plan.notice.name, cells: plan.edits.length,
        counts: plan.counts.map((c) => ({ sheet: c.sheet, column: c.column, kind: c.kind, rule: MASK_RULES[c.kind], cells: c.cells })),
        parts: purge.actions, unread: purge.unread,
      }));
    } else {
      io.out(summary(file, out, plan, purge));
    }
    run.phases.end(out);
    endRun(run);
    return EXIT.ok;
  },
};
