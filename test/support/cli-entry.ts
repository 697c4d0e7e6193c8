/** Runs the custfile CLI from source (for tests that need a real child process). */
import { main } from "../../src/cli/main";
import { processIO } from "../../src/cli/io";

void main(process.argv.slice(2), processIO).then((code) => {
  process.exitCode = code;
});
