/** `custfile demo`: sizes that fit Excel, progress on stderr, and checks that see what a user's run on the file sees. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
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
    for (const [name, args] of [["validate", ["--as-of", "2026-09-30"]], ["credit", ["--as-of", "2026-09-30"]], ["audit", ["--quarter", "2026Q3", "--seed", "0123456789abcdef0123456789abcdef"]]] as [string, string[]][]) {
      const direct = output();
      const code = await main([name, file, ...args], direct);
      const lines = (direct.stdout + direct.stderr).replace(/\n$/, "").split("\n").slice(0, 30).map((l) => `  ${l}`);
      const section = o.stdout.split(`$ custfile ${name} `)[1].split("\n").slice(1);
      expect(section.slice(0, lines.length)).toEqual(lines);
      expect(section).toContain(`  → exit ${code}${code === 1 ? " (findings: expected, the demo data has planted mistakes)" : ""}`);
    }
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
    const phases = o.stderr.split("\n").filter((l) => /^custfile demo: \w+ +\d+\.\d{3} s/.test(l)).map((l) => l.split(/\s+/)[2]);
    expect(phases).toEqual(["generate", "write", "validate", "credit", "audit", "total"]);
  });
});
