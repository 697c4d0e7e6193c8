/** Every `custfile` subcommand, in the order `custfile --help` lists them. Add a command here. */
import type { CliCommand } from "../io";

export const commands: CliCommand[] = [];
