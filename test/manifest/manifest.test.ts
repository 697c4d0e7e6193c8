import * as fs from "node:fs";
import * as path from "node:path";
import { associatedActions, checkManifest, type ManifestInputs } from "./manifest-check";

const root = path.resolve(__dirname, "../..");
const manifest = fs.readFileSync(path.join(root, "manifest.xml"), "utf8");
const dist = path.join(root, "dist");

function commandsSource(): string {
  const dir = path.join(root, "src/commands");
  return fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
}

function builtFunctionsJson(): ManifestInputs["functionsJson"] {
  const file = path.join(dist, "functions.json");
  if (!fs.existsSync(file)) throw new Error("dist/functions.json is missing: run `npm run build` before the tests (npm test does).");
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function inputs(): ManifestInputs {
  return { associatedActions: associatedActions(commandsSource()), functionsJson: builtFunctionsJson(), expectedNamespace: "CUSTFILE" };
}

function pngSize(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  expect(buf.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe("manifest.xml (offline check)", () => {
  it("passes: resids resolve, URLs are https, actions are associated, namespace matches", () => {
    expect(checkManifest(manifest, inputs())).toEqual([]);
  });

  it("associates the 季度抽查 button's function in the commands code", () => {
    expect(associatedActions(commandsSource())).toContain("quarterlyAudit");
  });

  it("the build wrote the shared-runtime page, the functions metadata (en-US and zh-CN) and the commands code", () => {
    for (const f of ["taskpane.html", "functions.json", "functions.zh-CN.json", "functions.js", "commands.js", "taskpane.js"]) expect([f, fs.existsSync(path.join(dist, f))]).toEqual([f, true]);
    const html = fs.readFileSync(path.join(dist, "taskpane.html"), "utf8");
    for (const bundle of ["taskpane.js", "functions.js", "commands.js"]) expect(html).toContain(bundle);
  });

  it("every localhost URL it names is a file of the build", () => {
    const urls = [...manifest.matchAll(/https:\/\/localhost:3000\/([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(5);
    const missing = urls.filter((u) => !fs.existsSync(path.join(dist, u)));
    expect(missing).toEqual([]);
  });

  it("ships real PNG icons at 16, 32, 64 and 80 pixels", () => {
    for (const size of [16, 32, 64, 80]) expect(pngSize(path.join(root, `assets/icon-${size}.png`))).toEqual({ width: size, height: size });
    for (const size of [16, 32, 80]) expect(pngSize(path.join(root, `assets/audit-${size}.png`))).toEqual({ width: size, height: size });
  });

  it("has zh-CN strings beside en-US for every label and tooltip", () => {
    const strings = [...manifest.matchAll(/<bt:String id="([^"]+)"[^/]*?>\s*<bt:Override Locale="zh-CN"/g)].map((m) => m[1]);
    expect(strings).toEqual(expect.arrayContaining(["Group.Label", "TaskpaneButton.Label", "AuditButton.Label", "TaskpaneButton.Tooltip", "AuditButton.Tooltip"]));
    expect(manifest).toMatch(/季度抽查/);
  });

  describe("fails on a broken copy", () => {
    const cases: Array<[string, (xml: string) => string, RegExp]> = [
      ["a resid with no resource", (x) => x.replace('resid="AuditButton.Label"', 'resid="AuditButton.Labl"'), /AuditButton\.Labl.*does not resolve/],
      ["an http URL", (x) => x.replace("https://localhost:3000/functions.json", "http://localhost:3000/functions.json"), /not https/],
      ["a renamed ExecuteFunction", (x) => x.replace("<FunctionName>quarterlyAudit</FunctionName>", "<FunctionName>quarterlyAudt</FunctionName>"), /quarterlyAudt.*not associated/],
      ["another namespace", (x) => x.replace('DefaultValue="CUSTFILE"', 'DefaultValue="CONTOSO"'), /namespace is 'CONTOSO'/],
      ["no shared runtime", (x) => x.replace('<Set Name="SharedRuntime" MinVersion="1.1"/>', ""), /SharedRuntime 1\.1/],
      ["ExcelApi below 1.9", (x) => x.replace('<Set Name="ExcelApi" MinVersion="1.9"/>', '<Set Name="ExcelApi" MinVersion="1.8"/>'), /ExcelApi 1\.9/],
      ["broken XML", (x) => x.replace("</OfficeApp>", ""), /not well-formed/],
      ["an unused resource", (x) => x.replace("<bt:Images>", '<bt:Images>\n        <bt:Image id="Orphan.16" DefaultValue="https://localhost:3000/assets/icon-16.png"/>'), /Orphan\.16.*never used/],
    ];
    it.each(cases)("%s", (_name, breakIt, expected) => {
      const problems = checkManifest(breakIt(manifest), inputs());
      expect(problems.join("\n")).toMatch(expected);
    });
  });
});
