/** SPEC §6 sampling: size, order independence, superset, dormant, key items, strata, uniformity. */
import * as fc from "fast-check";
import {
  drawSample, hmacOrder, parseQuarter, readAuditInput, sampleJson, sampleSize, RateOutOfPolicyError, keyCandidates, freezePopulation,
  type AuditSample,
} from "../../../src/core/audit";
import { stratumOf } from "../../../src/core/audit/sample";
import type { Finding } from "../../../src/core/validate/types";
import type { SheetBlock } from "../../../src/core/table";
import { changeLogBlock, customerId, customersBlock, loansBlock, plainCustomers, type CustomerSpec } from "./fixtures";

const Q4 = parseQuarter("2026Q4")!;
const SEED = "00112233445566778899aabbccddeeff";

function seedOf(i: number): string {
  return i.toString(16).padStart(32, "0");
}

async function draw(blocks: SheetBlock[], rate = 0.15, seed = SEED, findings: Finding[] = []): Promise<AuditSample> {
  return drawSample(readAuditInput(blocks), { quarter: Q4, rate, seed, findings });
}

/** A mixed population: 1 in 5 C类 (high), 1 in 4 B类 (medium), some stale (high), the rest low. */
function mixed(n: number): CustomerSpec[] {
  return plainCustomers(n, (i) => (i % 5 === 0 ? { grade: "C类" } : i % 4 === 0 ? { grade: "B类" } : i % 7 === 0 ? { verifiedOn: "2025-01-10" } : {}));
}

function ids(s: AuditSample): string[] {
  return s.sample.map((x) => x.id);
}

describe("sample size n = ceil(rate × N)", () => {
  it.each([
    [1, 0.1, 1], [1, 0.15, 1], [1, 0.2, 1],
    [7, 0.1, 1], [7, 0.15, 2], [7, 0.2, 2],
    [10, 0.1, 1], [10, 0.15, 2], [10, 0.2, 2],
    [500, 0.1, 50], [500, 0.15, 75], [500, 0.2, 100],
  ])("N = %i, rate %f → n = %i", async (N, rate, n) => {
    const s = await draw([customersBlock(mixed(N))], rate);
    expect(s.population).toBe(N);
    expect(s.sampleSize).toBe(n);
    expect(s.sample).toHaveLength(n);
    expect(new Set(ids(s)).size).toBe(n);
  });

  it("floating point does not add a customer (0.15 × 20 = 3, not 4)", () => {
    expect(sampleSize(0.15, 20)).toBe(3);
    expect(sampleSize(0.1, 30)).toBe(3);
    expect(sampleSize(0.2, 0)).toBe(0);
  });

  it("an empty population gives an empty sample", async () => {
    const s = await draw([customersBlock([])]);
    expect(s.population).toBe(0);
    expect(s.sample).toEqual([]);
  });
});

describe("rate within 10%–20% (policy)", () => {
  it.each([0.1, 0.12, 0.2])("accepts %f", async (rate) => {
    await expect(draw([customersBlock(mixed(20))], rate)).resolves.toBeDefined();
  });
  it.each([0.09, 0.05, 0.21, 1, Number.NaN])("refuses %f quoting the policy", async (rate) => {
    const p = draw([customersBlock(mixed(20))], rate);
    await expect(p).rejects.toBeInstanceOf(RateOutOfPolicyError);
    await expect(draw([customersBlock(mixed(20))], rate)).rejects.toThrow(/10%-20%/);
  });
});

describe("independent of row order", () => {
  it("the same sample after the rows are shuffled", async () => {
    const specs = mixed(200);
    const changes: [string, string, string][] = [["2026-10-05 09:00:00", customerId(3), "联系方式"], ["2026-11-01 10:00:00", customerId(50), "地址(省市区)"]];
    const a = await draw([customersBlock(specs), changeLogBlock(changes)]);
    await fc.assert(fc.asyncProperty(fc.array(fc.nat(), { minLength: 200, maxLength: 200 }), async (keys) => {
      const shuffled = specs.map((s, i) => ({ s, k: keys[i] })).sort((x, y) => x.k - y.k).map((x) => x.s);
      const b = await draw([customersBlock(shuffled), changeLogBlock([...changes].reverse())]);
      expect(b.fingerprint).toBe(a.fingerprint);
      expect(sampleJson(b)).toBe(sampleJson(a));
    }), { numRuns: 20 });
  });
});

