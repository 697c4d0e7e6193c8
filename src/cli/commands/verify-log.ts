/** `custfile verify-log`: check the ChangeLog's hash chain (SPEC §10.5c). Read-only. */
import type { ChangeLogVerification } from "../../core/records/chain";
import type { Lang } from "../../core/validate";
import { parseCommandArgs, requireLang, requireOneFile } from "../args";
import { endRun, readInput, startRun } from "../input";
import { CliError, EXIT, type CliCommand, type CliIO } from "../io";

const USAGE = `Usage: custfile verify-log FILE.xlsx [--json] [--lang zh-CN|en-US] [--head CHECK] [--verbose]

Verifies the tamper-evident change log (变更记录/ChangeLog): each row's 校验 holds its place in
the chain and the SHA-256 of the previous 校验 and the row's cells, so a cell edited by hand, a
row deleted and a row inserted each break the chain at that row. Rows written before the log had
its 校验 column are not covered (the chain starts at the first row written after it). The file
is only read, and of it only the sheet of 变更记录.

The chain detects; it does not prevent, and it is not a signature: someone who recomputes every
校验 can rewrite the log. Note the head this command prints (the last 校验) somewhere else, and
pass it back later with --head to prove the log still holds everything it held then.

Options:
  --json          print one JSON object {ok, sheet, rows, chained, chainStartRow, uncovered,
                  head, reordered, problems:[{row, kind, seq, message}], notes}
  --lang LANG     language of the messages: zh-CN (default) or en-US
  --head CHECK    a 校验 value recorded earlier (e.g. 57:3fa4…) that must still be in the chain
  --verbose       print the time of each phase (read, check) on stderr

Exit codes: 0 the chain holds, 1 the chain is broken (the first broken row is named),
2 unreadable file, no 变更记录 table, or bad usage.`;

function jsonOf(v: ChangeLogVerification, lang: Lang): Record<string, unknown> {
  return {
    ok: v.ok, sheet: v.sheet, rows: v.rows, chained: v.chained, chainStartRow: v.chainStartRow, uncovered: v.uncovered,
    head: v.head, reordered: v.reordered,
    problems: v.problems.map((p) => ({ row: p.row, kind: p.kind, ...(p.seq !== undefined ? { seq: p.seq } : {}), message: p.message[lang] })),
    notes: v.notes.map((n) => n[lang]),
  };
}

function summary(file: string, v: ChangeLogVerification, lang: Lang): string {
  const zh = lang === "zh-CN";
  const lines: string[] = [];
  if (v.ok && v.chained === 0) {
    lines.push(zh ? `${file}：「${v.sheet}」尚无校验链（${v.rows} 行记录，均不受保护）。` : `${file}: ${v.sheet} has no hash chain yet (${v.rows} log rows, none covered).`);
  } else if (v.ok) {
    lines.push(zh ? `${file}：「${v.sheet}」校验链完整，${v.chained} 行（共 ${v.rows} 行记录）。` : `${file}: the hash chain of ${v.sheet} holds for ${v.chained} rows (of ${v.rows} log rows).`);
  } else {
    const first = v.problems[0];
    lines.push(zh ? `${file}：「${v.sheet}」校验链在第 ${first.row} 行断开。` : `${file}: the hash chain of ${v.sheet} breaks at row ${first.row}.`);
    for (const p of v.problems) lines.push(`  ✗ ${p.message[lang]}`);
  }
  for (const n of v.notes) lines.push(`  i ${n[lang]}`);
  if (v.head) lines.push(zh ? `链首：第 ${v.head.row} 行，校验 ${v.head.check}（请另行记下，以后用 --head 核对末尾没有被删除）。` : `Head: row ${v.head.row}, 校验 ${v.head.check} (note it elsewhere; --head checks later that nothing was removed from the end).`);
  return lines.join("\n");
}

export const verifyLogCommand: CliCommand = {
  name: "verify-log",
  summary: "check the tamper-evident change log (变更记录): the first row where its hash chain breaks",
  usage: USAGE,
  async run(args: string[], io: CliIO) {
    const { values, positionals } = parseCommandArgs("verify-log", args, { json: { type: "boolean" }, lang: { type: "string" }, head: { type: "string" }, verbose: { type: "boolean" } });
    const file = requireOneFile("verify-log", positionals);
    const lang: Lang = requireLang(values.lang);
    if (values.head !== undefined && !/^\d+:[0-9a-f]{64}$/.test(values.head.trim())) throw new CliError(`--head must be a 校验 value as verify-log prints it, e.g. 57:3fa4… (a number, a colon, 64 hex digits); got '${values.head}'.`);
    const run = startRun(io, "verify-log", values.verbose === true);
    // Loaded here, not with the command list: a run loads only what its command uses.
    const { CHAIN_TABLES, verifyChangeLog } = await import("../../core/records/chain");
    const { nodeSha256 } = await import("../crypto");
    const book = readInput(run, file, CHAIN_TABLES);
    run.phases.start("check");
    run.progress.update("verifying the chain", { step: true });
    const v = await verifyChangeLog(book.sheets, nodeSha256, { expectHead: values.head });
    if (!v.found) throw new CliError(`${file} has no change log: no 变更记录 (ChangeLog) sheet or table was found.`);
    run.phases.end(`${v.rows} log rows, ${v.chained} chained`);
    run.progress.clear();
    io.out(values.json ? JSON.stringify(jsonOf(v, lang)) : summary(file, v, lang));
    endRun(run);
    return v.ok ? EXIT.ok : EXIT.findings;
  },
};
