/** Every `custfile` subcommand, in the order `custfile --help` lists them. Add a command here. */
import type { CliCommand } from "../io";
import { demoCommand } from "./demo";
import { validateCommand } from "./validate";
import { auditCommand } from "./audit";
import { templateCommand } from "./template";
import { creditCommand } from "./credit";
import { monitorCommand } from "./monitor";
import { reviewCommand } from "./review";
import { verifyLogCommand } from "./verify-log";
import { analyzeCommand } from "./analyze";
import { handoverCommand } from "./handover";
import { exportCommand } from "./export";

export const commands: CliCommand[] = [validateCommand, creditCommand, reviewCommand, monitorCommand, analyzeCommand, auditCommand, handoverCommand, exportCommand, verifyLogCommand, templateCommand, demoCommand];
