/** functions.json as the build writes it (npm test builds before jest): all six functions, matrix in and out, optional as-of and policy, zh-CN names. */
import * as fs from "node:fs";
import * as path from "node:path";

const dist = path.resolve(__dirname, "../../dist");

interface Param { name: string; type?: string; dimensionality?: string; optional?: boolean; description?: string }
interface Fn { id: string; name: string; description: string; parameters: Param[]; result: { dimensionality?: string } }

function read(file: string): { functions: Fn[]; allowErrorForDataTypeAny?: boolean; allowCustomDataForDataTypeAny?: boolean } {
  const p = path.join(dist, file);
  if (!fs.existsSync(p)) throw new Error(`dist/${file} is missing: run \`npm run build\` before the tests (npm test does).`);
  return JSON.parse(fs.readFileSync(p, "utf8"));
}

const IDS = ["PAYSCORE", "DBT", "GRADE", "TIER", "LIMIT", "AGING"];

describe("dist/functions.json", () => {
  const fns = read("functions.json").functions;

  it("holds the six CUSTFILE functions, ids and names uppercase", () => {
    expect(fns.map((f) => f.id).sort()).toEqual([...IDS].sort());
    for (const f of fns) expect(f.name).toBe(f.id);
  });

  it.each(IDS)("%s: ids and payments are matrices, as-of (scalar) and policy (matrix) optional, the result spills", (id) => {
    const f = fns.find((x) => x.id === id)!;
    expect(f.result.dimensionality).toBe("matrix");
    expect(f.parameters.map((p) => [p.name, p.dimensionality ?? "scalar", p.optional ?? false])).toEqual([
      ["ids", "matrix", false], ["payments", "matrix", false], ["asOf", "scalar", true], ["policy", "matrix", true],
    ]);
    expect(f.description.length).toBeGreaterThan(10);
  });
});

describe("dist/functions.zh-CN.json", () => {
  const zh = read("functions.zh-CN.json").functions;

  it("keeps the ids and gives Chinese names and parameter descriptions", () => {
    expect(Object.fromEntries(zh.map((f) => [f.id, f.name]))).toEqual({ PAYSCORE: "回款评分", DBT: "逾期天数", GRADE: "信用等级", TIER: "信用分类", LIMIT: "建议额度", AGING: "账龄分析" });
    for (const f of zh) for (const p of f.parameters) expect(p.description).toMatch(/[\u4e00-\u9fff]/);
  });
});

/**
 * Microsoft's naming rules for custom functions (learn.microsoft.com, "Custom functions naming
 * guidelines"): id and name start with a letter and have at least three characters; an id uses
 * only A–Z, 0–9, underscore and period; a name only Unicode letters, underscore and period; a
 * name is not a cell reference (A1 … XFD1048576, R1C1 …) nor an Excel 4.0 macro function the
 * guidelines name (RUN, ECHO). Names must differ within a locale, whatever their case.
 */
function namingProblems(fns: readonly Fn[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const cellReference = (n: string) => {
    const a1 = /^([A-Z]{1,3})(\d{1,7})$/i.exec(n);
    if (a1) {
      const col = a1[1].toUpperCase().split("").reduce((v, ch) => v * 26 + ch.charCodeAt(0) - 64, 0);
      if (col <= 16384 && Number(a1[2]) >= 1 && Number(a1[2]) <= 1048576) return true;
    }
    return /^R\d+C\d+$/i.test(n);
  };
  for (const f of fns) {
    if (!/^[A-Za-z][A-Za-z0-9_.]{2,}$/.test(f.id)) problems.push(`id '${f.id}'`);
    if ([...f.name].length < 3 || !/^\p{L}[\p{L}_.]*$/u.test(f.name)) problems.push(`name '${f.name}' of ${f.id}`);
    if (cellReference(f.name) || ["RUN", "ECHO"].includes(f.name.toUpperCase())) problems.push(`name '${f.name}' of ${f.id} is a cell reference or macro function`);
    if (seen.has(f.name.toLowerCase())) problems.push(`name '${f.name}' repeats`);
    seen.add(f.name.toLowerCase());
  }
  return problems;
}

describe("names follow Microsoft's custom-function naming rules, in every locale", () => {
  it.each(["functions.json", "functions.zh-CN.json"])("%s", (file) => {
    expect(namingProblems(read(file).functions)).toEqual([]);
  });

  it("the rules catch what Excel refuses (a 2-character name such as 账龄, a cell reference, a digit in a name)", () => {
    const fn = (id: string, name: string): Fn => ({ id, name, description: "", parameters: [], result: {} });
    expect(namingProblems([fn("AGING", "账龄"), fn("AB1", "AB1"), fn("X2Y", "X2Y"), fn("OK_1", "好的名字"), fn("1ST", "RUN")])).toEqual([
      "name '账龄' of AGING", "name 'AB1' of AB1", "name 'AB1' of AB1 is a cell reference or macro function", "name 'X2Y' of X2Y",
      "id '1ST'", "name 'RUN' of 1ST is a cell reference or macro function",
    ]);
  });
});

describe("error cells and typed values reach the functions", () => {
  it.each(["functions.json", "functions.zh-CN.json"])("%s allows errors and typed values in 'any' arguments", (file) => {
    const m = read(file);
    expect(m.allowErrorForDataTypeAny).toBe(true);
    expect(m.allowCustomDataForDataTypeAny).toBe(true);
  });
});
