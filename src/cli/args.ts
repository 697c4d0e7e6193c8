import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./io";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parse a command's arguments strictly; an unknown option or a missing value is a usage error that says what to do. */
/** The options of every command that reads a workbook and can write a copy: --json, --out, --force, --verbose. */
export const COPY_OPTIONS = {
  json: { type: "boolean" },
  out: { type: "string" },
  force: { type: "boolean" },
  verbose: { type: "boolean" },
} as const;

export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args: joinNegativeValues(args, options), options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\nRun 'custfile ${command} --help' for the options.`);
  }
}

/**
 * `--rate -1` as `--rate=-1`: node's parseArgs takes a value that starts with "-" for an option
 * ("argument is ambiguous"), so a negative number after a string option is joined to it and the
 * option's own check says what is wrong with it.
 */
export function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.startsWith("--") ? a.slice(2) : null;
    const next = args[i + 1];
    if (name !== null && options[name]?.type === "string" && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** Check an --as-of style date argument: exact YYYY-MM-DD. */
export function requireIsoDate(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value + "T00:00:00Z")) || new Date(value + "T00:00:00Z").toISOString().slice(0, 10) !== value) {
    throw new CliError(`${option} must be a real date written YYYY-MM-DD, e.g. 2026-09-30 (got '${value}').`);
  }
  return value;
}

/** The single input file a command takes, or a usage error. */
export function requireOneFile(command: string, positionals: string[]): string {
  if (positionals.length === 0) throw new CliError(`custfile ${command} needs an .xlsx file.\nUsage: custfile ${command} FILE.xlsx [options]   (custfile ${command} --help)`);
  if (positionals.length > 1) throw new CliError(`custfile ${command} takes one file, got ${positionals.length}: ${positionals.join(" ")}`);
  return positionals[0];
}

/** Check an --out argument: it must name an .xlsx file. */
export function requireXlsxOut(value: string | undefined): string | undefined {
  if (value !== undefined && !/\.xlsx$/i.test(value)) throw new CliError(`--out must name an .xlsx file (got '${value}').`);
  return value;
}

/** Check a --lang argument: zh-CN (the default) or en-US. */
export function requireLang(value: string | undefined): "zh-CN" | "en-US" {
  const lang = value ?? "zh-CN";
  if (lang !== "zh-CN" && lang !== "en-US") throw new CliError(`--lang must be zh-CN or en-US (got '${value}').`);
  return lang;
}
