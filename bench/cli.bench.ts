/**
 * The command line end to end, as a user runs it (`node bin/custfile.js COMMAND FILE --json`, the
 * built lib/), on demo workbooks of 8,000 and 50,000 customers written as `custfile demo` writes
 * them. The peer, measured in the same run the same way (a fresh node process): SheetJS reading
 * the sheets that command needs, with the options custfile reads with. Goal: each command
 * ≤ 1.3× its peer. Runs alternate between the two; each side's best of the runs is compared
 * (on a shared machine noise only ever adds time), by wall time and by the CPU time the
 * process used (user + system, all its threads), which other load on the machine disturbs less.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { heading, report } from "./lib";
import { AUDIT_TABLES } from "../src/core/audit";
import { CREDIT_TABLES } from "../src/core/credit";
import type { TableKey } from "../src/core/template/tables";
import { VALIDATED_TABLES } from "../src/core/validate";
import { generateDemo } from "../src/demo/generate";
import { writeNewWorkbook } from "../src/cli/workbook";
import { demoSheets } from "../src/cli/commands/demo";
import { readWorkbook } from "../src/cli/xlsx";

const ROOT = path.resolve(__dirname, "../../..");
const BIN = path.join(ROOT, "bin/custfile.js");
const SIZES = (process.env.CUSTFILE_BENCH_CLI_SIZES ?? "8000,50000").split(",").map(Number);
const RUNS = Number(process.env.CUSTFILE_BENCH_CLI_RUNS ?? 3);

const COMMANDS: { name: string; tables: readonly TableKey[]; args: string[] }[] = [
  { name: "validate", tables: [...VALIDATED_TABLES, "ChangeLog"], args: ["--as-of", "2026-09-30"] },
  { name: "credit", tables: CREDIT_TABLES, args: ["--as-of", "2026-09-30"] },
  { name: "audit", tables: AUDIT_TABLES, args: ["--quarter", "2026Q3", "--seed", "0123456789abcdef0123456789abcdef"] },
];

/** Prefix of every program run: report the process's CPU time on stderr as it exits. */
const CPU_REPORT = `process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").writeSync(2, "\\ncpu-ms " + (u.user + u.system) / 1000 + "\\n"); });\n`;

/** Wall and CPU time of a node program, in ms; throws when it fails (exit 2 or a crash). */
function timeNode(program: string): { ms: number; cpuMs: number; stderr: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-e", CPU_REPORT + program], { encoding: "utf8", maxBuffer: 1 << 30, cwd: ROOT });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const cpu = /\ncpu-ms ([\d.]+)\n/.exec(r.stderr);
  if (r.status === null || r.status > 1 || !cpu) throw new Error(`cli bench: ${program.slice(0, 200)} failed (${r.status ?? r.signal}): ${r.stderr.slice(0, 500)}`);
  return { ms, cpuMs: Number(cpu[1]), stderr: r.stderr };
}

/** custfile as bin/custfile.js runs it, with these arguments. */
function custfileProgram(args: string[]): string {
  return `process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...${JSON.stringify(args)}];\nrequire(${JSON.stringify(BIN)});`;
}

/** The peer's program: SheetJS reads the named sheets of the file, as custfile's reader calls it. */
function peerProgram(file: string, sheets: string[]): string {
  return `const XLSX = require(${JSON.stringify(require.resolve("xlsx"))});
const data = require("node:fs").readFileSync(${JSON.stringify(file)});
XLSX.read(data, { type: "buffer", dense: true, cellNF: true, cellDates: false, cellText: false, cellFormula: false, cellHTML: false, sheets: ${JSON.stringify(sheets)} });`;
}

export async function run(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, "lib/cli/main.js"))) throw new Error("cli bench: lib/ is not built (npm run bench builds it)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-cli-bench-"));
  try {
    for (const customers of SIZES) {
      const file = path.join(dir, `demo-${customers}.xlsx`);
      const demo = generateDemo({ customers });
      writeNewWorkbook(file, demoSheets(demo), { stream: true });
      heading(`command line end to end: ${customers.toLocaleString("en")}-customer demo (${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${demo.sheets.map((b) => `${b.sheet} ${b.values.length - 1}`).join(", ")}); best of ${RUNS} runs each`);
      for (const c of COMMANDS) {
        const sheets = readWorkbook(file, { tables: c.tables }).sheets.map((s) => s.sheet);
        const ours = { ms: [] as number[], cpu: [] as number[] };
        const peer = { ms: [] as number[], cpu: [] as number[] };
        let phases = "";
        for (let i = 0; i < RUNS; i++) {
          const o = timeNode(custfileProgram([c.name, file, ...c.args, "--json", "--verbose"]));
          ours.ms.push(o.ms);
          ours.cpu.push(o.cpuMs);
          phases = o.stderr.split("\n").filter((l) => /^custfile \w+: (read|check|write) /.test(l)).map((l) => l.replace(/^custfile \w+: (\w+)\s+([\d.]+) s.*$/, "$1 $2 s")).join(", ");
          const p = timeNode(peerProgram(file, sheets));
          peer.ms.push(p.ms);
          peer.cpu.push(p.cpuMs);
        }
        const best = (xs: number[]) => Math.min(...xs);
        report(`custfile ${c.name}, wall time`, best(ours.ms), `SheetJS reading ${sheets.join(", ")}`, best(peer.ms), `(goal ≤ 1.3×; it is ${(best(ours.ms) / best(peer.ms)).toFixed(2)}×; custfile's phases: ${phases})`);
        report(`custfile ${c.name}, CPU time`, best(ours.cpu), "SheetJS reading them", best(peer.cpu), `(goal ≤ 1.3×; it is ${(best(ours.cpu) / best(peer.cpu)).toFixed(2)}×)`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
