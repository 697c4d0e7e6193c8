/** Every `custfile` subcommand, in the order `custfile --help` lists them. Add a command here. */
import type { CliCommand } from "../io";
import { demoCommand } from "./demo";

export const commands: CliCommand[] = [demoCommand];
