/** The task pane's Check through the Excel test double: tables found, findings located, a fixed number of round trips. */
import { FakeExcel, WEB_LIMITS } from "../support/fake-excel";
import { checkWorkbook, type ExcelRun } from "../../src/excel/check";
import { WEB_READ_BUDGET, VALUE_BYTES, FORMAT_BYTES } from "../../src/excel/read";
import { AS_OF, BAD_ROWS, HEADERS, customers } from "./pane-fixtures";

const asRun = (x: FakeExcel) => x.run as unknown as ExcelRun;

describe("checkWorkbook", () => {
  it("finds the Customers table and gives every finding its sheet and address", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(result.tables).toEqual([{ table: "Customers", sheet: "客户信息", by: "table-name" }]);
    const located = result.findings.map((f) => ({ code: f.code, sheet: f.sheet, address: f.address }));
    expect(located).toEqual(expect.arrayContaining([
      { code: "date", sheet: "客户信息", address: "J3" },
      { code: "phone", sheet: "客户信息", address: "E4" },
      { code: "enum", sheet: "客户信息", address: "H5" },
      { code: "unique", sheet: "客户信息", address: "A6" },
    ]));
    expect(result.stats.byCode.phone).toBe(1);
    expect(x.syncCount).toBe(3);
  });

  it("recognises a plain sheet by its headers under a title row (one more sync) and skips unrelated sheets", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("Notes", [["anything"], ["else"]]);
    x.addSheetWithRows("我的客户", [["客户档案 2026"], [], ...BAD_ROWS], { at: "B1" });
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(result.tables).toEqual([{ table: "Customers", sheet: "我的客户", by: "header" }]);
    expect(result.findings.find((f) => f.code === "phone")?.address).toBe("F6");
    expect(x.syncCount).toBe(4);
  });

  it("a table found by its sheet name is read with the first rows of the other sheets", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS);
    x.addSheetWithRows("Other", [["x", "y"]]);
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(result.tables[0]).toEqual({ table: "Customers", sheet: "客户信息", by: "sheet-name" });
    expect(x.syncCount).toBe(3);
  });

  it("takes the same number of syncs for 100 and 50,000 rows (desktop: no request bound)", async () => {
    const counts: number[] = [];
    for (const n of [100, 50_000]) {
      const x = new FakeExcel({ platform: "PC" });
      x.addSheetWithRows("客户信息", customers(n), { tableName: "Customers" });
      const result = await checkWorkbook(asRun(x), { asOf: AS_OF });
      expect(result.stats.rows).toBe(n);
      expect(result.stats.errors).toBe(0);
      counts.push(x.syncCount);
    }
    expect(counts).toEqual([3, 3]);
  });

  it("on the web, splits a read above the request bound into row blocks that each stay under it", async () => {
    const n = 50_000;
    const x = new FakeExcel({ ...WEB_LIMITS });
    x.addSheetWithRows("客户信息", customers(n), { tableName: "Customers" });
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF, requestBudget: WEB_READ_BUDGET });
    expect(result.stats.rows).toBe(n);
    const bytesPerCell = VALUE_BYTES + FORMAT_BYTES;
    const blocks = Math.ceil(((n + 1) * HEADERS.length * bytesPerCell) / WEB_READ_BUDGET);
    expect(x.syncCount).toBe(2 + blocks);
    // syncLog counts cells loaded per property (values + numberFormat): every sync stays under the budget.
    for (const cells of x.syncLog) expect((cells / 2) * bytesPerCell).toBeLessThanOrEqual(WEB_READ_BUDGET);
    // A small table on the web is still one read.
    const small = new FakeExcel({ platform: "OfficeOnline" });
    small.addSheetWithRows("客户信息", customers(100), { tableName: "Customers" });
    await checkWorkbook(asRun(small), { asOf: AS_OF, requestBudget: WEB_READ_BUDGET });
    expect(small.syncCount).toBe(3);
  });

  it("on the web, a block whose real response passes 5 MB (long text beyond the estimate) is refused at sync (ResponsePayloadSizeLimitExceeded) and read again in halves", async () => {
    const n = 20_000;
    const long = "北京市海淀区中关村大街".repeat(8); // 88 characters, 264 bytes: far above VALUE_BYTES
    const rows = customers(n).map((r, i) => (i === 0 ? r : r.map((v, j) => (HEADERS[j] === "地址(省市区)" ? long + i : v))));
    const x = new FakeExcel({ ...WEB_LIMITS });
    x.addSheetWithRows("客户信息", rows, { tableName: "Customers" });
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF, requestBudget: WEB_READ_BUDGET });
    expect(result.stats.rows).toBe(n);
    expect(result.findings).toEqual([]);
    // A few more syncs than the estimate's blocks, not one per row; some were refused.
    expect(x.syncCount).toBeLessThan(20);
    expect(x.syncLog.filter((cells) => cells === 0).length).toBeGreaterThan(0);
  });

  it("reports a missing Customers table on an empty workbook without failing", async () => {
    const x = new FakeExcel();
    x.addSheet("Sheet1");
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(result.findings.map((f) => [f.code, f.address])).toEqual([["missing-table", null]]);
  });
});

