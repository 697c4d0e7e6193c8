/** The `custfile` command line: dispatch to a subcommand, turn errors into messages and exit codes. */
import { CliError, EXIT, type CliIO } from "./io";
import { clearProgress } from "./progress";
import { commands } from "./commands";
import { VERSION } from "./version";
import { terminalSafe } from "../core/validate/messages";
import { maxOf } from "../core/arrays";

function overview(): string {
  const width = maxOf(commands.map((c) => c.name.length));
  return [
    `custfile ${VERSION} — customer files and trade credit in Excel workbooks`,
    "",
    "Usage: custfile COMMAND FILE.xlsx [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options for every command: --help (that command's options).",
    "Exit codes: 0 ok, 1 findings (errors in the data), 2 usage error or unreadable input.",
    "Run 'custfile COMMAND --help' for a command's options.",
  ].join("\n");
}

/**
 * The output of a command with every character a terminal would act on (escape sequences from
 * cell values, carriage returns, bidi overrides) made harmless: shown as U+FFFD, or under --json
 * escaped as \uXXXX so the JSON keeps its data (core/validate/messages.ts terminalSafe).
 */
function safeIO(io: CliIO, json: boolean): CliIO {
  const safe: CliIO = Object.create(io);
  safe.out = (text: string) => io.out(terminalSafe(text, json));
  safe.err = (text: string) => io.err(terminalSafe(text));
  return safe;
}

/** Run the CLI with arguments (without node and script path); returns the exit code. Never throws. */
export async function main(argv: string[], rawIO: CliIO): Promise<number> {
  const io = safeIO(rawIO, argv.includes("--json"));
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(overview());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    io.out(VERSION);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`custfile: unknown command '${name}'. Commands: ${commands.map((c) => c.name).join(", ")}.\nRun 'custfile --help' for usage.`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    clearProgress(io);
    if (e instanceof CliError) {
      io.err(`custfile ${command.name}: ${e.message}`);
      return e.exitCode;
    }
    io.err(`custfile ${command.name}: internal error: ${(e as Error).stack ?? String(e)}\nPlease report this with the command you ran.`);
    return EXIT.usage;
  }
}
