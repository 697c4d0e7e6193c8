import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { main } from "../../src/cli/main";
import { VERSION } from "../../src/cli/version";
import type { CliIO } from "../../src/cli/io";
import { readWorkbook } from "../../src/cli/xlsx";

const root = path.resolve(__dirname, "../..");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "custfile-main-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

describe("custfile command line", () => {
  it("--help lists every command and the exit codes", async () => {
    const o = io();
    expect(await main(["--help"], o)).toBe(0);
    for (const name of ["validate", "credit", "monitor", "audit", "handover", "export", "verify-log", "template", "demo"]) expect(o.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(o.stdout).toMatch(/Exit codes: 0 ok, 1 findings/);
  });

  it("--version prints the package version", async () => {
    const o = io();
    expect(await main(["--version"], o)).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(o.stdout.trim()).toBe(pkg.version);
    expect(VERSION).toBe(pkg.version);
  });

  it("no command: prints help and exits 2", async () => {
    const o = io();
    expect(await main([], o)).toBe(2);
    expect(o.stdout).toMatch(/Usage: custfile COMMAND/);
  });

  it("an unknown command exits 2 and says what to run", async () => {
    const o = io();
    expect(await main(["valdate", "x.xlsx"], o)).toBe(2);
    expect(o.stderr).toMatch(/unknown command 'valdate'.*\n.*custfile --help/);
  });

  it("an unknown option exits 2 naming the option", async () => {
    const o = io();
    expect(await main(["demo", "--colour", "red"], o)).toBe(2);
    expect(o.stderr).toMatch(/--colour/);
  });

  it("demo writes a workbook with every template sheet and says what it planted", async () => {
    const dir = fs.mkdtempSync(path.join(scratch, "demo-"));
    const o = io();
    expect(await main(["demo", "--out", dir, "--customers", "60", "--seed", "7"], o)).toBe(0);
    const wb = readWorkbook(path.join(dir, "custfile-demo.xlsx"));
    expect(wb.sheets.map((s) => s.sheet)).toEqual(expect.arrayContaining(["客户信息", "客户动态", "归档记录", "回款记录", "变更记录"]));
    const customers = wb.sheets.find((s) => s.sheet === "客户信息")!;
    expect(customers.values).toHaveLength(61);
    expect(customers.values[0][0]).toBe("客户编号");
    // Opening dates are real Excel date cells (a number with a date format), as Excel would store them.
    const opened = customers.values[0].indexOf("开户日期");
    expect(customers.values.slice(1).some((r, i) => typeof r[opened] === "number" && customers.numberFormats![i + 1][opened] === "yyyy-mm-dd")).toBe(true);
    expect(o.stdout).toMatch(/planted on purpose/);
  });

  it("the same seed gives the same demo workbook", async () => {
    const a = fs.mkdtempSync(path.join(scratch, "demo-"));
    const b = fs.mkdtempSync(path.join(scratch, "demo-"));
    await main(["demo", "--out", a, "--customers", "30"], io());
    await main(["demo", "--out", b, "--customers", "30"], io());
    const read = (d: string) => readWorkbook(path.join(d, "custfile-demo.xlsx")).sheets.map((s) => s.values);
    expect(read(a)).toEqual(read(b));
  });

  describe("the installed bin", () => {
    beforeAll(() => {
      execFileSync("npx", ["tsc", "-p", "tsconfig.cli.json"], { cwd: root, stdio: "pipe" });
    });

    it("runs `custfile --help` from bin/custfile.js", () => {
      const r = spawnSync(process.execPath, [path.join(root, "bin/custfile.js"), "--help"], { encoding: "utf8" });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/custfile .* customer files and trade credit/);
    });

    it("exits 2 with a message that says what to type for a bad option value", () => {
      const r = spawnSync(process.execPath, [path.join(root, "bin/custfile.js"), "demo", "--customers", "zero"], { encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--customers must be a whole number/);
    });
  });
});
