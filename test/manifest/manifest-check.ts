/**
 * An offline check of manifest.xml (office-addin-manifest's validate calls a web service):
 * well-formed XML, every resid resolves to a resource of the right kind, every URL is https,
 * the ExecuteFunction names are associated by the commands code, and the custom-functions
 * namespace and metadata agree with the build.
 */
import { XMLParser } from "fast-xml-parser";

export interface ManifestInputs {
  /** Action ids the commands code passes to Office.actions.associate. */
  associatedActions: string[];
  /** dist/functions.json as built (optional: checked when given). */
  functionsJson?: { functions: Array<{ id: string; name: string }> };
  /** The namespace the functions are documented under. */
  expectedNamespace: string;
}

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (key: string, value: unknown, parent: Node) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node as Node)) {
      visit(k, v, node as Node);
      walk(v, visit);
    }
  }
}

/** Problems found in a manifest; an empty list means it passed. */
export function checkManifest(xml: string, inputs: ManifestInputs): string[] {
  const problems: string[] = [];
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", removeNSPrefix: true, isArray: (name) => ["Image", "Url", "String", "Control", "Override", "Set", "ExtensionPoint", "Host", "Runtime"].includes(name) });
  const { XMLValidator } = require("fast-xml-parser") as typeof import("fast-xml-parser");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return [`manifest.xml is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`];
  const doc = parser.parse(xml) as Node;
  const app = doc.OfficeApp as Node | undefined;
  if (!app) return ["manifest.xml has no OfficeApp root element"];

  // Resources by kind.
  const resources = (((app.VersionOverrides as Node | undefined)?.Resources) ?? {}) as Node;
  const ids = (kind: string, item: string): Map<string, Node> => {
    const group = resources[kind] as Node | undefined;
    const list = (group?.[item] as Node[] | undefined) ?? [];
    return new Map(list.map((n) => [String(n["@id"]), n]));
  };
  const images = ids("Images", "Image");
  const urls = ids("Urls", "Url");
  const shortStrings = ids("ShortStrings", "String");
  const longStrings = ids("LongStrings", "String");
  const all = new Map([...images, ...urls, ...shortStrings, ...longStrings]);

  // Which resource kind each resid-bearing element needs.
  const kindOf = (element: string, parent: Node): Map<string, Node> | undefined => {
    if (element === "Image") return images;
    if (["SourceLocation", "LearnMoreUrl", "FunctionFile", "Runtime"].includes(element)) return urls;
    if (["Title", "Label", "Namespace"].includes(element)) return shortStrings;
    if (element === "Description") return longStrings;
    return parent ? all : undefined;
  };
  walk(app, (key, value, parent) => {
    const elements = Array.isArray(value) ? value : [value];
    for (const el of elements) {
      if (!el || typeof el !== "object") continue;
      const resid = (el as Node)["@resid"];
      if (resid === undefined) continue;
      const pool = kindOf(key, parent) ?? all;
      if (!pool.has(String(resid))) problems.push(`<${key} resid="${resid}"> does not resolve to a ${pool === all ? "" : "matching "}resource`);
    }
  });
  for (const id of all.keys()) {
    if (!xml.includes(`resid="${id}"`)) problems.push(`resource '${id}' is defined but never used`);
  }

  // Every URL is https.
  walk(app, (key, value) => {
    const elements = Array.isArray(value) ? value : [value];
    for (const el of elements) {
      if (!el || typeof el !== "object") continue;
      for (const attr of ["@DefaultValue", "@Value"]) {
        const v = (el as Node)[attr];
        if (typeof v === "string" && /^[a-z]+:\/\//i.test(v) && !v.startsWith("https://")) problems.push(`<${key}> URL is not https: ${v}`);
      }
    }
    if (key === "AppDomain" && typeof value === "string" && !value.startsWith("https://")) problems.push(`AppDomain is not https: ${value}`);
  });

  // Requirement sets.
  const sets = (((app.Requirements as Node | undefined)?.Sets as Node | undefined)?.Set as Node[] | undefined) ?? [];
  if (!sets.some((s) => s["@Name"] === "SharedRuntime" && s["@MinVersion"] === "1.1")) problems.push("Requirements must include SharedRuntime 1.1");
  // The adapter needs ExcelApi 1.9 (RangeAreas for marks, onChanged details, tables.onAdded): Office must not load it on older Excel.
  const excelApi = sets.find((s) => s["@Name"] === "ExcelApi");
  const [major, minor] = String(excelApi?.["@MinVersion"] ?? "0.0").split(".").map(Number);
  if (!excelApi || major < 1 || (major === 1 && minor < 9)) problems.push("Requirements must include ExcelApi 1.9 or later");

  // Ribbon ExecuteFunction actions must be associated by the commands code.
  walk(app, (key, value) => {
    if (key !== "Action") return;
    for (const el of Array.isArray(value) ? value : [value]) {
      const action = el as Node;
      if (action["@type"] === "ExecuteFunction") {
        const name = String(action.FunctionName ?? "");
        if (!inputs.associatedActions.includes(name)) problems.push(`ExecuteFunction '${name}' is not associated by the commands code (associated: ${inputs.associatedActions.join(", ") || "none"})`);
      }
    }
  });

  // Custom functions namespace and metadata.
  const ns = shortStrings.get("Functions.Namespace");
  const nsValue = ns ? String(ns["@DefaultValue"]) : undefined;
  if (nsValue !== inputs.expectedNamespace) problems.push(`custom functions namespace is '${nsValue}', expected '${inputs.expectedNamespace}'`);
  if (inputs.functionsJson) {
    for (const fn of inputs.functionsJson.functions) {
      if (!/^[A-Z][A-Z0-9_.]{2,}$/.test(fn.id)) problems.push(`function id '${fn.id}' is not a valid custom function id`);
      if (fn.id.startsWith(`${inputs.expectedNamespace}.`)) problems.push(`function id '${fn.id}' repeats the namespace`);
    }
    const metaUrl = urls.get("Functions.Metadata.Url");
    if (!metaUrl || !String(metaUrl["@DefaultValue"]).endsWith("/functions.json")) problems.push("Functions.Metadata.Url must point at functions.json");
  }
  return problems;
}

/** Action ids passed to Office.actions.associate in a source text. */
export function associatedActions(source: string): string[] {
  return [...source.matchAll(/Office\.actions\.associate\(\s*["']([^"']+)["']/g)].map((m) => m[1]);
}
