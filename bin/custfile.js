#!/usr/bin/env node
// Launcher for the compiled CLI (lib/ is built by `npm install` through the prepare script).
"use strict";
let cli;
try {
  cli = require("../lib/cli/main.js");
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes("lib/cli/main.js")) {
    process.stderr.write("custfile: the command line is not built yet. Run 'npm install' (or 'npm run build:cli') in the custfile folder.\n");
    process.exit(2);
  }
  throw e;
}
const { processIO } = require("../lib/cli/io.js");
cli.main(process.argv.slice(2), processIO).then((code) => {
  process.exitCode = code;
});
