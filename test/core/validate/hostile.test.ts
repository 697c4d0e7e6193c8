/** Odd and hostile cell text (issue 17): numbers stored as text, invisible characters, bidi controls, formulas behind blanks. */
import { block, check, codes, customer, customerFindings, customersSheet } from "./fixtures";
import { buildCreditIndex } from "../../../src/core/credit";
import { parseIsoDate } from "../../../src/core/dates";

const PAY_HEADERS = ["客户编号", "单据号", "开票日期", "到期日", "账期天数", "金额", "付款日期", "付款金额"];
const pay = (amount: string | number, paidAmount: string | number | null = null) => ({ 客户编号: "C20240115001", 单据号: "INV1", 开票日期: "2026-06-01", 到期日: "2026-07-01", 金额: amount, 付款日期: paidAmount === null ? null : "2026-07-01", 付款金额: paidAmount });

describe("numbers stored as text: validate and credit read them alike", () => {
  const payments = (amounts: (string | number)[]) => block("回款记录", PAY_HEADERS, amounts.map((a, i) => ({ ...pay(a), 单据号: `INV${i + 1}` })));

  it.each(["1,5", "12,34", "1,2,3", "1.000,50"])("%j is not a number: an error without a fix, and credit leaves the row out", (text) => {
    const r = check(customersSheet([customer()]), payments([text]));
    const f = r.findings.filter((x) => x.column === "金额");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: "type", severity: "error" });
    expect(f[0].fix).toBeUndefined();
    expect(f[0].message["en-US"]).toContain("a comma may only separate thousands");
    const index = buildCreditIndex(payments([text]), { asOf: parseIsoDate("2026-09-30")! });
    expect(index.problems.map((p) => [p.row, p.column])).toEqual([[2, "金额"]]);
    expect(index.problems[0].detail).toContain(`'${text}' is not a number`);
    expect(index.customers.get("C20240115001")?.invoices ?? 0).toBe(0);
  });

  it("well-formed separators, ¥ and + are numbers stored as text: the fix is the number credit uses", () => {
    const texts = ["1,000", "12,345.67", "¥1,000", "￥2000", "+1000", "3,000元"];
    const r = check(customersSheet([customer()]), payments(texts));
    expect(r.findings.filter((f) => f.column === "金额").map((f) => [f.code, f.severity, f.fix])).toEqual([1000, 12345.67, 1000, 2000, 1000, 3000].map((n) => ["type", "warning", n]));
    const index = buildCreditIndex(payments(texts), { asOf: parseIsoDate("2026-09-30")! });
    expect(index.problems).toEqual([]);
    expect(index.get("C20240115001").openAmount).toBe(1000 + 12345.67 + 1000 + 2000 + 1000 + 3000);
  });

  it("12345678901234567890 typed as text gets no fix: as a number it would change", () => {
    const r = check(customersSheet([customer()]), payments(["12345678901234567890"]));
    const f = r.findings.filter((x) => x.column === "金额");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: "type", severity: "error" });
    expect(f[0].fix).toBeUndefined();
    expect(f[0].message["en-US"]).toContain("20 significant digits");
    const index = buildCreditIndex(payments(["12345678901234567890"]), { asOf: parseIsoDate("2026-09-30")! });
    expect(index.problems[0].detail).toContain("has 20 significant digits");
  });

  it("the same reader in whole-number columns (归档份数)", () => {
    const archive = (copies: string) => block("归档记录", ["归档编号", "客户编号", "资料类型", "归档日期", "存储位置", "归档份数", "经办人", "审核人"], [{ 归档编号: "A1", 客户编号: "C20240115001", 资料类型: "合同", 归档日期: "2026-01-05", 存储位置: "纸质", 归档份数: copies, 经办人: "张三", 审核人: "李四" }]);
    const on = (copies: string) => check(customersSheet([customer()]), archive(copies)).findings.filter((f) => f.column === "归档份数");
    expect(on("1,000")[0]).toMatchObject({ code: "type", fix: 1000 });
    expect(on("1,5")[0].fix).toBeUndefined();
    expect(on("99999999999999999999")[0].fix).toBeUndefined();
  });
});

describe("invisible characters", () => {
  it("a required text of only U+200B (or other invisible characters) is blank, and the message names the character", () => {
    for (const v of ["\u200B", "\u200B\u200B ", "\u2060\uFEFF", " \u200D "]) {
      const f = customerFindings({ 联系人: v }).filter((x) => x.column === "联系人");
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ code: "required", severity: "error" });
    }
    expect(customerFindings({ 联系人: "\u200B" }).find((x) => x.column === "联系人")!.message["en-US"]).toContain("only the invisible character U+200B (zero-width space)");
  });
  it("an optional cell of only invisible characters gets the fix \"\"", () => {
    expect(customerFindings({ 电子邮箱: "\u200B" }).filter((x) => x.column === "电子邮箱")).toEqual([expect.objectContaining({ code: "control-char", severity: "warning", fix: "" })]);
  });
  it("U+202E and the other bidi controls are flagged, with the text without them as a suggestion (no automatic fix)", () => {
    for (const c of ["\u202E", "\u202D", "\u202A", "\u2066", "\u2067", "\u2068", "\u2069"]) {
      const f = customerFindings({ 客户名称: `北京华信${c}科技有限公司` }).filter((x) => x.code === "control-char");
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ column: "客户名称", severity: "warning", suggestion: "北京华信科技有限公司" });
      expect(f[0].fix).toBeUndefined();
    }
    expect(customerFindings({ 联系人: "王\u202E经理" }).find((x) => x.code === "control-char")!.message["en-US"]).toContain("U+202E (right-to-left override)");
  });
  it("a zero-width space inside a 客户编号 is a pattern error that says so", () => {
    const f = customerFindings({ 客户编号: "C2024011\u200B5001" }).filter((x) => x.column === "客户编号");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: "pattern", severity: "error", suggestion: "C20240115001" });
    expect(f[0].message["en-US"]).toContain("contains an invisible character U+200B (zero-width space)");
  });
});

describe("formula injection", () => {
  const injection = (overrides: Record<string, unknown>) => codes(customerFindings(overrides as never), "formula-injection");

  it.each(["\t=1+1", "\r=1+1", "\n=1+1", " =1+1", "\u3000=1+1", "\u200B=1+1", "\t\r@SUM(A1)", " +cmd|' /C calc'!A0", "=1+1", "@x"])("flags %j in a text column", (text) => {
    expect(injection({ 联系人: text })).toHaveLength(1);
  });
  it("says when the sign comes after leading blanks", () => {
    expect(injection({ 联系人: "\t=1+1" })[0].message["en-US"]).toContain("after leading blanks, tabs or line breaks");
  });
  it.each(["-1,000", "+1000", "-5", "\t-1,000", "-¥1,000", "+12,345.67"])("does not flag the signed number %j (in any column)", (text) => {
    expect(injection({ 联系人: text })).toEqual([]);
    const r = check(customersSheet([customer()]), block("回款记录", PAY_HEADERS, [pay(text)]));
    expect(codes(r.findings, "formula-injection")).toEqual([]);
  });
  it("flags a sign that does not start a number (text after the digits, a decimal comma)", () => {
    expect(injection({ 联系人: "-1,5" })).toHaveLength(1);
    expect(injection({ 联系人: "-1+1" })).toHaveLength(1);
    expect(injection({ 联系人: "+1000 RMB" })).toHaveLength(1);
  });
  it("still takes a phone's leading + as part of the number", () => {
    expect(injection({ 联系方式: "+44 20 7946 0958" })).toEqual([]);
  });
});
