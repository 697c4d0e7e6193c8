/**
 * A small LRU of credit indexes keyed by a cheap fingerprint of the payment range, so that
 * thousands of scalar formulas over one range in one recalculation build one index. An entry
 * is trusted only for a short time after it was built: the fingerprint samples rows, so an
 * edit to an unsampled cell is picked up by the next recalculation after that.
 */
import { creditFingerprint, strictCreditIndex, type CreditIndex, type CreditPolicy } from "../core/credit";
import type { Cell } from "../core/table";

/** A built index, or the error building it gave (so 5,000 formulas over a bad range fail fast too). */
interface Entry { index?: CreditIndex; error?: unknown; builtAt: number }

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

  constructor(options: CacheOptions = {}) {
    this.size = options.size ?? 6;
    this.ttlMs = options.ttlMs ?? 2000;
    this.now = options.now ?? (() => Date.now());
  }

  /** The index for a payment range, as-of day and policy: from the cache when fresh, else built (and cached). */
  get(payments: Cell[][], asOf: number, policy: CreditPolicy): CreditIndex {
    const key = creditFingerprint(payments, asOf, policy);
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.builtAt <= this.ttlMs) {
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
      entry = { index, builtAt: this.now() };
    } catch (error) {
      entry = { error, builtAt: this.now() };
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
  }
}
