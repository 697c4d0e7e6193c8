/** One reading of 客户编号 (core/customerid) shared by validate, credit and audit: they agree on who a customer is. */
import { customerIdKey, readCustomerId } from "../../../src/core/customerid";
import { buildCreditIndex, readRecordedCredit } from "../../../src/core/credit";
import { readAuditInput } from "../../../src/core/audit";
import { validateWorkbook } from "../../../src/core/validate";
import { customersBlock, changeLogBlock } from "../audit/fixtures";
import { AS_OF, AS_OF_DAY, HEAD, day, row } from "../credit/fixtures";
import type { Cell, SheetBlock } from "../../../src/core/table";

const ID = "C20240315001";
/** One customer typed five ways, as people type ids into 回款记录. */
const FIVE_WAYS = [`${ID} `, ` ${ID}`, ID.toLowerCase(), "C2024031500１", "\u3000Ｃ２０２４０３１５００１"];

describe("readCustomerId", () => {
  it.each(FIVE_WAYS)("reads %j as the canonical id", (text) => {
    expect(readCustomerId(text)).toEqual({ kind: "id", id: ID, wellFormed: true });
    expect(customerIdKey(text)).toBe(ID);
  });
  it("drops control characters and white space inside a well-formed id, as validate's fix does", () => {
    expect(customerIdKey("C2024 0315 001")).toBe(ID);
    expect(customerIdKey("C20240315001\u0007")).toBe(ID);
    expect(customerIdKey("\ufeffC20240315001")).toBe(ID);
  });
  it("keeps ids of another form as ids, compared trimmed, half-width and case-insensitively", () => {
    expect(readCustomerId(" Acme-7 ")).toEqual({ kind: "id", id: "ACME-7", wellFormed: false });
    expect(customerIdKey("ＡＣＭＥ-7")).toBe("ACME-7");
    expect(customerIdKey(1001)).toBe("1001");
  });
  it("blank cells are blank", () => {
    for (const v of [null, undefined, "", "   ", "\u3000"]) expect(readCustomerId(v as Cell)).toEqual({ kind: "blank" });
  });
  it("an error value, TRUE/FALSE and invisible characters are not customer ids, with the reason", () => {
    expect(readCustomerId("#N/A")).toMatchObject({ kind: "not-id", reason: "error-value" });
    expect(readCustomerId(true)).toMatchObject({ kind: "not-id", reason: "boolean", shown: "TRUE" });
    expect(readCustomerId(false)).toMatchObject({ kind: "not-id", reason: "boolean", shown: "FALSE" });
    const zw = readCustomerId("C2024\u200B0315001");
    expect(zw).toMatchObject({ kind: "not-id", reason: "invisible", invisible: ["U+200B (zero-width space)"] });
    expect(zw.kind === "not-id" && zw.why).toContain("contains an invisible character U+200B (zero-width space)");
    expect(readCustomerId("C20240315001\u202E")).toMatchObject({ kind: "not-id", reason: "invisible", invisible: ["U+202E (right-to-left override)"] });
    expect(customerIdKey("C2024\u200B0315001")).toBe("");
  });
});

const CUSTOMERS = ["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期"];
const customers = (ids: Cell[]): SheetBlock => ({
  sheet: "客户信息", firstRow: 1, firstColumn: 1,
  values: [CUSTOMERS, ...ids.map((id, i) => [id, `公司${i + 1}`, "王经理", "13956781234", "北京市海淀区中关村大街1号", "2024-03-15"])],
});
const payments = (rows: Cell[][]): SheetBlock => ({ sheet: "回款记录", firstRow: 1, firstColumn: 1, values: [HEAD, ...rows] });

