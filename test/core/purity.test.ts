import * as fs from "node:fs";
import * as path from "node:path";

/** The core runs in Excel, in Node and in tests alike: no Office, DOM-only or Node APIs in it. */
const coreDir = path.resolve(__dirname, "../../src/core");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

describe("src/core stays free of host APIs", () => {
  const sources = files(coreDir).map((f) => ({ f: path.relative(coreDir, f), text: fs.readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "") }));

  it("has source files", () => {
    expect(sources.length).toBeGreaterThan(3);
  });

  it.each([
    ["Node built-ins", /from\s+["'](node:|fs|path|os|child_process|crypto|util|buffer|stream)["']|require\(["'](node:|fs|path|os|crypto)/],
    ["Office.js", /\b(Office|Excel|CustomFunctions|OfficeRuntime)\.[A-Za-z]/],
    ["the DOM", /\b(window|document|localStorage|navigator)\./],
    ["Node globals", /\b(process|Buffer|__dirname|__filename)\b[.(]/],
  ])("does not use %s", (_what, pattern) => {
    const offenders = sources.filter((s) => pattern.test(s.text)).map((s) => s.f);
    expect(offenders).toEqual([]);
  });
});
