/**
 * Small benchmark helpers. Machines here are noisy, so every benchmark measures custfile
 * against a peer in the same run and prints the ratio; absolute times are for reference only.
 */

/** Median wall time in milliseconds of `fn` over `runs` runs after `warmup` unmeasured runs. */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Print one result line: what, our time, the peer's time and the ratio. */
export function report(name: string, oursMs: number, peerName: string, peerMs: number, extra = ""): void {
  const ratio = peerMs / oursMs;
  const line = `${name}: ${oursMs.toFixed(1)} ms vs ${peerName} ${peerMs.toFixed(1)} ms → ${ratio >= 1 ? ratio.toFixed(2) + "× faster" : (1 / ratio).toFixed(2) + "× slower"} than ${peerName}${extra ? "  " + extra : ""}`;
  console.log(line);
}

/** Print a heading for a benchmark group. */
export function heading(text: string): void {
  console.log(`\n== ${text}`);
}