describe("a larger rate with the same seed gives a superset", () => {
  it("10% ⊆ 12% ⊆ 15% ⊆ 17% ⊆ 20% for random populations, key items and seeds", async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 0, max: 40 }),
      async (N, seedNo, keyCount) => {
        const changes: [string, string, string][] = Array.from({ length: Math.min(keyCount, N) }, (_, k) => ["2026-10-15", customerId(k + 1), "联系人"]);
        const blocks = [customersBlock(mixed(N)), changeLogBlock(changes)];
        let previous = new Set<string>();
        for (const rate of [0.1, 0.12, 0.15, 0.17, 0.2]) {
          const now = new Set(ids(await draw(blocks, rate, seedOf(seedNo))));
          for (const id of previous) expect(now.has(id)).toBe(true);
          previous = now;
        }
      }), { numRuns: 40 });
  });
});

describe("休眠 customers are never drawn", () => {
  it("not in the population, not in the sample, even with changes this quarter", async () => {
    const specs = plainCustomers(60, (i) => (i % 3 === 0 ? { status: "休眠", grade: "C类" } : {}));
    const dormant = new Set(specs.filter((s) => s.status === "休眠").map((s) => s.id));
    const changes: [string, string, string][] = [...dormant].map((id) => ["2026-10-20", id, "联系方式"]);
    for (let k = 0; k < 30; k++) {
      const s = await draw([customersBlock(specs), changeLogBlock(changes)], 0.2, seedOf(k));
      expect(s.population).toBe(40);
      for (const id of ids(s)) expect(dormant.has(id)).toBe(false);
    }
  });
  it("停止合作 customers stay in the population (only 休眠 leaves it)", async () => {
    const s = await draw([customersBlock(plainCustomers(10, (i) => (i === 1 ? { status: "停止合作" } : {})))]);
    expect(s.population).toBe(10);
  });
});

describe("key items (SPEC §6 step 3)", () => {
  const specs = mixed(100);

  it("a volatile-field change this quarter without a later 最近核实日期 is always drawn", async () => {
    const changes: [string, string, string][] = [["2026-10-02 08:00:00", customerId(11), "联系人"], ["2026-12-31", customerId(12), "Phone"], ["2026-11-11", customerId(13), "电子邮箱"]];
    for (let k = 0; k < 25; k++) {
      const s = await draw([customersBlock(specs), changeLogBlock(changes)], 0.1, seedOf(k));
      const keys = s.sample.filter((x) => x.keyItem);
      expect(keys.map((x) => x.id).sort()).toEqual([customerId(11), customerId(12), customerId(13)]);
      expect(s.keyItems).toBe(3);
      for (const x of keys) expect(x.reason).toMatch(/^key item: /);
    }
  });

  it("not a key item: change before the quarter, a non-volatile field, or verified after the change", async () => {
    const verified = specs.map((c) => (c.id === customerId(22) ? { ...c, verifiedOn: "2026-10-03" } : c));
    const changes: [string, string, string][] = [["2026-09-30 23:59:00", customerId(21), "联系人"], ["2026-10-02", customerId(22), "联系方式"], ["2026-10-10", customerId(23), "客户等级"]];
    const input = readAuditInput([customersBlock(verified), changeLogBlock(changes)]);
    expect(keyCandidates(freezePopulation(input.customers), input, Q4, []).size).toBe(0);
  });

  it("a 最近核实日期 on the day of the change does not clear it (the order within a day is unknown)", async () => {
    const verified = specs.map((c) => (c.id === customerId(22) ? { ...c, verifiedOn: "2026-10-02" } : c));
    const input = readAuditInput([customersBlock(verified), changeLogBlock([["2026-10-02", customerId(22), "联系方式"]])]);
    expect([...keyCandidates(freezePopulation(input.customers), input, Q4, []).keys()]).toEqual([customerId(22)]);
  });

  it("validation errors on volatile fields make key items; warnings and other fields do not", async () => {
    const f = (id: string, column: string, severity: Finding["severity"]): Finding => ({
      table: "Customers", sheet: "客户信息", row: 2, column, columnNumber: 4, code: "phone", severity, value: "x", message: { "zh-CN": "", "en-US": "" }, customerId: id,
    });
    const findings = [f(customerId(31), "联系方式", "error"), f(customerId(32), "联系方式", "warning"), f(customerId(33), "客户名称", "error"), f(customerId(34), "Address", "error")];
    const s = await draw([customersBlock(specs)], 0.15, SEED, findings);
    expect(s.sample.filter((x) => x.keyItem).map((x) => x.id).sort()).toEqual([customerId(31), customerId(34)]);
    expect(s.sample.find((x) => x.id === customerId(31))!.reason).toContain("validation error 'phone' on 联系方式");
  });

  it("more candidates than n/3: capped at floor(n/3), the first ones in HMAC order", async () => {
    const changes: [string, string, string][] = Array.from({ length: 30 }, (_, k) => ["2026-11-01", customerId(k + 1), "地址"]);
    const s = await draw([customersBlock(specs), changeLogBlock(changes)], 0.15);
    expect(s.sampleSize).toBe(15);
    expect(s.keyItems).toBe(5);
    const order = await hmacOrder(SEED, "2026Q4", changes.map((c) => c[1]));
    expect(s.sample.filter((x) => x.keyItem).map((x) => x.id)).toEqual(order.slice(0, 5));
  });

  it("n = 1 or 2 leaves no room for a key item (a third of n rounds down to 0)", async () => {
    const s = await draw([customersBlock(mixed(7)), changeLogBlock([["2026-10-02", customerId(1), "联系人"]])], 0.2);
    expect(s.sampleSize).toBe(2);
    expect(s.keyItems).toBe(0);
  });
});

