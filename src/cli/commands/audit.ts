/** `custfile audit`: draw (or re-derive) the quarterly 10–20% sample of SPEC §6 from a workbook. */
import {
  AUDIT_TABLES, DEFAULT_RATE, RATE_POLICY, RateOutOfPolicyError, auditRecords, auditSheetName, auditSheetSpec, checkRate, drawSample, freezePopulation, latestRecord,
  normalizeSeed, parseQuarter, quarterEnd, quarterOfDay, quarterText, randomSeed, readAuditInput, readAuditRecords, readAuditSheet, sampleJson, verify,
  type AuditSample,
} from "../../core/audit";
import { formatDay, today } from "../../core/dates";
import { AUDITS } from "../../core/template/tables";
import { parseCommandArgs, requireOneFile, requireXlsxOut, COPY_OPTIONS } from "../args";
import { endRun, readInput, startRun } from "../input";
import { CliError, EXIT, type CliCommand, type CliIO } from "../io";
import { logTime } from "../../core/changes";
import { checkOutput } from "../output";
import type { WorkbookEdits } from "../workbook";

const USAGE = `Usage: custfile audit FILE.xlsx [--quarter 2026Q4] [--rate 0.15] [--seed HEX] [--again] [--json] [--out FILE.xlsx [--force]] [--verbose]

Draws the quarterly re-check sample of seed 003 (抽查10%-20%的客户档案) the way SPEC §6 says:
every customer not 休眠, n = ceil(rate × N), key items (联系人/联系方式/地址/电子邮箱 changed
this quarter in 变更记录 without a later 最近核实日期, or with validation errors there) taken
first (at most a third of n), the rest drawn inside risk strata high/medium/low (weights
3/2/1) in HMAC-SHA256(seed, quarter + id) order. The same file, quarter and seed always give
the same sample; a larger rate with the same seed gives a superset.

When 抽查记录 (Audits) already holds a draw for the quarter, its seed and rate are re-used and the
draw is verified against the workbook as it is now; a different --rate or --seed for that quarter
is refused (exit 2, naming the recorded ones) unless --again asks for a new draw, recorded as the
next 抽取序号. With --out, the 抽查 YYYYQn sheet is written again keeping every 核对结果 / 核对人 /
核对日期 / 备注 already typed (matched by 客户编号; a checked customer a new draw does not take keeps
its row at the end).

Options:
  --quarter Q     the quarter, e.g. 2026Q4 (default: the quarter containing today, Asia/Shanghai)
  --rate R        0.10 to 0.20, as 0.15 or 15% (default: the recorded rate, else 0.15)
  --seed HEX      16 to 128 hex digits (default: the recorded seed, else a fresh random seed)
  --again         draw the quarter again although 抽查记录 holds a draw of it (a fresh seed unless
                  --seed; the recorded rate unless --rate); the earlier draw stays in 抽查记录
  --json          print the sample as one JSON object (no clock in it: same inputs, same bytes)
  --out FILE      write a copy of the workbook with the sheet 抽查 YYYYQn (an Excel table with
                  a 核对结果 dropdown) and the draw added to the 抽查记录 (Audits) table;
                  everything else is kept as it was, and the input file is never changed
  --force         replace the --out file when it exists
  --verbose       print the time of each phase (read, check, write) on stderr

Only the sheets of 客户信息, 变更记录, 抽查记录 and 借阅登记 are read.

Exit codes: 0 drawn (or verified), 1 a recorded draw no longer re-derives, 2 bad usage,
unreadable file, no 客户信息 table or a rate outside the policy.`;

/** Parse --quarter: 2026Q4, a year from 1900 to 9999 (Excel's dates). */
export function parseQuarterOption(text: string) {
  const quarter = parseQuarter(text);
  if (quarter) return quarter;
  const m = /^\s*(\d+)\s*-?\s*Q([1-4])\s*$/i.exec(text);
  if (m) throw new CliError(`--quarter ${text}: the year must be from 1900 to 9999 (Excel's dates), e.g. 2026Q4.`);
  throw new CliError(`--quarter must be a year and a quarter 1–4, written like 2026Q4 (got '${text}').`);
}

