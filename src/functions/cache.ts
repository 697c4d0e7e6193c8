/**
 * A small LRU of credit indexes keyed by a cheap fingerprint of the payment range, so that
 * thousands of scalar formulas over one range in one recalculation build one index. The
 * fingerprint samples rows, so it alone would miss an edit to an unsampled cell: an entry is
 * compared cell by cell with the range the first time it is used in each JavaScript task (one
 * recalculation's batch of calls), and re-used without comparing within that task. An entry
 * is also trusted only for a short time after it was built.
 */
import { creditFingerprint, strictCreditIndex, type CreditIndex, type CreditPolicy } from "../core/credit";
import type { Cell } from "../core/table";

/** A built index, or the error building it gave (so 5,000 formulas over a bad range fail fast too). */
interface Entry { index?: CreditIndex; error?: unknown; builtAt: number; rows: Cell[][]; checkedIn: number }

/** The value a cell of an argument stands for: a typed value (an object, new on every call) by its basicValue. */
function plain(v: unknown): unknown {
  return v !== null && typeof v === "object" && "basicValue" in v ? (v as { basicValue: unknown }).basicValue : v;
}

/** Whether two ranges hold the same cells. */
function sameCells(a: readonly (readonly Cell[])[], b: readonly (readonly Cell[])[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    const x = a[r], y = b[r];
    if (x === y) continue;
    if (!x || !y || x.length !== y.length) return false;
    for (let c = 0; c < x.length; c++) if (x[c] !== y[c] && plain(x[c]) !== plain(y[c])) return false;
  }
  return true;
}

/** Options of CreditIndexCache. */
export interface CacheOptions {
  /** Number of indexes kept (different ranges, as-of days or policies at once). */
  size?: number;
  /** Milliseconds an index is re-used for after it was built. */
  ttlMs?: number;
  /** Clock (tests pass their own). */
  now?: () => number;
}

/** LRU cache of credit indexes; counts builds so tests can check re-use. */
export class CreditIndexCache {
  private readonly entries = new Map<string, Entry>();
  private readonly size: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** How many indexes were built (cache misses). */
  builds = 0;
  /** The current JavaScript task (a recalculation's batch of calls); open until a timer of 0 ms runs. */
  private task = 0;
  private taskOpen = false;

  constructor(options: CacheOptions = {}) {
    this.size = options.size ?? 6;
    this.ttlMs = options.ttlMs ?? 2000;
    this.now = options.now ?? (() => Date.now());
  }

  /** The index for a payment range, as-of day and policy: from the cache when fresh, else built (and cached). */
  get(payments: Cell[][], asOf: number, policy: CreditPolicy): CreditIndex {
    const key = creditFingerprint(payments, asOf, policy);
    const now = this.now();
    if (!this.taskOpen) {
      this.taskOpen = true;
      this.task++;
      setTimeout(() => { this.taskOpen = false; }, 0);
    }
    const hit = this.entries.get(key);
    if (hit && hit.checkedIn !== this.task && sameCells(hit.rows, payments)) hit.checkedIn = this.task;
    if (hit && hit.checkedIn === this.task && now - hit.builtAt <= this.ttlMs) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      if (hit.error !== undefined) throw hit.error;
      return hit.index!;
    }
    this.builds++;
    let entry: Entry;
    try {
      const index = strictCreditIndex(payments, asOf, policy);
      // Counted from the end of the build, which may itself take a good part of the time to live.
      entry = { index, builtAt: this.now(), rows: payments, checkedIn: this.task };
    } catch (error) {
      entry = { error, builtAt: this.now(), rows: payments, checkedIn: this.task };
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    if (entry.error !== undefined) throw entry.error;
    return entry.index!;
  }

  /** Forget every index. */
  clear(): void {
    this.entries.clear();
    this.taskOpen = false;
  }
}