describe("risk strata (SPEC §6 step 4)", () => {
  it("grade C or unverified 12 months → high; grade B or a volatile change in the year → medium; else low", async () => {
    const specs: CustomerSpec[] = [
      { id: customerId(1), grade: "C类" },
      { id: customerId(2), verifiedOn: "2025-12-30" },
      { id: customerId(3), verifiedOn: null, opened: "2024-01-05" },
      { id: customerId(4), grade: "B" },
      { id: customerId(5) },
      { id: customerId(6) },
      { id: customerId(7), verifiedOn: "2026-01-01" },
    ];
    const s = await draw([customersBlock(specs), changeLogBlock([["2026-02-01", customerId(5), "联系方式"]])], 0.2);
    expect(s.strata.high.size).toBe(3);
    expect(s.strata.medium.size).toBe(2);
    expect(s.strata.low.size).toBe(2);
  });

  it("an overdue loan at the quarter's end puts its customer in the high stratum (SPEC §10.4), measured at that day", async () => {
    const specs = plainCustomers(6);
    const register = loansBlock([
      // Original lent 2026-12-10, never returned: due the same day, 21 days overdue at 2026-12-31.
      ["2026-12-10", customerId(1), "合同", "原件", null, null],
      // A copy due 2026-12-20, returned in January: overdue at the quarter's end all the same.
      ["2026-12-01", customerId(2), "资质", "复印件", "2026-12-20", "2027-01-05"],
      // Returned on time, or not due before the quarter ends: no risk marker.
      ["2026-12-01", customerId(3), "合同", "原件", null, "2026-12-01"],
      ["2026-12-28", customerId(4), "记录", "复印件", "2027-01-10", null],
    ]);
    const s = await draw([customersBlock(specs), register], 0.2);
    expect(s.strata.high.size).toBe(2);
    expect(s.strata.low.size).toBe(4);
    const input = readAuditInput([customersBlock(specs), register]);
    expect(input.loans?.map((l) => l.customerId)).toEqual([1, 2, 3, 4].map(customerId));
    expect(stratumOf(input.customers[0], input, Q4)).toEqual({ stratum: "high", why: "overdue loan: 合同 due 2026-12-10, not returned by 2026-12-31 (21 days)" });
    expect(stratumOf(input.customers[1], input, Q4).why).toBe("overdue loan: 资质 due 2026-12-20, not returned by 2026-12-31 (11 days)");
  });

  it("with overdue loans the draw is still reproducible and independent of the order of the Loans rows", async () => {
    const specs = mixed(120);
    const rows: [string, string, string, string, string | null, string | null][] = Array.from({ length: 15 }, (_, k) => ["2026-11-0" + ((k % 9) + 1), customerId(3 + k * 7), k % 2 ? "合同" : "资质", k % 3 ? "原件" : "复印件", k % 3 ? null : "2026-11-30", k % 4 === 0 ? "2026-11-20" : null]);
    const a = await draw([customersBlock(specs), loansBlock(rows)]);
    const b = await draw([customersBlock([...specs].reverse()), loansBlock([...rows].reverse())]);
    expect(sampleJson(b)).toBe(sampleJson(a));
    expect(sampleJson(await draw([customersBlock(specs), loansBlock(rows)]))).toBe(sampleJson(a));
    // The loans moved customers into the high stratum.
    expect(a.strata.high.size).toBeGreaterThan((await draw([customersBlock(specs)])).strata.high.size);
  });

  it("at least one per non-empty stratum, allocation in proportion to size × weight", async () => {
    // 10 high, 40 medium, 450 low: weights 30 / 80 / 450 of 560 → of n = 75: about 4 / 11 / 60.
    const specs = plainCustomers(500, (i) => (i <= 10 ? { grade: "C类" } : i <= 50 ? { grade: "B类" } : {}));
    const s = await draw([customersBlock(specs)], 0.15);
    expect(s.strata.high).toEqual({ size: 10, drawn: 4 });
    expect(s.strata.medium).toEqual({ size: 40, drawn: 11 });
    expect(s.strata.low).toEqual({ size: 450, drawn: 60 });
    const tiny = plainCustomers(30, (i) => (i === 1 ? { grade: "C类" } : i === 2 ? { grade: "B类" } : {}));
    const t = await draw([customersBlock(tiny)], 0.1);
    expect(t.strata.high.drawn).toBe(1);
    expect(t.strata.medium.drawn).toBe(1);
    expect(t.strata.low.drawn).toBe(1);
  });
});

