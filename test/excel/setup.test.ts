/** Setting up the template (SPEC §2) through the Excel test double: on an empty and on a half-built workbook. */
import { FakeExcel } from "../support/fake-excel";
import { setUpTemplate } from "../../src/excel/setup";
import { checkWorkbook, type ExcelRun } from "../../src/excel/check";
import { DATE_FORMAT, listSource, templatePlan } from "../../src/core/template/plan";
import { DEFAULT_LISTS } from "../../src/core/template/lists";
import { CREDIT_HISTORY, CUSTOMERS, TABLES } from "../../src/core/template/tables";
import { appendRecords, lookUpRecordTable, SHEET_PROTECTION } from "../../src/excel/write";
import { AS_OF, BAD_ROWS } from "./pane-fixtures";

const asRun = (x: FakeExcel) => x.run as unknown as ExcelRun;

describe("setUpTemplate", () => {
  it("on an empty workbook creates every template sheet and table with Chinese headers, lists, dropdowns, date formats, widths and a frozen header", async () => {
    const x = new FakeExcel();
    x.addSheet("Sheet1");
    x.activeSheet = "Sheet1";
    const result = await setUpTemplate(asRun(x));
    expect(result.added.map((a) => a.table)).toEqual(TABLES.map((t) => t.tableName));
    expect(x.sheet("Sheet1")!.usedRect()).toBeNull(); // nothing landed on the active sheet
    expect(result.kept).toEqual([]);
    expect(x.syncCount).toBe(3);
    for (const plan of templatePlan()) {
      const t = x.table(plan.tableName)!;
      expect(t.sheet.name).toBe(plan.sheet);
      expect(t.headers).toEqual(plan.headers);
      expect(t.sheet.frozenRows).toBe(1);
    }
    const customers = x.table("Customers")!;
    expect(customers.headers.slice(0, 4)).toEqual(["客户编号", "客户名称", "客户类型", "联系人"]);
    // Lists holds the default lists.
    const listsHeaders = x.table("Lists")!.headers;
    const listsRows = x.tableRows("Lists");
    for (const [name, values] of Object.entries(DEFAULT_LISTS)) {
      const c = listsHeaders.indexOf(name);
      expect(listsRows.map((r) => r[c]).filter((v) => v !== "")).toEqual(values);
    }
    // Dropdowns point at Lists columns; dates are YYYY-MM-DD; widths are set.
    const sheet = x.sheet(CUSTOMERS.sheet)!;
    const gradeCol = customers.headers.indexOf("客户等级");
    expect(sheet.dataValidations).toContainEqual({ rect: { row: 1, col: gradeCol, rows: 1, cols: 1 }, rule: { list: { inCellDropDown: true, source: listSource("客户等级") } } });
    expect(sheet.dataValidations).toHaveLength(templatePlan()[0].dropdowns.length);
    const openedCol = customers.headers.indexOf("开户日期");
    expect(sheet.cell(1, openedCol)?.numberFormat).toBe(DATE_FORMAT);
    // What people type into text columns stays as typed (a phone, an id with leading zeros).
    expect(sheet.cell(1, customers.headers.indexOf("联系方式"))?.numberFormat).toBe("@");
    expect(sheet.cell(1, customers.headers.indexOf("客户编号"))?.numberFormat).toBe("@");
    // ChangeLog 时间 is a date-time column.
    expect(x.sheet("变更记录")!.cell(1, 0)?.numberFormat).toBe("yyyy-mm-dd hh:mm:ss");
    expect(sheet.columnWidths.get(1)).toBeGreaterThan(sheet.columnWidths.get(2)!);
  });

  it("protects custfile's record sheets (变更记录, 抽查记录, 信用月报, 交接记录) and no other; a later record write unprotects and protects again in its one request", async () => {
    const x = new FakeExcel();
    x.addSheet("Sheet1");
    await setUpTemplate(asRun(x));
    const owned = TABLES.filter((t) => t.addinOwned).map((t) => t.sheet);
    expect(owned).toEqual(["变更记录", "抽查记录", "信用月报", "交接记录"]);
    for (const t of TABLES) expect([t.sheet, x.sheet(t.sheet)!.protection.protected]).toEqual([t.sheet, owned.includes(t.sheet)]);
    expect(x.sheet("信用月报")!.protection.options).toEqual(SHEET_PROTECTION);
    const syncs = x.syncCount;
    await x.run(async (context) => {
      const c = context as unknown as Excel.RequestContext;
      await appendRecords(c, await lookUpRecordTable(c, CREDIT_HISTORY), [{ month: "2026-11", customerId: "C20240315001", grade: "A类" }]);
    });
    expect(x.syncCount - syncs).toBe(2); // the look-up, then unprotect + the row + protect
    expect(x.tableRows("CreditHistory").map((r) => r.slice(0, 2))).toEqual([["2026-11", "C20240315001"]]);
    expect(x.sheet("信用月报")!.protection.protected).toBe(true);
  });

  it("on a half-built workbook keeps what exists and adds only what is missing", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", BAD_ROWS, { tableName: "Customers" });
    x.addSheetWithRows("下拉选项", [["客户等级", "自定义"], ["A类", "x"], ["B类", "y"]], { tableName: "Lists" });
    x.addSheetWithRows("回款记录", [["随手记"]]); // a template sheet with data but no table: left alone
    x.addSheet("客户动态"); // an empty template sheet: used
    const before = x.tableRows("Customers");
    const result = await setUpTemplate(asRun(x));
    expect(result.kept.map((k) => k.table).sort()).toEqual(["Customers", "Lists"]);
    expect(result.skipped).toEqual([{ table: "Payments", sheet: "回款记录" }]);
    expect(result.added.map((a) => a.table)).toEqual(["Interactions", "Archive", "ChangeLog", "Audits", "CreditPolicy", "CreditHistory", "Staff", "Loans", "Handovers"]);
    expect(result.added.find((a) => a.table === "Interactions")?.newSheet).toBe(false);
    expect(x.tableRows("Customers")).toEqual(before);
    expect(x.valueAt("回款记录", "A1")).toBe("随手记");
    expect(x.table("Payments")).toBeUndefined();
    // The Lists table keeps its own values and gains the lists it lacked.
    const lists = x.table("Lists")!;
    expect(lists.headers.slice(0, 2)).toEqual(["客户等级", "自定义"]);
    expect(result.listsAdded).toEqual(Object.keys(DEFAULT_LISTS).filter((n) => n !== "客户等级"));
    const industry = lists.headers.indexOf("所属行业");
    expect(x.tableRows("Lists").map((r) => r[industry]).filter((v) => v !== "" && v !== null)).toEqual(DEFAULT_LISTS.所属行业);
    expect(x.tableRows("Lists").map((r) => r[0]).filter((v) => v !== "" && v !== null)).toEqual(["A类", "B类"]);
    // Running it again adds nothing.
    const again = await setUpTemplate(asRun(x));
    expect(again.added).toEqual([]);
    expect(again.listsAdded).toEqual([]);
  });

  it("dropdowns of new tables point at the workbook's own Lists table when it has another name", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("下拉选项", [Object.keys(DEFAULT_LISTS), ...[0, 1].map((i) => Object.values(DEFAULT_LISTS).map((v) => v[i] ?? ""))], { tableName: "表3" });
    const result = await setUpTemplate(asRun(x));
    expect(result.kept).toEqual([{ table: "表3", sheet: "下拉选项" }]);
    const dv = x.sheet(CUSTOMERS.sheet)!.dataValidations;
    expect(dv.length).toBeGreaterThan(0);
    expect(dv.map((d) => (d.rule as { list: { source: string } }).list.source)).toEqual(dv.map((d) => expect.stringMatching(/^=INDIRECT\("表3\[/)));
  });

  it("a table the workbook has on another sheet (found by its headers) is kept, so a later check still reads the user's rows", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("Sheet1", [["客户名单"], ...BAD_ROWS]);
    x.addSheetWithRows("Payments", [["Customer ID", "Invoice No", "Invoice Date", "Amount", "Paid On", "Paid Amount"]]);
    const result = await setUpTemplate(asRun(x));
    expect(result.skipped).toEqual([{ table: "Customers", sheet: "Sheet1" }, { table: "Payments", sheet: "Payments" }]);
    expect(result.added.map((a) => a.table)).not.toContain("Customers");
    expect(x.table("Customers")).toBeUndefined();
    expect(x.syncCount).toBe(4);
    const check = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(check.tables.find((t) => t.table === "Customers")).toEqual({ table: "Customers", sheet: "Sheet1", by: "header" });
    expect(check.stats.rows).toBe(BAD_ROWS.length - 1);
  });
});

