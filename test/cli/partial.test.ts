/**
 * Every command reads only the sheets it needs (its tables, declared in core next to the code
 * that reads them) and still writes its copy: the writer reads whatever else it needs from the
 * input's bytes. And what depends on the workbook's other sheets (a free sheet name, a report
 * sheet spelt differently) looks at every sheet name, not only at the sheets read.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as XLSX from "xlsx";
import { main } from "../../src/cli/main";
import { readWorkbook } from "../../src/cli/xlsx";
import type { Cell } from "../../src/core/table";
import { testOutput as output } from "../support/cli-output";

const FIXTURE = path.resolve(__dirname, "../fixtures/rich.xlsx");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-partial-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const DAY = "2026-06-30";

/** The sheets a --verbose run says it read, from its "read" phase line. */
function sheetsRead(stderr: string, command: string): string[] {
  const line = stderr.split("\n").find((l) => l.startsWith(`custfile ${command}: read `));
  if (!line) throw new Error(`no read phase in:\n${stderr}`);
  const m = /(\d+) of (\d+) sheets(?: \((.*)\))?, [\d.]+ MB file/.exec(line)!;
  return m[3] ? m[3].split(", ") : [];
}

describe("on the rich fixture (7 sheets: 客户信息, 回款记录, 图表, 透视, 备注, 抽查记录, 变更记录)", () => {
  const cases: [string, string[], string[]][] = [
    ["validate", ["--as-of", DAY], ["客户信息", "回款记录", "变更记录"]],
    ["credit", ["--as-of", DAY], ["客户信息", "回款记录"]],
    ["audit", ["--quarter", "2026Q2", "--seed", "0123456789abcdef0123456789abcdef"], ["客户信息", "抽查记录", "变更记录"]],
    ["review", ["--year", "2026", "--as-of", DAY], ["客户信息", "回款记录"]],
    ["monitor", ["--month", "2026-06", "--as-of", DAY], ["客户信息", "回款记录"]],
    ["analyze", ["--as-of", DAY], ["客户信息", "回款记录"]],
    ["handover", ["--from", "张三", "--to", "王五", "--date", DAY], ["客户信息"]],
    ["export", ["--mask"], ["客户信息", "回款记录", "图表", "透视", "备注", "抽查记录", "变更记录"]],
  ];

  it.each(cases)("%s reads only its sheets and writes its copy (--verbose: read, check, write)", async (command, args, expected) => {
    const out = path.join(scratch, `${command}-out.xlsx`);
    const o = output(false, 1);
    const code = await main([command, FIXTURE, ...args, "--out", out, "--verbose"], o);
    expect({ code, stderr: code < 2 ? "" : o.stderr }).toEqual({ code: expect.any(Number), stderr: "" });
    expect(sheetsRead(o.stderr, command)).toEqual(expected);
    const phases = o.stderr.split("\n").filter((l) => new RegExp(`^custfile ${command}: \\w+ +\\d+\\.\\d{3} s`).test(l)).map((l) => l.split(/\s+/)[2]);
    expect(phases).toEqual(["read", "check", "write", "total"]);
    // The copy holds every sheet of the input, those not read included, and reads back.
    const copy = readWorkbook(out);
    for (const name of ["客户信息", "回款记录", "图表", "透视", "备注", "抽查记录", "变更记录"]) expect(copy.sheetNames).toContain(name);
    expect(copy.sheets.find((s) => s.sheet === "备注")!.values).toEqual(readWorkbook(FIXTURE).sheets.find((s) => s.sheet === "备注")!.values);
  });

  it("verify-log reads 变更记录 only", async () => {
    const o = output(false, 1);
    await main(["verify-log", FIXTURE, "--verbose"], o);
    expect(sheetsRead(o.stderr, "verify-log")).toEqual(["变更记录"]);
  });
});

describe("what depends on the sheets not read", () => {
  it("handover: the day's second list of the same two people gets a name of its own, though the first list's sheet was not read", async () => {
    const first = path.join(scratch, "h1.xlsx");
    const second = path.join(scratch, "h2.xlsx");
    expect(await main(["handover", FIXTURE, "--from", "张三", "--to", "王五", "--ids", "C20240115001", "--date", DAY, "--out", first], output())).toBe(0);
    const o = output(false, 1);
    expect(await main(["handover", first, "--from", "张三", "--to", "王五", "--ids", "C20240301001", "--date", DAY, "--out", second, "--verbose"], o)).toBe(0);
    expect(sheetsRead(o.stderr, "handover")).toEqual(["客户信息"]);
    const names = readWorkbook(second).sheetNames;
    expect(names.slice(-2)).toEqual([`交接清单 ${DAY} 张三→王五`, `交接清单 ${DAY} 张三→王五 (2)`]);
    // The first list is still the first handover's.
    const list = (file: string, name: string) => readWorkbook(file).sheets.find((s) => s.sheet === name)!.values.flat().filter((v) => typeof v === "string" && /^C\d{11}$/.test(v));
    expect(list(first, `交接清单 ${DAY} 张三→王五`)).toEqual(["C20240115001"]);
    expect(list(second, `交接清单 ${DAY} 张三→王五`)).toEqual(["C20240115001"]);
    expect(list(second, `交接清单 ${DAY} 张三→王五 (2)`)).toEqual(["C20240301001"]);
  });

  it("monitor --out: a report sheet of the month spelt differently is replaced under its own name, though it was not read", async () => {
    const book = XLSX.read(fs.readFileSync(FIXTURE), { type: "buffer" });
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["旧的报告"]] as Cell[][]), "信用异常2026-06");
    const file = path.join(scratch, "spelt.xlsx");
    fs.writeFileSync(file, XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
    const out = path.join(scratch, "spelt-out.xlsx");
    const o = output();
    expect(await main(["monitor", file, "--month", "2026-06", "--as-of", DAY, "--out", out], o)).toBeLessThan(2);
    const names = readWorkbook(out).sheetNames;
    expect(names.filter((n) => n.startsWith("信用异常"))).toEqual(["信用异常2026-06"]);
    expect(readWorkbook(out).sheets.find((s) => s.sheet === "信用异常2026-06")!.values[0][0]).not.toBe("旧的报告");
  });

  it("review: the year's review sheet is read by its name however it is spelt (refused without --again, applied with --apply)", async () => {
    const reviewed = path.join(scratch, "reviewed.xlsx");
    expect(await main(["review", FIXTURE, "--year", "2026", "--as-of", DAY, "--out", reviewed], output())).toBeLessThan(2);
    const o = output(false, 1);
    expect(await main(["review", reviewed, "--year", "2026", "--as-of", DAY, "--verbose"], o)).toBe(2);
    expect(o.stderr).toMatch(/already has the sheet 信用评级调整 2026/);
    const a = output(false, 1);
    expect(await main(["review", reviewed, "--apply", "--year", "2026", "--as-of", DAY, "--json", "--verbose"], a)).toBeLessThan(2);
    expect(sheetsRead(a.stderr, "review")).toEqual(["客户信息", "信用评级调整 2026"]);
    expect(JSON.parse(a.stdout)).toMatchObject({ reviewSheet: "信用评级调整 2026", customersSheet: "客户信息" });
  });
});
