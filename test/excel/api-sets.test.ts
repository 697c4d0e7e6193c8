/**
 * Every Excel.* and Office.* member custfile's code uses, found in the TypeScript program of
 * src/ (the checker resolves each property access and object-literal property to its declaration
 * in @types/office-js), with the requirement set its JSDoc names (`[Api set: ExcelApi 1.9]`). The
 * manifest asks for ExcelApi 1.9 and SharedRuntime 1.1 (Excel 2021, Microsoft 365, the web): a
 * member of a later set must sit under an `isSetSupported(set, version)` check (an `if`, `&&` or
 * `?:` around it), or Excel 2021 fails on it at run time.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
/** The sets and versions the manifest requires (manifest.xml <Requirements>). */
const REQUIRED: Readonly<Record<string, string>> = { ExcelApi: "1.9", SharedRuntime: "1.1" };

/** Compare "1.10" and "1.9" as versions (1.10 is later), not as decimals. */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  return x[0] - y[0] || (x[1] ?? 0) - (y[1] ?? 0);
}

interface Use {
  member: string;
  set: string;
  version: string;
  where: string;
  guarded: boolean;
}

function program(): ts.Program {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const files = parsed.fileNames.filter((f) => path.relative(ROOT, f).startsWith(`src${path.sep}`));
  return ts.createProgram(files, { ...parsed.options, noEmit: true });
}

/** The first "[Api set: Name x.y …]" (Excel) or "**Requirement set**: {@link … | Name x.y}" (common API) of a declaration's JSDoc, or null. */
function apiSet(decl: ts.Declaration): { set: string; version: string } | null {
  const text = decl.getSourceFile().text;
  const ranges = ts.getLeadingCommentRanges(text, decl.getFullStart()) ?? [];
  for (const r of ranges) {
    const comment = text.slice(r.pos, r.end);
    const m = /\[Api set: ([A-Za-z]+) (\d+\.\d+)/.exec(comment) ?? /\*\*Requirement set\*\*: \{@link [^|}]*\| ([A-Za-z]+) (\d+\.\d+)\}/.exec(comment);
    if (m) return { set: m[1], version: m[2] };
  }
  return null;
}

/** Whether `node` runs only under an isSetSupported(set, ≥ version) check. */
function guarded(node: ts.Node, set: string, version: string): boolean {
  const covers = (condition: ts.Node) => {
    const re = /isSetSupported\??\.?\(\s*["']([A-Za-z]+)["']\s*,\s*["'](\d+\.\d+)["']\s*\)/g;
    for (let m = re.exec(condition.getText()); m; m = re.exec(condition.getText())) if (m[1] === set && compareVersions(m[2], version) >= 0) return true;
    return false;
  };
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && parent.thenStatement === child && covers(parent.expression)) return true;
    if (ts.isConditionalExpression(parent) && parent.whenTrue === child && covers(parent.condition)) return true;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === child && covers(parent.left)) return true;
  }
  return false;
}

/** Every Office member used in src/, with its requirement set. */
function uses(): Use[] {
  const p = program();
  const checker = p.getTypeChecker();
  const out: Use[] = [];
  const record = (node: ts.Node, symbol: ts.Symbol | undefined) => {
    if (!symbol) return;
    const s = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    for (const decl of s.declarations ?? []) {
      if (!decl.getSourceFile().fileName.includes(`@types${path.sep}office-js${path.sep}`) && !decl.getSourceFile().fileName.includes("@types/office-js/")) continue;
      const tag = apiSet(decl);
      const at = node.getSourceFile();
      const { line } = at.getLineAndCharacterOfPosition(node.getStart());
      out.push({
        member: checker.getFullyQualifiedName(s),
        set: tag?.set ?? "",
        version: tag?.version ?? "",
        where: `${path.relative(ROOT, at.fileName)}:${line + 1}`,
        guarded: tag ? guarded(node, tag.set, tag.version) : true,
      });
      return;
    }
  };
  for (const file of p.getSourceFiles()) {
    if (file.isDeclarationFile || !path.relative(ROOT, file.fileName).startsWith("src")) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) record(node, checker.getSymbolAtLocation(node.name));
      if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
        const literal = node.parent;
        const type = ts.isObjectLiteralExpression(literal) ? checker.getContextualType(literal) : undefined;
        const name = node.name.getText();
        record(node, type?.getProperty(name));
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return out;
}