/** Parse --rate: 0.15 or 15%; refused outside 10%–20% quoting the policy. */
export function parseRate(text: string): number {
  const t = text.trim();
  const percent = /^([+-]?\d+(?:\.\d+)?)\s*%$/.exec(t);
  const rate = percent ? Number(percent[1]) / 100 : /^[+-]?\d*\.?\d+$/.test(t) ? Number(t) : Number.NaN;
  if (Number.isNaN(rate)) throw new CliError(`--rate must be a number such as 0.15 or 15% (got '${text}').`);
  try {
    checkRate(rate);
  } catch (e) {
    if (e instanceof RateOutOfPolicyError) throw new CliError(`--rate ${text} is outside 10%–20%. Policy: ${RATE_POLICY}.`);
    throw e;
  }
  return rate;
}

function summary(file: string, sample: AuditSample, note: string[]): string {
  const s = sample.strata;
  const lines = [
    `${file}: ${sample.quarter} 抽查 — ${sample.sampleSize} of ${sample.population} customers (rate ${sample.rate}), ${sample.keyItems} key item(s).`,
    `  strata: high ${s.high.drawn}/${s.high.size}, medium ${s.medium.drawn}/${s.medium.size}, low ${s.low.drawn}/${s.low.size}`,
    `  seed ${sample.seed} (${sample.algorithm}); population fingerprint ${sample.fingerprint}`,
    ...note.map((n) => `  ${n}`),
    "",
    ...sample.sample.map((x) => `  ${x.id}  ${x.stratum.padEnd(6)}  ${x.reason}`),
  ];
  return lines.join("\n");
}