describe("validate, credit and audit agree on one customer typed five ways", () => {
  // Six invoices, one per spelling plus the id as written: all one customer, paid on time.
  const spellings = [ID, ...FIVE_WAYS];
  const rows = spellings.map((id, i) => row(id, `INV${i + 1}`, day(-200 + i * 20), day(-170 + i * 20), 30, 1000, day(-170 + i * 20), 1000));
  const zeroWidth = row("C2024031\u200B5001", "INV9", day(-60), day(-30), 30, 500, null, null);
  const blocks = [customers([ID]), payments([...rows, zeroWidth])];

  it("credit grades one customer from the five spellings and leaves the zero-width row out, saying why", () => {
    const index = buildCreditIndex(blocks[1], { asOf: AS_OF_DAY });
    expect([...index.customers.keys()]).toEqual([ID]);
    expect(index.get(ID).invoices).toBe(6);
    expect(index.get(" c20240315001 ").invoices).toBe(6);
    expect(index.problems).toHaveLength(1);
    expect(index.problems[0]).toMatchObject({ row: 8, code: "invalid-row", column: "客户编号" });
    expect(index.problems[0].message).toContain("contains an invisible character U+200B (zero-width space)");
    expect(index.problems[0].message).toContain("row left out");
  });

  it("validate offers the canonical id as the fix for each spelling, and no fix but an explanation for the zero-width space", () => {
    const report = validateWorkbook(blocks, { asOf: AS_OF });
    const idFindings = report.findings.filter((f) => f.sheet === "回款记录" && f.column === "客户编号");
    expect(idFindings.filter((f) => f.fix !== undefined).map((f) => [f.row, f.fix, f.customerId])).toEqual(FIVE_WAYS.map((_, i) => [i + 3, ID, ID]));
    const zw = idFindings.find((f) => f.row === 8)!;
    expect(zw).toMatchObject({ code: "pattern", severity: "error", suggestion: ID });
    expect(zw.fix).toBeUndefined();
    expect(zw.message["en-US"]).toContain("contains an invisible character U+200B (zero-width space)");
    expect(zw.message["zh-CN"]).toContain("不可见字符 U+200B");
    // The five are the customer of Customers: no foreign-key finding for any of them.
    expect(report.findings.filter((f) => f.code === "foreign-key")).toEqual([]);
  });

  it("a canonical id that is not in Customers is a foreign-key error, as credit would grade an unknown customer", () => {
    const report = validateWorkbook([customers([ID]), payments([row(" c20240315002", "INV1", day(-60), day(-30), 30, 100, null, null)])], { asOf: AS_OF });
    expect(report.findings.filter((f) => f.code === "foreign-key").map((f) => f.customerId)).toEqual(["C20240315002"]);
  });

  it("validate's Customers uniqueness is by the canonical id: a lower-case or full-width copy repeats the first row", () => {
    const report = validateWorkbook([customers([ID, "c20240315001", "C2024031500１"])], { asOf: AS_OF });
    expect(report.findings.filter((f) => f.code === "unique").map((f) => f.row)).toEqual([3, 4]);
  });

  it("credit's recorded grades join the Customers sheet by the canonical id too", () => {
    const recorded = readRecordedCredit([customers([" c20240315001"])]);
    expect([...recorded.byId.keys()]).toEqual([ID]);
  });

  it("the audit's population and ChangeLog rows use the canonical id; junk ids are notes, not customers", () => {
    const input = readAuditInput([
      customersBlock([{ id: ID }, { id: "c20240315001 " }, { id: "C2024031500１" }, { id: "C20240315002" }]),
      changeLogBlock([["2026-08-01 10:00:00", " c20240315002", "联系方式"]]),
    ]);
    expect(input.customers.map((c) => c.id)).toEqual([ID, "C20240315002"]);
    expect(input.notes.filter((n) => n.includes("repeats row 2"))).toHaveLength(2);
    expect(input.changes.map((c) => c.customerId)).toEqual(["C20240315002"]);
  });
});

describe("error values and booleans in 客户编号 are not customers", () => {
  const ids: Cell[] = [ID, "#N/A", true, false, "C2024\u200B0315002"];

  it("credit: not graded; each row left out with the reason", () => {
    const index = buildCreditIndex(payments(ids.map((id, i) => row(id as string, `INV${i}`, day(-60), day(-30), 30, 100, null, null))), { asOf: AS_OF_DAY });
    expect([...index.customers.keys()]).toEqual([ID]);
    expect(index.problems.map((p) => [p.row, p.detail])).toEqual([
      [3, "客户编号 the error value #N/A is not a customer id"],
      [4, "客户编号 TRUE is a TRUE/FALSE value, not a customer id"],
      [5, "客户编号 FALSE is a TRUE/FALSE value, not a customer id"],
      [6, expect.stringContaining("contains an invisible character U+200B")],
    ]);
  });

  it("credit's Customers reading: recorded grades skip them with a note", () => {
    const recorded = readRecordedCredit([customers(ids)]);
    expect(recorded.customers.map((c) => c.id)).toEqual([ID]);
    expect(recorded.notes).toEqual([
      expect.stringContaining("row 3, 客户编号: the error value #N/A is not a customer id; the row is not a customer"),
      expect.stringContaining("row 4, 客户编号: TRUE is a TRUE/FALSE value"),
      expect.stringContaining("row 5, 客户编号: FALSE is a TRUE/FALSE value"),
      expect.stringContaining("row 6, 客户编号: 'C2024\u200B0315002' contains an invisible character U+200B"),
    ]);
  });

  it("audit: not sampled; each row is a note", () => {
    const block = customersBlock([{ id: ID }, { id: "#N/A" }, { id: "x" }, { id: "C2024\u200B0315002" }]);
    block.values[3][0] = true;
    const input = readAuditInput([block]);
    expect(input.customers.map((c) => c.id)).toEqual([ID]);
    expect(input.notes).toEqual([
      expect.stringContaining("row 3, 客户编号: the error value #N/A is not a customer id; the row is not a customer and is left out of the population"),
      expect.stringContaining("row 4, 客户编号: TRUE is a TRUE/FALSE value"),
      expect.stringContaining("row 5, 客户编号: 'C2024\u200B0315002' contains an invisible character U+200B"),
    ]);
  });

  it("validate: an error value is error-value, TRUE/FALSE a type error that says it is no customer", () => {
    const report = validateWorkbook([customers(ids)], { asOf: AS_OF });
    const on = (r: number) => report.findings.filter((f) => f.row === r && f.column === "客户编号");
    expect(on(3)[0]).toMatchObject({ code: "error-value" });
    expect(on(4)[0]).toMatchObject({ code: "type", severity: "error" });
    expect(on(4)[0].message["en-US"]).toContain("not the TRUE/FALSE value TRUE");
    expect(on(6)[0]).toMatchObject({ code: "pattern", severity: "error" });
    // None of them is registered as an id: no "unique" finding among the two booleans.
    expect(report.findings.filter((f) => f.code === "unique")).toEqual([]);
  });
});
