/**
 * No array is spread into function arguments anywhere in src/ (issue 17): `Math.min(...a)`,
 * `Math.max(...a)`, `x.push(...a)` and the like put every element on the stack and overflow it
 * on a big workbook (125k findings, a million rows). Use minOf / maxOf / pushAll of core/arrays.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const SRC = path.join(__dirname, "../../src");
/** Calls whose arguments must not be spread arrays. */
const CALLS = /\b(?:Math\.(?:min|max)|\.(?:push|unshift|splice|apply)|String\.fromCharCode|String\.fromCodePoint)\(/g;

/** Each `...` spread directly into the arguments of one of CALLS (not inside an array or object literal there), as line numbers. */
export function spreadCalls(text: string): number[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " ")).replace(/\/\/[^\n]*/g, (c) => " ".repeat(c.length));
  const lines: number[] = [];
  for (const m of code.matchAll(CALLS)) {
    let depth = 0;
    for (let i = m.index! + m[0].length; i < code.length; i++) {
      const ch = code[i];
      if (ch === "(" || ch === "[" || ch === "{") depth++;
      else if (ch === ")" || ch === "]" || ch === "}") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && code.startsWith("...", i)) {
        lines.push(code.slice(0, i).split("\n").length);
        break;
      }
    }
  }
  return lines;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

describe("no spread of arrays into function arguments", () => {
  it("src/ has no Math.min(...), Math.max(...), push(...), unshift(...), splice(…, ...), fromCharCode(...)", () => {
    const hits: string[] = [];
    for (const f of files(SRC)) {
      const text = fs.readFileSync(f, "utf8");
      const lines = text.split("\n");
      for (const n of spreadCalls(text)) hits.push(`${path.relative(SRC, f)}:${n}: ${lines[n - 1].trim()}`);
    }
    expect(hits).toEqual([]);
  });

  it("the pattern catches what it is for", () => {
    expect(spreadCalls("const m = Math.min(...xs);")).toEqual([1]);
    expect(spreadCalls("x;\nout.push(\n  a,\n  ...rows.map(f));")).toEqual([4]);
    expect(spreadCalls("a.splice(0, 0, ...b);")).toEqual([1]);
    expect(spreadCalls("Math.max(5, ...widths)")).toEqual([1]);
    expect(spreadCalls("const all = [...a, ...b]; out.push({ ...o, k: 1 }); out.push([1, ...row]);")).toEqual([]);
    expect(spreadCalls("// Math.min(...xs)")).toEqual([]);
  });
});
