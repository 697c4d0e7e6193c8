/**
 * Output safety (issue #11 item 1) on real files: an output that is the input, under any
 * name, is refused with exit 2 and the input's bytes never change; an existing output needs
 * --force; a folder that cannot be written is a clear error; a run killed in the middle of
 * writing leaves the old output as it was.
 */
import { TABLES } from "../../src/core/template/tables";
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";
import { readWorkbook } from "../../src/cli/xlsx";

const root = path.resolve(__dirname, "../..");
const FIXTURE = path.resolve(__dirname, "../fixtures/rich.xlsx");
const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "custfile-output-")));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function io(): CliIO & { stdout: string; stderr: string } {
  const o = { stdout: "", stderr: "", out(t: string) { o.stdout += t + "\n"; }, err(t: string) { o.stderr += t + "\n"; } };
  return o;
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

const COMMANDS: Array<[string, string[]]> = [
  ["validate", ["--as-of", "2026-09-30"]],
  ["credit", ["--as-of", "2026-09-30"]],
  ["audit", ["--quarter", "2026Q3", "--seed", "0123456789abcdef"]],
];

describe.each(COMMANDS)("custfile %s never writes over its input", (command, args) => {
  const dir = path.join(scratch, command);
  fs.mkdirSync(path.join(dir, "sub"), { recursive: true });
  const file = path.join(dir, "in.xlsx");
  fs.copyFileSync(FIXTURE, file);
  fs.symlinkSync(file, path.join(dir, "link.xlsx"));
  fs.linkSync(file, path.join(dir, "hard.xlsx"));
  fs.symlinkSync(dir, path.join(scratch, `${command}-dirlink`));
  const hash = sha256(file);

  it.each([
    ["the same path, relative", () => path.relative(process.cwd(), file)],
    ["the same path, absolute with ..", () => path.join(dir, "sub", "..", "in.xlsx")],
    ["a symbolic link to the input", () => path.join(dir, "link.xlsx")],
    ["a hard link to the input", () => path.join(dir, "hard.xlsx")],
    ["the input through a linked folder", () => path.join(scratch, `${command}-dirlink`, "in.xlsx")],
    ["a case variant of the input's name", () => path.join(dir, "IN.XLSX")],
  ])("--out as %s: exit 2, a clear message, the input unchanged", async (_what, out) => {
    const o = io();
    expect(await main([command, file, ...args, "--out", out(), "--force"], o)).toBe(2);
    expect(o.stderr).toMatch(/never changes its input/);
    expect(sha256(file)).toBe(hash);
    expect(fs.readdirSync(dir).sort()).toEqual(["hard.xlsx", "in.xlsx", "link.xlsx", "sub"]);
  });

  it("an existing output is refused without --force and replaced with it", async () => {
    const out = path.join(dir, "existing.xlsx");
    fs.writeFileSync(out, "someone else's file");
    const o = io();
    expect(await main([command, file, ...args, "--out", out], o)).toBe(2);
    expect(o.stderr).toMatch(/already exists.*--force/);
    expect(fs.readFileSync(out, "utf8")).toBe("someone else's file");
    expect([0, 1]).toContain(await main([command, file, ...args, "--out", out, "--force"], io()));
    expect(readWorkbook(out).sheets.length).toBeGreaterThan(7);
    expect(sha256(file)).toBe(hash);
    fs.rmSync(out);
  });
});

describe("template and demo refuse an existing output without --force", () => {
  it("template", async () => {
    const out = path.join(scratch, "existing-template.xlsx");
    fs.writeFileSync(out, "keep me");
    const o = io();
    expect(await main(["template", out], o)).toBe(2);
    expect(o.stderr).toMatch(/already exists.*--force/);
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    expect(await main(["template", out, "--force"], io())).toBe(0);
    expect(readWorkbook(out).sheets).toHaveLength(TABLES.length);
  });

  it("demo", async () => {
    const dir = path.join(scratch, "demo");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "custfile-demo.xlsx"), "keep me");
    const o = io();
    expect(await main(["demo", "--out", dir, "--customers", "20"], o)).toBe(2);
    expect(o.stderr).toMatch(/custfile-demo\.xlsx already exists.*--force/);
    expect(fs.readFileSync(path.join(dir, "custfile-demo.xlsx"), "utf8")).toBe("keep me");
    expect(await main(["demo", "--out", dir, "--customers", "20", "--force"], io())).toBe(0);
    expect(readWorkbook(path.join(dir, "custfile-demo.xlsx")).sheets.length).toBeGreaterThan(3);
  });
});

describe("a folder that cannot be written", () => {
  const file = path.join(scratch, "in-for-folders.xlsx");
  fs.copyFileSync(FIXTURE, file);

  it("a missing folder: exit 2 naming it, nothing written", async () => {
    const o = io();
    const out = path.join(scratch, "no-such-folder", "out.xlsx");
    expect(await main(["validate", file, "--out", out], o)).toBe(2);
    expect(o.stderr).toMatch(/the folder .*no-such-folder does not exist/);
    expect(fs.existsSync(path.dirname(out))).toBe(false);
  });

  it("a folder without write permission: exit 2 saying so", async () => {
    // chmod does not bind root (CI runs as root): there, sysfs is a folder nobody may create files in.
    let dir = path.join(scratch, "read-only");
    fs.mkdirSync(dir, { mode: 0o555 });
    fs.chmodSync(dir, 0o555);
    if (process.getuid?.() === 0) dir = "/sys";
    const o = io();
    expect(await main(["credit", file, "--as-of", "2026-09-30", "--out", path.join(dir, "graded.xlsx")], o)).toBe(2);
    expect(o.stderr).toMatch(/no permission to write in the folder|read-only/);
    expect(fs.existsSync(path.join(dir, "graded.xlsx"))).toBe(false);
  });
});

describe("a run killed in the middle of writing", () => {
  it("leaves the old output intact (the half-written bytes are in a temporary file beside it)", async () => {
    const dir = path.join(scratch, "kill");
    fs.mkdirSync(dir);
    const file = path.join(dir, "in.xlsx");
    fs.copyFileSync(FIXTURE, file);
    const out = path.join(dir, "checked.xlsx");
    expect(await main(["validate", file, "--as-of", "2026-09-30", "--out", out], io())).toBe(0);
    const old = sha256(out);
    const input = sha256(file);

    const child = spawn(process.execPath, ["--require", path.join(root, "test/support/pause-mid-write.cjs"), "--import", "tsx", path.join(root, "test/support/cli-entry.ts"),
      "validate", file, "--as-of", "2026-09-30", "--lang", "en-US", "--out", out, "--force"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes("custfile-test: paused mid-write")) resolve();
      });
      child.on("exit", () => reject(new Error(`the child ended before writing: ${stderr}`)));
    });
    const partial = fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));
    expect(partial).toHaveLength(1);
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    expect(sha256(out)).toBe(old);
    expect(readWorkbook(out).sheets.find((s) => s.sheet === "校验结果")!.values[0][0]).toBe("表");
    expect(sha256(file)).toBe(input);
    // The temporary file holds only part of a workbook: what a rename-less write would have left as the output.
    expect(fs.statSync(path.join(dir, partial[0])).size).toBeLessThan(fs.statSync(out).size);
  });
});
