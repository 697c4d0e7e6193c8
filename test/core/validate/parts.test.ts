/** The building blocks: phones, GB/T 2260 addresses, USCC check characters, date formats (text dates: test/core/dates.test.ts). */
import fc from "fast-check";
import { blankText } from "../../../src/core/validate/fast";
import { isBlank } from "../../../src/core/table";
import { addressProblem, checkPhone, isDateFormat, usccCheckChar, usccProblem } from "../../../src/core/validate";

describe("checkPhone", () => {
  it.each([
    ["13956781234", "13956781234"], ["+86 139-5678-1234", "13956781234"], ["0086 13956781234", "13956781234"],
    ["(010) 6234-5678", "010-62345678"], ["0755 8888 6666", "0755-88886666"], ["021-62345678 转 123", "021-62345678-123"],
    ["+1 415 555 2671", "+1 415 555 2671"],
  ])("accepts %s as %s", (raw, normalized) => {
    expect(checkPhone(raw)).toEqual({ valid: true, normalized });
  });
  it.each(["1395678", "23956781234", "010-1234567", "097-18627802", "+1 415", "", "电话"])("rejects %s", (raw) => {
    expect(checkPhone(raw).valid).toBe(false);
  });
});

describe("addressProblem", () => {
  it("accepts real divisions in full and short forms", () => {
    for (const a of ["北京市海淀区", "北京海淀区", "广东广州天河", "新疆维吾尔自治区乌鲁木齐市天山区", "香港特别行政区中环"]) expect(addressProblem(a)).toBeNull();
  });
  it("names what is wrong", () => {
    expect(addressProblem("北京市幸福区")).toEqual({ kind: "district", province: "北京市", city: "北京市", district: "幸福区" });
    expect(addressProblem("河北省幸福区")).toEqual({ kind: "city", province: "河北省" });
    expect(addressProblem("幸福省")).toEqual({ kind: "province" });
  });
  it("does not take an industrial park for a made-up district", () => {
    expect(addressProblem("江苏省苏州市工业园区星湖街328号")).toBeNull();
  });
});

describe("USCC check character (GB 32100-2015)", () => {
  it("computes the check character of real codes", () => {
    expect(usccCheckChar("91330100716105852")).toBe("F");
    expect(usccCheckChar("91440300708461136")).toBe("T");
    expect(usccCheckChar("91440300192203821")).toBe("6");
  });
  it("classifies problems", () => {
    expect(usccProblem("91330100716105852F")).toBeNull();
    expect(usccProblem("91330100716105852G")).toBe("check");
    expect(usccProblem("9133010071610585")).toBe("length");
    expect(usccProblem("9133010071610585OF")).toBe("charset");
  });
});

describe("isDateFormat", () => {
  it.each(["yyyy-mm-dd", "m/d/yy", 'yyyy"年"m"月"d"日"', "[$-804]yyyy/m/d", "d-mmm-yy", "mmm-yy"])("%s is a date format", (f) => expect(isDateFormat(f)).toBe(true));
  it.each(["General", "0.00", "@", "#,##0", "h:mm:ss", '"d"0', "[Red]0.00"])("%s is not", (f) => expect(isDateFormat(f)).toBe(false));
});

describe("allocation-free helpers agree with the plain ones", () => {
  it("blankText = isBlank for strings", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(" ", "\u3000", "\u00a0", "\t", "a", "中", "\ufeff", "\u2003") }), (s) => expect(blankText(s)).toBe(isBlank(s))));
  });
});
