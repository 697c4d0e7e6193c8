/** functions.json as the build writes it (npm test builds before jest): all six functions, matrix in and out, optional as-of and policy, zh-CN names. */
import * as fs from "node:fs";
import * as path from "node:path";

const dist = path.resolve(__dirname, "../../dist");

interface Param { name: string; type?: string; dimensionality?: string; optional?: boolean; description?: string }
interface Fn { id: string; name: string; description: string; parameters: Param[]; result: { dimensionality?: string } }

function read(file: string): { functions: Fn[] } {
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
    expect(Object.fromEntries(zh.map((f) => [f.id, f.name]))).toEqual({ PAYSCORE: "回款评分", DBT: "逾期天数", GRADE: "信用等级", TIER: "信用分类", LIMIT: "建议额度", AGING: "账龄" });
    for (const f of zh) for (const p of f.parameters) expect(p.description).toMatch(/[\u4e00-\u9fff]/);
  });
});