/** Sets that describe other hosts (Outlook's Mailbox, Word …): their notes on shared members do not apply to Excel. */
const OTHER_HOSTS = /^(Mailbox|WordApi|PowerPointApi|OneNoteApi|VisioApi|ProjectApi)/;

/** A use custfile's requirements do not cover: a set above the required version, or another Excel-side set, unguarded. */
function beyondRequirements(u: Use): boolean {
  if (u.set === "" || u.guarded || OTHER_HOSTS.test(u.set)) return false;
  const required = REQUIRED[u.set];
  return required === undefined || compareVersions(u.version, required) > 0;
}

describe("Office API members used in src/ and their requirement sets", () => {
  const all = uses();
  const table = [...new Map(all.map((u) => [`${u.member} — ${u.set} ${u.version}`.trim(), u])).keys()].sort();

  it("finds the members the code uses, with the set @types/office-js gives each (the list: test/excel/.out/api-sets.txt)", () => {
    const out = path.join(__dirname, ".out");
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "api-sets.txt"), `${table.join("\n")}\n`);
    const byMember = new Map(all.map((u) => [u.member, u]));
    expect(table.length).toBeGreaterThan(40);
    expect(byMember.get("Excel.Worksheet.getRanges")).toMatchObject({ set: "ExcelApi", version: "1.9" });
    expect(byMember.get("Excel.TableCollection.onDeleted")).toMatchObject({ set: "ExcelApi", version: "1.9" });
    expect(byMember.get("Excel.Range.values")).toMatchObject({ set: "ExcelApi", version: "1.1" });
    expect(byMember.get("Excel.ChartCollection.add")).toMatchObject({ set: "ExcelApi", version: "1.1" });
    expect(byMember.get("Excel.WorksheetProtectionOptions.allowAutoFilter")).toMatchObject({ set: "ExcelApi", version: "1.2" });
    expect(byMember.get("Office.Addin.showAsTaskpane")).toMatchObject({ set: "SharedRuntime", version: "1.1" });
    // Above ExcelApi 1.9 and used: only under its isSetSupported check.
    expect(byMember.get("Excel.Worksheet.onRowSorted")).toMatchObject({ set: "ExcelApi", version: "1.10", guarded: true });
  });

  it("uses nothing above ExcelApi 1.9 / SharedRuntime 1.1 that is not guarded by isSetSupported", () => {
    const problems = all.filter(beyondRequirements).map((u) => `${u.where} ${u.member} (${u.set} ${u.version})`);
    expect({ problems, members: problems.length ? table : [] }).toEqual({ problems: [], members: [] });
  });

  it("(control) an unguarded use of a later set is found, a guarded one is not", () => {
    const use = (set: string, version: string, isGuarded = false): Use => ({ member: "m", set, version, where: "w", guarded: isGuarded });
    expect([use("ExcelApi", "1.10"), use("ExcelApi", "1.10", true), use("ExcelApi", "1.9"), use("ExcelApiOnline", "1.1"), use("SharedRuntime", "1.2"), use("Mailbox", "1.3")].map(beyondRequirements))
      .toEqual([true, false, false, true, true, false]);
    const source = ts.createSourceFile("x.ts", `if (a.isSetSupported("ExcelApi", "1.10")) { s.onRowSorted.add(f); }\ns.onRowSorted.add(f);\nok && t.isSetSupported("ExcelApi", "1.12") && s.x();`, ts.ScriptTarget.ES2022, true);
    const calls: ts.Node[] = [];
    const visit = (n: ts.Node): void => { if (ts.isPropertyAccessExpression(n) && (n.name.text === "onRowSorted" || n.name.text === "x")) calls.push(n); ts.forEachChild(n, visit); };
    visit(source);
    expect(calls.map((c) => guarded(c, "ExcelApi", "1.10"))).toEqual([true, false, true]);
    expect(guarded(calls[0], "ExcelApi", "1.11")).toBe(false);
    expect(compareVersions("1.10", "1.9")).toBeGreaterThan(0);
  });
});
