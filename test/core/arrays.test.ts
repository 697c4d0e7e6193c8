import { maxOf, minOf, pushAll } from "../../src/core/arrays";

describe("core/arrays", () => {
  it("min, max and append over a million elements without a stack overflow", () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(minOf(big)).toBe(0);
    expect(maxOf(big)).toBe(1_000_002);
    expect(pushAll([1], big)).toHaveLength(1_000_001);
  });
  it("empty input gives the fallback", () => {
    expect(minOf([])).toBe(Infinity);
    expect(maxOf([], -1)).toBe(-1);
    expect(minOf([3, -2, 5])).toBe(-2);
  });
});
