/**
 * The set of customer ids seen in Customers, for uniqueness and foreign keys. A well-formed id
 * (C + YYYYMMDD + 3 digits) is kept as a number (day × 1000 + sequence): number keys hash
 * without reading the string, which matters at 100,000 customers × 300,000 interactions.
 */
import { customerIdDay as customerIdDayImport } from "./checks";
import { digitsAt as digitsAtImport } from "../dates";

// Hot-path helpers bound once: a runner that compiles imports to getters (tsx, as the benchmark runs)
// would otherwise call a getter for every cell.
const customerIdDay = customerIdDayImport;
const digitsAt = digitsAtImport;

/** The number key of a well-formed id, or -1. */
function numericKey(id: string): number {
  const day = customerIdDay(id);
  return day === null ? -1 : (day + 1_000_000) * 1000 + digitsAt(id, 9, 3);
}

/** Customer ids with the sheet row of their first occurrence; ids compare case-insensitively. */
export class CustomerIdRegistry {
  private readonly numeric = new Map<number, number>();
  private readonly other = new Map<string, number>();

  /** Record an id at a row; returns the row of an earlier occurrence, or undefined when it is new. */
  add(id: string, row: number): number | undefined {
    let key = numericKey(id);
    if (key < 0) key = numericKey(id.toUpperCase());
    if (key >= 0) {
      const first = this.numeric.get(key);
      if (first === undefined) this.numeric.set(key, row);
      return first;
    }
    const upper = id.toUpperCase();
    const first = this.other.get(upper);
    if (first === undefined) this.other.set(upper, row);
    return first;
  }

  /** True when an id is well formed (ignoring case) and was not recorded: one parse for the foreign-key rule. */
  lacksWellFormed(id: string): boolean {
    let key = numericKey(id);
    if (key < 0) key = numericKey(id.toUpperCase());
    return key >= 0 && !this.numeric.has(key);
  }

  /** Whether an id was recorded. */
  has(id: string): boolean {
    let key = numericKey(id);
    if (key < 0) key = numericKey(id.toUpperCase());
    return key >= 0 ? this.numeric.has(key) : this.other.has(id.toUpperCase());
  }
}
