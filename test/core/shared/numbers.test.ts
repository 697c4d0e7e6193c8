/** The one reader of numbers typed as text (core/numbers): the grammar, its limits, and properties over it. */
import fc from "fast-check";
import { MAX_SIGNIFICANT_DIGITS, numberOfText, readNumberText } from "../../../src/core/numbers";
import { fenOfCell } from "../../../src/core/credit/payments";
import { policyNumber } from "../../../src/core/credit/policy";
import { amountFenOfCell } from "../../../src/core/credit/recorded";

describe("readNumberText", () => {
  it.each([
    ["1000", 1000], ["1,000", 1000], ["12,345.67", 12345.67], ["1,234,567", 1234567], ["0.5", 0.5], ["007", 7],
    ["¥1,000", 1000], ["￥1000", 1000], ["¥ 1,000.50", 1000.5], ["5000元", 5000], ["5,000 元", 5000], ["  42  ", 42],
    ["-1,000", -1000], ["¥-1,000", -1000], ["-¥1,000", -1000], ["+1000", 1000], ["+1,000", 1000],
    ["１，０００", 1000], ["１２３４５．６７", 12345.67], ["－５", -5], ["-0", 0],
    ["999999999999999", 999999999999999], ["0.000000000000001", 1e-15], ["1.50000000000000000000", 1.5],
  ])("reads %j as %p", (text, value) => {
    expect(readNumberText(text)).toEqual({ kind: "number", value });
  });

  it.each(["1,5", "12,34", "1,2,3", "1.000,50", "0,123", "1,0000", "1,000,00", ",100", "100,", "1 000", ".5", "5.", "1e3", "0x10", "Infinity", "NaN", "--1", "+-1", "-+1", "¥", "元", "", "   ", "1,000.", "12.34.56", "(1000)", "1000-", "abc", "10%"])(
    "does not read %j", (text) => {
      expect(readNumberText(text)).toEqual({ kind: "none" });
      expect(numberOfText(text)).toBeNull();
    });

  it("does not read a number a double cannot hold exactly (more than 15 significant digits)", () => {
    expect(readNumberText("12345678901234567890")).toEqual({ kind: "too-precise", digits: 20 });
    expect(readNumberText("9007199254740993")).toEqual({ kind: "too-precise", digits: 16 });
    expect(readNumberText("1,000,000,000,000,000")).toMatchObject({ kind: "too-precise" });
    expect(readNumberText("0.1234567890123456")).toMatchObject({ kind: "too-precise", digits: 16 });
    expect(numberOfText("12345678901234567890")).toBeNull();
    expect(readNumberText("123456789012345")).toEqual({ kind: "number", value: 123456789012345 });
    expect(readNumberText("0.000123456789012345")).toEqual({ kind: "number", value: 0.000123456789012345 });
  });
});

describe("every amount reader goes through it", () => {
  it.each(["1,5", "12,34", "1,2,3", "1.000,50", "12345678901234567890"])("credit's 金额 reader, recorded limits and policy values refuse %j", (text) => {
    expect(fenOfCell(text)).toBeNaN();
    expect(amountFenOfCell(text)).toBeNaN();
    expect(policyNumber(text)).toBeNaN();
  });
  it("and read the same numbers", () => {
    expect(fenOfCell("12,345.67")).toBe(1234567);
    expect(fenOfCell("+1000")).toBe(100000);
    expect(fenOfCell("¥-1,000")).toBe(-100000);
    expect(amountFenOfCell("3.2万元")).toBe(3_200_000);
    expect(amountFenOfCell("1,5万")).toBeNaN();
    expect(policyNumber("60%")).toBeCloseTo(0.6);
    expect(policyNumber("1,000")).toBe(1000);
    expect(policyNumber("30天")).toBe(30);
    expect(policyNumber("1,5%")).toBeNaN();
  });
});

/** A number written with thousands separators the way en-US writes it (up to `decimals` places). */
function grouped(n: number, decimals: number): string {
  return n.toLocaleString("en-US", { useGrouping: true, maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

describe("properties", () => {
  it("any finite number written with correct thousands separators (and ¥, 元, full width) reads back as itself", () => {
    fc.assert(fc.property(
      fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })),
      fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.boolean(), fc.boolean(),
      (n, decimals, yen, yuan, fullWidth) => {
        let text = grouped(n, decimals);
        const expected = Number(text.replace(/,/g, ""));
        if (yen) text = text.startsWith("-") ? `-¥${text.slice(1)}` : `¥${text}`;
        if (yuan) text += "元";
        if (fullWidth) text = text.replace(/[0-9,.\-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        expect(readNumberText(text)).toEqual({ kind: "number", value: Object.is(expected, -0) ? 0 : expected });
      }), { numRuns: 500 });
  });

  it("a number's own text (String(n)) reads as n when it has at most 15 significant digits and no exponent", () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
      const text = String(n);
      const r = readNumberText(text);
      if (/e/i.test(text)) expect(r.kind).toBe("none");
      else if (text.replace(/^-/, "").replace(".", "").replace(/^0+/, "").length <= MAX_SIGNIFICANT_DIGITS) expect(r).toEqual({ kind: "number", value: Object.is(n, -0) ? 0 : n });
      else expect(r.kind).toBe("too-precise");
    }), { numRuns: 500 });
  });

  it("a random string reads as a number only when it matches the grammar, and then as the number its digits say", () => {
    const GRAMMAR = /^([+-])?\s*[¥￥]?\s*([+-])?((?:[1-9]\d{0,2}(?:,\d{3})+)|\d+)(?:\.(\d+))?\s*元?$/;
    const chars = fc.constantFrom(..."0123456789,.,,-+ ¥元e", "１", "，", "\u200b", "a");
    fc.assert(fc.property(fc.array(chars, { maxLength: 14 }).map((a) => a.join("")), (s) => {
      const r = readNumberText(s);
      const half = s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
      const m = GRAMMAR.exec(half);
      if (!m || (m[1] && m[2])) {
        expect(r.kind).toBe("none");
        return;
      }
      expect(r.kind).not.toBe("none");
      if (r.kind === "number") {
        const magnitude = Number(`${m[3].replace(/,/g, "")}${m[4] ? `.${m[4]}` : ""}`);
        expect(r.value).toBe((m[1] ?? m[2]) === "-" && magnitude !== 0 ? -magnitude : magnitude);
      }
    }), { numRuns: 2000 });
  });

  it("a comma anywhere but between thousands groups is never read", () => {
    // digits, one misplaced comma (not followed by exactly three digits up to the end or the next separator)
    fc.assert(fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 99 }), (a, b) => {
      expect(numberOfText(`${a},${b}`)).toBeNull();
      expect(numberOfText(`${a}.${String(b).padStart(3, "0")},${b}`)).toBeNull();
    }));
  });
});
