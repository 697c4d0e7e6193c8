/**
 * Shares that print as they add up: a column of percentages rounded one by one can show 99.9%
 * or 100.1% in all. Largest-remainder (Hamilton) rounding gives each row its whole units and
 * hands the units left over to the rows with the largest remainders, so the printed column
 * sums to exactly 100%. Computed on whole numbers (fen, counts), never on rounded floats.
 */

/**
 * Each value's share of their sum in whole `units` (default 1000: per-mille, i.e. percentages
 * with one decimal), adding up to exactly `units`; ties in the remainder go to the earlier
 * row. Values must be whole numbers; when their sum is not positive every share is 0.
 */
export function largestRemainder(values: readonly number[], units = 1000): number[] {
  let total = 0;
  for (const v of values) total += v;
  if (!(total > 0)) return values.map(() => 0);
  const exact = total * units <= Number.MAX_SAFE_INTEGER && values.every((v) => Math.abs(v) * units <= Number.MAX_SAFE_INTEGER);
  const floors: number[] = new Array(values.length);
  const remainders: number[] = new Array(values.length);
  if (exact) {
    values.forEach((v, i) => {
      let f = Math.floor((v * units) / total);
      let rem = v * units - f * total;
      // The division is a float: step the floor until 0 ≤ remainder < total holds in whole numbers.
      while (rem < 0) { f--; rem += total; }
      while (rem >= total) { f++; rem -= total; }
      floors[i] = f;
      remainders[i] = rem;
    });
  } else {
    const t = BigInt(total);
    values.forEach((v, i) => {
      const scaled = BigInt(v) * BigInt(units);
      let f = scaled / t;
      if (scaled < 0n && f * t !== scaled) f -= 1n; // BigInt division truncates towards zero
      floors[i] = Number(f);
      // Remainders only need to be ordered; the fraction rem/total keeps their order.
      remainders[i] = Number(scaled - f * t) / total;
    });
  }
  let left = units - floors.reduce((s, f) => s + f, 0);
  const order = values.map((_, i) => i).sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (const i of order) {
    if (left <= 0) break;
    floors[i]++;
    left--;
  }
  return floors;
}