export const auditCommand: CliCommand = {
  name: "audit",
  summary: "draw the quarterly 10–20% re-check sample (reproducible, risk-stratified, logged)",
  usage: USAGE,
  async run(args: string[], io: CliIO) {
    const { values, positionals } = parseCommandArgs("audit", args, {
      quarter: { type: "string" },
      rate: { type: "string" },
      seed: { type: "string" },
      again: { type: "boolean" },
      ...COPY_OPTIONS,
    });
    const file = requireOneFile("audit", positionals);
    const quarter = values.quarter === undefined ? quarterOfDay(today()) : parseQuarterOption(values.quarter);
    const quarterName = quarterText(quarter);
    let rate = values.rate === undefined ? undefined : parseRate(values.rate);
    let seed: string | undefined;
    if (values.seed !== undefined) {
      seed = normalizeSeed(values.seed) ?? undefined;
      if (!seed) throw new CliError(`--seed must be 16 to 128 hexadecimal digits, an even number of them (got '${values.seed}').`);
    }
    requireXlsxOut(values.out);
    if (values.out !== undefined) checkOutput(values.out, { input: file, force: values.force, option: "--out" });

    const run = startRun(io, "audit", values.verbose === true);
    // Loaded here, not with the command list: a run loads only what its command uses.
    const { validateWorkbook } = await import("../../core/validate");
    const sheetName = auditSheetName(quarterName);
    const read = readInput(run, file, AUDIT_TABLES, [sheetName]);
    // The quarter's own sheet is read for what the checkers typed there, and kept out of the tables.
    const auditBlock = read.sheets.find((b) => b.sheet === sheetName && !b.located);
    const book = auditBlock ? { ...read, sheets: read.sheets.filter((b) => b !== auditBlock) } : read;
    const kept = auditBlock ? readAuditSheet(auditBlock.values) : null;
    run.phases.start("check");
    run.progress.update("drawing the sample", { step: true });
    const input = readAuditInput(book.sheets);
    if (!input.hasCustomers) throw new CliError(`${file} has no customer table (sheet 客户信息 / table Customers, or a sheet with its headers); nothing to sample.`);
    if (input.customersProblem) throw new CliError(`${file}: ${input.customersProblem}`);
    const { records, notes: recordNotes } = readAuditRecords(book.sheets);
    const existing = latestRecord(records, quarterName);
    const again = values.again === true;
    if (existing && !again) {
      if (rate !== undefined && rate !== existing.rate) {
        throw new CliError(`${quarterName} was already drawn at rate ${existing.rate} (draw ${existing.draw}, ${existing.ids.length} customers, in ${AUDITS.sheet}); --rate ${values.rate} differs. Leave --rate out to verify that draw, or add --again for a new draw (recorded as draw ${existing.draw + 1}).`);
      }
      if (seed !== undefined && seed !== existing.seed) {
        throw new CliError(`${quarterName} was already drawn with seed ${existing.seed} (draw ${existing.draw}, in ${AUDITS.sheet}); --seed ${values.seed} differs. Leave --seed out to verify that draw, or add --again for a new draw (recorded as draw ${existing.draw + 1}).`);
      }
    }
    const reuse = existing !== undefined && !again;
    if (again) seed ??= randomSeed();
    if (reuse) {
      seed = existing.seed;
      rate ??= existing.rate;
    }
    // Like the ribbon button: a new draw of nobody would be recorded and pin the quarter's seed to an empty sample.
    if (!reuse && freezePopulation(input.customers).length === 0) {
      throw new CliError(`${file}: no customers to sample in 客户信息 (休眠 customers are left out); nothing drawn, nothing written.`);
    }
    seed ??= randomSeed();
    rate ??= DEFAULT_RATE;
    // Key items read errors on volatile fields; those do not depend on the as-of day, which is
    // pinned to the quarter's end so the output never depends on when the command runs.
    const findings = validateWorkbook(book.sheets, { asOf: formatDay(quarterEnd(quarter)) }).findings;
    let sample: AuditSample;
    try {
      sample = await drawSample(input, { quarter, rate, seed, findings });
    } catch (e) {
      if (e instanceof RateOutOfPolicyError) throw new CliError(`the recorded rate ${e.rate} of ${quarterName} is outside 10%–20%. Policy: ${RATE_POLICY}.`);
      throw e;
    }
    const notes = [...input.notes, ...recordNotes];
    let exit: number = EXIT.ok;
    if (reuse) {
      const result = await verify(existing, { blocks: book.sheets, findings });
      notes.unshift(result.ok
        ? `${quarterName} was already drawn (draw ${existing.draw}, ${existing.drawnAt || "time not recorded"}); re-derived from its seed: verified, identical.`
        : `${quarterName} was already drawn (draw ${existing.draw}); re-deriving it now does NOT match: ${result.problems.join("; ")}.`);
      if (!result.ok) exit = EXIT.findings;
    } else if (existing) {
      notes.unshift(`${quarterName} already has draw ${existing.draw} (seed ${existing.seed}, rate ${existing.rate}); --again: this is draw ${existing.draw + 1}.`);
    }

    run.phases.end(`${sample.sampleSize} of ${sample.population} customers drawn`);
    run.phases.start("write");
    if (values.out !== undefined) {
      run.progress.update(`writing ${values.out}`, { step: true });
      const edits: WorkbookEdits = { sheets: [auditSheetSpec(sample, input, kept)] };
      if (!reuse) {
        const draw = existing ? existing.draw + 1 : 1;
        // The users' clock (Asia/Shanghai), as the add-in writes it; the writer makes it an Excel date-time.
        edits.append = [{ table: AUDITS, entries: auditRecords(sample, logTime(new Date()), draw) }];
      }
      const { writeWorkbookCopy } = await import("../workbook");
      writeWorkbookCopy(book, values.out, edits, { force: values.force, option: "--out" });
      const carried = kept ? kept.checked.size : 0;
      notes.push(`wrote ${values.out} (sheet ${sheetName}${reuse ? "" : ` and the draw in ${AUDITS.sheet}`})${carried ? `; the check results of ${carried} customer(s) already on the sheet are kept` : ""}.`);
    }
    run.progress.clear();
    if (values.json) {
      io.out(sampleJson(sample));
      for (const n of notes) io.err(n);
    } else {
      io.out(summary(file, sample, notes));
    }
    run.phases.end(values.out !== undefined ? `${values.out} and the sample` : "the sample");
    endRun(run);
    return exit;
  },
};