describe("credit summary", () => {
  it("counts the customers per grade when Payments exists, and is absent without it", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", customers(3), { tableName: "Customers" });
    const without = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(without.credit).toBeNull();
    const id = String(customers(1)[1][0]);
    const pay: (string | number)[][] = [["客户编号", "单据号", "开票日期", "到期日", "金额", "付款日期", "付款金额"]];
    for (let m = 1; m <= 6; m++) pay.push([id, `INV${m}`, `2026-0${m}-01`, `2026-0${m}-28`, 1000, `2026-0${m}-20`, 1000]);
    x.addSheetWithRows("回款记录", pay, { tableName: "Payments" });
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(result.credit).toEqual({ kind: "grades", grades: { A类: 1, B类: 0, C类: 0, N: 2 }, customers: 3, problems: 0, policyNote: undefined, agingFen: { current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d91_120: 0, d120plus: 0 } });
    // Recorded vs computed: the customer graded A类 is recorded A类 (no flag); the others are N (nothing to compare).
    expect(result.creditFlags).toEqual([]);
    // A refused 信用政策 value: the default policy is used, and the key is named for the pane.
    x.addSheetWithRows("信用政策", [["参数", "值"], ["宽限天数", "三天"]], { tableName: "CreditPolicy" });
    const refused = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(refused.credit).toMatchObject({ kind: "grades", policyKey: "宽限天数", policyNote: expect.stringMatching(/宽限天数/) });
  });

  it("lists the recorded vs computed flags with the address of their cell (SPEC §8.1)", async () => {
    const x = new FakeExcel();
    const rows = customers(2);
    const grade = rows[0].indexOf("客户等级");
    rows[1][grade] = "C类"; // graded A类 by its payments
    x.addSheetWithRows("客户信息", rows, { tableName: "Customers" });
    const id = String(rows[1][0]);
    const pay: (string | number)[][] = [["客户编号", "单据号", "开票日期", "到期日", "金额", "付款日期", "付款金额"]];
    for (let m = 1; m <= 6; m++) pay.push([id, `INV${m}`, `2026-0${m}-01`, `2026-0${m}-28`, 1000, `2026-0${m}-20`, 1000]);
    x.addSheetWithRows("回款记录", pay, { tableName: "Payments" });
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(result.creditFlags!.map((f) => [f.code, f.severity, f.sheet, f.address, f.customerId, f.suggestion])).toEqual([["grade-drift", "warning", "客户信息", "H2", id, "A类"]]);
    // Flags are not validation findings: they do not count among them.
    expect(result.findings.some((f) => (f.code as string) === "grade-drift")).toBe(false);
  });
});
