/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line), as
 * built JavaScript (tsc to build/bench, the CLI to lib/), never through a TypeScript loader whose
 * module wrappers would be timed with the code.
 */
import * as fs from "node:fs";
import * as path from "node:path";

async function runAll(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs.readdirSync(__dirname).filter((f) => /\.bench\.[jt]s$/.test(f)).sort()
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
  console.log(`custfile benchmarks — node ${process.version}, ${require("node:os").cpus().length} cores`);
  for (const f of files) {
    const mod = await import(path.join(__dirname, f));
    await mod.run();
  }
}

runAll().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