describe("byte-identical JSON for the same file, quarter and seed", () => {
  it("same inputs, same bytes; another seed or quarter, another order", async () => {
    const blocks = [customersBlock(mixed(120))];
    const a = sampleJson(await draw(blocks));
    expect(sampleJson(await draw(blocks))).toBe(a);
    expect(sampleJson(await draw(blocks, 0.15, seedOf(9)))).not.toBe(a);
    const q3 = await drawSample(readAuditInput(blocks), { quarter: parseQuarter("2026Q3")!, rate: 0.15, seed: SEED });
    expect(sampleJson(q3)).not.toBe(a);
  });
});

describe("uniform inclusion inside a stratum over 2,000 seeds", () => {
  // 20 high (C类), 30 medium (B类), 50 low; rate 0.2 → n = 20 with no key items, so each seed
  // draws a fixed number from each stratum. Inside the low stratum every id should be drawn
  // equally often. Pearson's chi-square over the 50 ids: df = 49; significance α = 0.01, critical
  // value χ²(0.99, 49) = 74.92. (Draws without replacement make the statistic smaller than a
  // χ²(49) by the factor 1 − m/50, so the test is conservative; the seeds are fixed, so it is
  // deterministic.) The high stratum is tested the same way: df = 19, χ²(0.99, 19) = 36.19.
  it("chi-square of per-id inclusion counts is under the α = 0.01 critical value", async () => {
    const specs = plainCustomers(100, (i) => (i <= 20 ? { grade: "C类" } : i <= 50 ? { grade: "B类" } : {}));
    const input = readAuditInput([customersBlock(specs)]);
    const counts = new Map<string, number>();
    const perStratum = { high: 0, low: 0 };
    const SEEDS = 2000;
    for (let k = 0; k < SEEDS; k++) {
      const s = await drawSample(input, { quarter: Q4, rate: 0.2, seed: seedOf(k + 1) });
      for (const x of s.sample) counts.set(x.id, (counts.get(x.id) ?? 0) + 1);
      perStratum.high = s.strata.high.drawn;
      perStratum.low = s.strata.low.drawn;
    }
    const chiSquare = (members: string[], drawnPerSeed: number) => {
      const expected = (SEEDS * drawnPerSeed) / members.length;
      return members.reduce((sum, id) => sum + ((counts.get(id) ?? 0) - expected) ** 2 / expected, 0);
    };
    const low = specs.slice(50).map((c) => c.id);
    const high = specs.slice(0, 20).map((c) => c.id);
    expect(perStratum.low).toBeGreaterThan(0);
    expect(chiSquare(low, perStratum.low)).toBeLessThan(74.92);
    expect(chiSquare(high, perStratum.high)).toBeLessThan(36.19);
    // And the statistic is not degenerate: a draw that always took the same ids would be far above.
    expect(chiSquare(low, perStratum.low)).toBeGreaterThan(0);
  });
});
