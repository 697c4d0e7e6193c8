/** The one reader (src/excel/read.ts) against the strict double: template tables, only the needed columns, under a 5 MB bound that throws. */
import { FakeExcel, WEB_LIMITS } from "../support/fake-excel";
import { readBlocks, readTemplateTables, WEB_READ_BUDGET } from "../../src/excel/read";
import { AUDITS, CHANGELOG, CUSTOMERS } from "../../src/core/template/tables";
import type { Cell } from "../../src/core/table";

/** Every Customers column of the template and the optional ones (21: more than the 19 the issue names). */
const HEAD = CUSTOMERS.columns.map((c) => c.header);

function customer(i: number): Cell[] {
  const id = `C2024${String(1 + (i % 12)).padStart(2, "0")}15${String(i % 1000).padStart(3, "0")}`;
  return HEAD.map((h) => {
    switch (h) {
      case "客户编号": return id;
      case "客户名称": return `北京华信科技发展有限公司第${i}分公司`;
      case "地址(省市区)": return `北京市海淀区中关村大街${i}号院${i % 30}号楼`;
      case "开户日期": case "停止合作日期": case "最近核实日期": return 45366 + (i % 300);
      case "注册资本": case "信用额度": return 10000 + i;
      case "联系方式": return `139${String(i).padStart(8, "0")}`;
      case "电子邮箱": return `sales${i}@example.com.cn`;
      default: return `${h}${i % 50}`;
    }
  });
}

const run = (x: FakeExcel) => x.run as unknown as <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

describe("readTemplateTables", () => {
  it("reads 50,000 rows × every Customers column (≥ 19) under a 5 MB bound that throws, with the web budget: every sync is accepted", async () => {
    const x = new FakeExcel({ ...WEB_LIMITS });
    x.addSheetWithRows(CUSTOMERS.sheet, [HEAD, ...Array.from({ length: 50_000 }, (_v, i) => customer(i))], { tableName: "Customers" });
    const read = await run(x)((context) => readTemplateTables(context, [{ def: CUSTOMERS }], { budget: WEB_READ_BUDGET }));
    expect(read.blocks).toHaveLength(1);
    expect(read.blocks[0].values).toHaveLength(50_001);
    expect(read.blocks[0].values[50_000]).toEqual(customer(49_999));
    expect(HEAD.length).toBeGreaterThanOrEqual(19);
    expect(read.blocks[0].numberFormats![1]).toHaveLength(HEAD.length);
    expect(x.syncLog.filter((cells) => cells === 0)).toEqual([]); // none refused
    expect(x.syncCount).toBeGreaterThan(2);
  });

  it("the same read with no estimate at all (budget unknown) still gets every row: refused syncs are read again in halves", async () => {
    const x = new FakeExcel({ ...WEB_LIMITS });
    x.addSheetWithRows(CUSTOMERS.sheet, [HEAD, ...Array.from({ length: 50_000 }, (_v, i) => customer(i))], { tableName: "Customers" });
    const read = await run(x)((context) => readTemplateTables(context, [{ def: CUSTOMERS }]));
    expect(read.blocks[0].values).toHaveLength(50_001);
    expect(read.blocks[0].values[25_001]).toEqual(customer(25_000));
    expect(x.syncLog.filter((cells) => cells === 0).length).toBeGreaterThan(0);
  });

  it("reads only the columns a feature needs (the others come back blank) in 2 syncs on desktop", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows(CUSTOMERS.sheet, [HEAD, ...Array.from({ length: 1000 }, (_v, i) => customer(i))], { tableName: "Customers" });
    const read = await run(x)((context) => readTemplateTables(context, [{ def: CUSTOMERS, columns: ["customerId", "phone", "email"] }]));
    const [block] = read.blocks;
    expect(block.values[0]).toEqual(HEAD);
    const id = HEAD.indexOf("客户编号"), phone = HEAD.indexOf("联系方式"), name = HEAD.indexOf("客户名称");
    expect(block.values[1][id]).toBe(customer(0)[id]);
    expect(block.values[1][phone]).toBe(customer(0)[phone]);
    expect(block.values[1][name]).toBeNull();
    expect(x.syncCount).toBe(2);
    // 1000 rows × 3 columns (联系方式 and 电子邮箱 side by side: one range), values and formats.
    expect(x.syncLog[1]).toBe(1000 * 3 * 2);
  });

  it("a table that is not an Excel table of its template name is found by its sheet, as a check finds it", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows(CUSTOMERS.sheet, [HEAD, customer(1), customer(2)]);
    const read = await run(x)((context) => readTemplateTables(context, [{ def: CUSTOMERS, columns: ["customerId"] }]));
    expect(read.blocks.map((b) => [b.sheet, b.values.length])).toEqual([[CUSTOMERS.sheet, 3]]);
  });

  it("gives the record tables asked for as a writer needs them (found, or where a new one goes)", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows(CUSTOMERS.sheet, [HEAD, customer(1)], { tableName: "Customers" });
    x.addSheetWithRows(CHANGELOG.sheet, [CHANGELOG.columns.map((c) => c.header)], { tableName: "ChangeLog" });
    x.addSheetWithRows(AUDITS.sheet, [["说明"]]);
    x.protectSheet(CHANGELOG.sheet);
    const read = await run(x)((context) => readTemplateTables(context, [{ def: CUSTOMERS }], { records: [CHANGELOG, AUDITS] }));
    expect(read.records.get("ChangeLog")).toMatchObject({ sheet: CHANGELOG.sheet, protected: true, table: { name: "ChangeLog", headerRow: 0, dataRows: 1 } });
    expect(read.records.get("Audits")).toMatchObject({ sheet: AUDITS.sheet, sheetExists: true, table: null, newTableRow: 2 });
    expect(x.syncCount).toBe(2);
  });
});

describe("readBlocks", () => {
  it("a refused sync loses the caller's loads that rode in it: requeue puts them back before the next try", async () => {
    const x = new FakeExcel({ ...WEB_LIMITS });
    x.addSheetWithRows("S", Array.from({ length: 80_000 }, (_v, i) => [`上海市浦东新区世纪大道${i}号`, i]));
    const out = await run(x)(async (context) => {
      let mine = context.workbook.worksheets.getItem("S").getRange("B1").load("values");
      const blocks = await readBlocks(context, [{ sheet: "S", row: 0, column: 0, rows: 80_000, columns: 2 }], {
        requeue: () => { mine = context.workbook.worksheets.getItem("S").getRange("B1").load("values"); },
      });
      return { rows: blocks[0].values.length, mine: mine.values };
    });
    expect(out).toEqual({ rows: 80_000, mine: [[0]] });
  });

  it("one row Excel cannot send is an error naming its sheet and row, not a loop", async () => {
    const x = new FakeExcel({ ...WEB_LIMITS, maxResponseBytes: 1000 });
    x.addSheetWithRows("S", [["短"], ["很长".repeat(400)]]);
    await expect(run(x)((context) => readBlocks(context, [{ sheet: "S", row: 0, column: 0, rows: 2, columns: 1 }]))).rejects.toThrow(/^S row 2: one row is more than Excel can send/);
  });
});
