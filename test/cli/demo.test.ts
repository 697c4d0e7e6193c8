/** `custfile demo`: sizes that fit Excel, progress on stderr, and checks that see what a user's run on the file sees. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import { DEMO_LINES } from "../../src/cli/commands/demo";
import { testOutput as output } from "../support/cli-output";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-demo-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("custfile demo", () => {
  it("refuses a size whose sheets would pass Excel's rows, naming the largest that fits, and writes nothing", async () => {
    const dir = path.join(scratch, "big");
    const o = output();
    expect(await main(["demo", "--out", dir, "--customers", "200000"], o)).toBe(2);
    expect(o.stderr).toMatch(/--customers 200000 does not fit in Excel: sheet 客户动态 would have 1,200,001 rows, and a sheet holds 1,048,576 \(header included\)\. The largest demo that fits is --customers 174762\./);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("the checks it runs print what the same commands print on the written file", async () => {
    const dir = path.join(scratch, "same");
    const o = output();
    expect(await main(["demo", "--out", dir, "--customers", "80", "--seed", "3"], o)).toBe(0);
    const file = path.join(dir, "custfile-demo.xlsx");
    const runs: [string, string[]][] = [
      ["validate", ["--as-of", "2026-09-30"]], ["credit", ["--as-of", "2026-09-30"]], ["audit", ["--quarter", "2026Q3", "--seed", "0123456789abcdef0123456789abcdef"]],
      ["monitor", ["--as-of", "2026-09-30"]], ["analyze", ["--as-of", "2026-09-30", "--by", "abc,province"]], ["verify-log", []],
    ];
    for (const [name, args] of runs) {
      const direct = output();
      const code = await main([name, file, ...args], direct);
      const lines = (direct.stdout + direct.stderr).replace(/\n$/, "").split("\n").slice(0, DEMO_LINES[name]).map((l) => `  ${l}`);
      const section = o.stdout.split(`$ custfile ${name} `)[1].split("\n").slice(1);
      expect(section.slice(0, lines.length)).toEqual(lines);
      expect(section).toContain(`  → exit ${code}${code === 1 ? " (findings: expected, the demo data has planted mistakes)" : ""}`);
    }
  });

  it("the default demo shows the management workflows: credit flags, monitor abnormalities, ABC, the records checks and a holding change log", async () => {
    const o = output();
    expect(await main(["demo", "--out", path.join(scratch, "default")], o)).toBe(0);
    const out = o.stdout;
    const flags = /flags \(recorded vs computed\): over-limit 超出信用额度 (\d+), grade-drift 等级与计算不符 (\d+)/.exec(out)!;
    expect(Number(flags[1])).toBeGreaterThanOrEqual(1);
    expect(Number(flags[2])).toBeLessThan(0.15 * 500);
    const monitor = /客户 500 个；异常 (\d+) 条，涉及 \d+ 个客户：新增C类 (\d+)，等级下降 (\d+)，新超信用额度 (\d+)，逾期金额大增 (\d+)，DBT上升 (\d+)，首次逾期超60天 (\d+)/.exec(out)!;
    expect(Number(monitor[1])).toBeGreaterThan(0);
    expect(Number(monitor[2])).toBeGreaterThanOrEqual(1);
    expect(monitor.slice(2).filter((n) => Number(n) > 0).length).toBeGreaterThanOrEqual(4);
    const a = /\n {4}A +(\d+) +([\d.]+)% +[\d,.]+ +([\d.]+)%/.exec(out)!;
    expect(Number(a[3])).toBeGreaterThan(60);
    expect(Number(a[3])).toBeLessThanOrEqual(70);
    expect(Number(a[2])).toBeLessThan(25);
    expect(out).toMatch(/按地区（省份，GB\/T 2260）[\s\S]*江苏省/);
    for (const code of ["owner-left", "single-contact", "overdue-loan", "retention"]) expect(out).toMatch(new RegExp(`\\[${code}\\] \\d+`));
    expect(Number(/\[overdue-loan\] (\d+)/.exec(out)![1])).toBeGreaterThanOrEqual(1);
    expect(out).toMatch(/负责人「张伟」已离职/);
    expect(out).toMatch(/负责人「王方」不在人员名单/);
    expect(out).toMatch(/「变更记录」校验链完整，\d+ 行/);
    expect(out).toMatch(/custfile handover .* --from 张伟 --to 李娜/);
  });

  it("off a terminal, a run past a second prints plain progress lines on stderr; stdout holds only the demo's report", async () => {
    const o = output(false, 300);
    expect(await main(["demo", "--out", path.join(scratch, "plain"), "--customers", "40"], o)).toBe(0);
    const lines = o.statusText.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l).toMatch(/^custfile demo: (generating|writing|running) .*\(\d+ s\)$/);
    expect(o.statusText).not.toMatch(/\r/);
    expect(o.stdout).not.toMatch(/generating|\(\d+ s\)/);
  });

  it("on a terminal, one progress line redrawn in place and cleared before each result", async () => {
    const o = output(true, 300);
    expect(await main(["demo", "--out", path.join(scratch, "tty"), "--customers", "40"], o)).toBe(0);
    expect(o.statusText).toMatch(/^\rcustfile demo: /);
    expect(o.statusText).not.toMatch(/\n/);
    expect(o.statusText.endsWith("\r\x1b[K")).toBe(true);
  });

  it("a quick run shows no progress; --verbose times generate, write and each check", async () => {
    const o = output(true, 1);
    expect(await main(["demo", "--out", path.join(scratch, "quick"), "--customers", "20", "--verbose"], o)).toBe(0);
    expect(o.statusText).toBe("");
    const phases = o.stderr.split("\n").filter((l) => /^custfile demo: [\w-]+ +\d+\.\d{3} s/.test(l)).map((l) => l.split(/\s+/)[2]);
    expect(phases).toEqual(["generate", "write", "validate", "records", "credit", "audit", "monitor", "analyze", "verify-log", "total"]);
  });
});
