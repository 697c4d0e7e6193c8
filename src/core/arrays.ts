/**
 * Array helpers that never spread an array into function arguments: `Math.min(...a)` and
 * `a.push(...b)` pass every element on the stack and overflow it past ~100k elements, which a
 * workbook's data reaches easily (issue 17). test/core/no-spread.test.ts keeps src/ free of them.
 */

/** The smallest number of `values`, or `empty` when there is none. */
export function minOf(values: Iterable<number>, empty = Number.POSITIVE_INFINITY): number {
  let m = empty;
  let any = false;
  for (const v of values) {
    if (!any || v < m) m = v;
    any = true;
  }
  return m;
}

/** The largest number of `values`, or `empty` when there is none. */
export function maxOf(values: Iterable<number>, empty = Number.NEGATIVE_INFINITY): number {
  let m = empty;
  let any = false;
  for (const v of values) {
    if (!any || v > m) m = v;
    any = true;
  }
  return m;
}

/** Append every item to `target` (a loop, not `push(...items)`); returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}
