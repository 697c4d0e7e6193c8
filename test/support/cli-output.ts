/** A CliIO for tests that collects stdout, stderr and the progress stream, with a clock a test controls. */
import type { CliIO } from "../../src/cli/io";

/** An output whose clock moves `step` ms at every look and whose progress stream is (or is not) a terminal. */
export function testOutput(tty = false, step = 0) {
  let t = 0;
  const o = {
    stdout: "", stderr: "", statusText: "",
    out(text: string) { o.stdout += text + "\n"; },
    err(text: string) { o.stderr += text + "\n"; },
    status: { tty, write: (text: string) => { o.statusText += text; } },
    now: () => (t += step),
  };
  return o satisfies CliIO;
}
