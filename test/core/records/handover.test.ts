/** SPEC §10.1 handover plan: the edits, ChangeLog rows, Handovers row and 交接清单 sheet; every refusal. */
import { handoverCandidates, handoverPeople, planHandover, NOTIFIED_VALUES, type HandoverRequest, type HandoverResult } from "../../../src/core/records/handover";
import { handoverSheetName, uniqueSheetName, uniqueTableName } from "../../../src/core/records/names";
import { layoutSheet } from "../../../src/core/sheets";
import type { Cell, SheetBlock } from "../../../src/core/table";

const HEADERS = ["客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "地址(省市区)", "开户日期", "负责人"];

function customers(owners: Cell[]): SheetBlock {
  return {
    sheet: "客户信息", tableName: "Customers", firstRow: 1, firstColumn: 1,
    values: [HEADERS, ...owners.map((o, i) => [`C20240315${String(i + 1).padStart(3, "0")}`, `测试公司${i + 1}`, `联系人${i + 1}`, `1390000000${i}`, `c${i + 1}@example.com`, "北京市海淀区中关村大街1号", "2024-03-15", o])],
  };
}

const staff = (rows: Cell[][]): SheetBlock => ({ sheet: "人员", tableName: "Staff", firstRow: 1, firstColumn: 1, values: [["姓名", "部门", "状态"], ...rows] });
const REQ = { date: "2026-12-04", time: "2026-12-04 10:30:00" };
const plan = (blocks: SheetBlock[], r: Partial<HandoverRequest> & { from: string; to: string }) => planHandover(blocks, { ...REQ, ...r });
const ok = (res: HandoverResult) => {
  if (!res.ok) throw new Error(`expected a plan, got ${res.error.code}: ${res.error.message["en-US"]}`);
  return res.plan;
};
const err = (res: HandoverResult) => (res.ok ? null : res.error.code);

describe("planHandover", () => {
  const book = [customers(["张伟", "李娜", " 张 伟", "张伟", "王芳"]), staff([["张伟", "销售部", "离职"], ["李娜", "销售部", "在职"], ["王芳", "销售部", "在职"], ["赵强", "销售部", "离职"], ["陈经理", "销售部", "在职"]])];

  it("reassigns every customer of X to Y: 负责人 edits with the old value, one ChangeLog row each (原因 交接)", () => {
    const p = ok(plan(book, { from: "张伟", to: "李娜", supervisor: "陈经理" }));
    expect(p.customers.map((c) => c.id)).toEqual(["C20240315001", "C20240315003", "C20240315004"]);
    expect(p.edits).toEqual([
      { sheet: "客户信息", row: 2, columnNumber: 8, column: "负责人", customerId: "C20240315001", before: "张伟", after: "李娜" },
      { sheet: "客户信息", row: 4, columnNumber: 8, column: "负责人", customerId: "C20240315003", before: " 张 伟", after: "李娜" },
      { sheet: "客户信息", row: 5, columnNumber: 8, column: "负责人", customerId: "C20240315004", before: "张伟", after: "李娜" },
    ]);
    expect(p.changeLog).toHaveLength(3);
    expect(p.changeLog[1]).toEqual({ time: "2026-12-04 10:30:00", table: "Customers", customerId: "C20240315003", field: "负责人", before: " 张 伟", after: "李娜", reason: "交接", user: "陈经理" });
    expect(p.warnings).toEqual([]);
  });

  it("the Handovers row follows the template: 交接日期, 移交人, 接收人, 监交人, 客户数, 客户编号, 备注", () => {
    const p = ok(plan(book, { from: "张伟", to: "李娜", supervisor: "陈经理", note: "离职交接" }));
    expect(p.handoversRow).toEqual(["2026-12-04", "张伟", "李娜", "陈经理", 3, "C20240315001、C20240315003、C20240315004", "离职交接"]);
  });

  it("the 交接清单 sheet lists each customer with 联系人 / 联系方式 / 电子邮箱 and an empty 已通知 (是/否) dropdown", () => {
    const p = ok(plan(book, { from: "张伟", to: "李娜" }));
    expect(p.sheet.name).toBe("交接清单 2026-12-04 张伟→李娜");
    const table = p.sheet.tables[0];
    expect(table.columns.map((c) => c.header)).toEqual(["序号", "客户编号", "客户名称", "联系人", "联系方式", "电子邮箱", "已通知", "通知日期", "备注"]);
    expect(table.columns[6].list).toEqual(NOTIFIED_VALUES);
    expect(NOTIFIED_VALUES).toEqual(["是", "否"]);
    expect(table.columns[4].format).toBe("text");
    expect(table.rows[0]).toEqual([1, "C20240315001", "测试公司1", "联系人1", "13900000000", "c1@example.com", null, null, null]);
    expect(table.rows.every((r) => r[6] === null)).toBe(true);
    expect(table.name).toBe("Handover_20261204");
    expect(p.sheet.lines?.[1]).toContain("移交人 张伟 → 接收人 李娜");
    expect(layoutSheet(p.sheet).tables[0].headerRow).toBe(4);
  });

  it("only some ids, in any case and with spaces", () => {
    const p = ok(plan(book, { from: "张伟", to: "王芳", ids: [" c20240315004", "C20240315004"] }));
    expect(p.edits.map((e) => e.row)).toEqual([5]);
    expect(p.handoversRow[4]).toBe(1);
  });

  it("ids read as validate, credit and audit read them (core/customerid): a full-width digit in the request, an id typed with spaces and lower case in 客户信息", () => {
    const typed = book.map((b) => (b.tableName !== "Customers" ? b : { ...b, values: b.values.map((row, r) => (r === 4 ? [" c20240315004 ", ...row.slice(1)] : row)) }));
    const p = ok(plan(typed, { from: "张伟", to: "王芳", ids: ["C2024031500４"] }));
    expect(p.edits.map((e) => e.row)).toEqual([5]);
  });

  it("a second handover on the same day gets its own sheet and table names", () => {
    const first = ok(plan(book, { from: "张伟", to: "李娜" }));
    const again = ok(plan([...book, { sheet: first.sheet.name, tableName: first.sheet.tables[0].name, firstRow: 1, firstColumn: 1, values: [] }], { from: "张伟", to: "李娜" }));
    expect(again.sheet.name).toBe("交接清单 2026-12-04 张伟→李娜 (2)");
    expect(again.sheet.tables[0].name).toBe("Handover_20261204_2");
  });

  it("names no sheet or table the workbook has, when the host read only some of its tables (existingSheets, existingTables)", () => {
    const first = ok(plan(book, { from: "张伟", to: "李娜" }));
    const again = ok(plan(book, { from: "张伟", to: "李娜", existingSheets: ["客户信息", first.sheet.name], existingTables: ["Customers", first.sheet.tables[0].name] }));
    expect(again.sheet.name).toBe("交接清单 2026-12-04 张伟→李娜 (2)");
    expect(again.sheet.tables[0].name).toBe("Handover_20261204_2");
  });

  it.each([
    ["unknown from", { from: "孙悟空", to: "李娜" }, "unknown-from", /不是任何客户的负责人，也不在人员名单中.*现有负责人：张伟、李娜/],
    ["same person (ignoring spaces)", { from: "张伟", to: " 张 伟 " }, "same-person", /同一人/],
    ["nobody to hand over", { from: "陈经理", to: "李娜" }, "nothing-to-hand-over", /没有负责的客户/],
    ["to = 离职 staff", { from: "张伟", to: "赵强" }, "to-left", /已离职/],
    ["a supervisor who is one of the parties", { from: "张伟", to: "李娜", supervisor: "李娜" }, "supervisor-is-party", /第三人/],
    ["an id that does not exist", { from: "张伟", to: "李娜", ids: ["C20240315001", "C20991231001"] }, "unknown-ids", /C20991231001/],
    ["an id of another owner", { from: "张伟", to: "李娜", ids: ["C20240315002"] }, "not-owned", /C20240315002（李娜）/],
    ["no names", { from: " ", to: "李娜" }, "missing-name", /移交人和接收人/],
    ["a bad date", { from: "张伟", to: "李娜", date: "2026/12/4" }, "bad-date", /YYYY-MM-DD/],
  ] as const)("refuses %s with a clear message, and plans nothing", (_what, request, code, message) => {
    const res = plan(book, request);
    expect(err(res)).toBe(code);
    if (!res.ok) {
      expect(res.error.message["zh-CN"]).toMatch(message);
      expect(res.error.message["en-US"].length).toBeGreaterThan(10);
    }
  });

  it("without a Staff table: an unknown name is refused, any receiver is accepted", () => {
    const plain = [customers(["张伟", "李娜"])];
    expect(err(plan(plain, { from: "赵强", to: "李娜" }))).toBe("unknown-from");
    expect(ok(plan(plain, { from: "张伟", to: "新同事" })).edits).toHaveLength(1);
  });

  it("a receiver not on the staff list is a warning, not a refusal; the Staff spelling of a name is used", () => {
    const p = ok(plan(book, { from: "张伟", to: "新同事" }));
    expect(p.warnings[0]["zh-CN"]).toContain("不在人员名单中");
    expect(ok(plan(book, { from: "张伟", to: " 李 娜" })).to).toBe("李娜");
  });

  it("refuses without a Customers table or without its 负责人 column", () => {
    expect(err(planHandover([staff([["张伟", "", "离职"]])], { ...REQ, from: "张伟", to: "李娜" }))).toBe("no-customers-table");
    const noOwner = customers(["张伟"]);
    noOwner.values = noOwner.values.map((r) => r.slice(0, 7));
    expect(err(plan([noOwner], { from: "张伟", to: "李娜" }))).toBe("no-owner-column");
  });

  it("does not change its input", () => {
    const before = JSON.stringify(book);
    plan(book, { from: "张伟", to: "李娜" });
    expect(JSON.stringify(book)).toBe(before);
  });
});

describe("handoverPeople (the pane's pickers)", () => {
  it("lists owners by number of customers, and the staff list with who left", () => {
    const people = handoverPeople([customers(["张伟", "李娜", "张伟", null]), staff([["张伟", "", "离职"], ["李娜", "", "在职"]])]);
    expect(people.owners).toEqual([{ name: "张伟", customers: 2 }, { name: "李娜", customers: 1 }]);
    expect(people.staff).toEqual([{ name: "张伟", left: true }, { name: "李娜", left: false }]);
  });
});

describe("handoverCandidates (one list for each picker)", () => {
  it("names each person once: owners by customers (marked when they left), then staff in post, then leavers", () => {
    const blocks = [customers(["张伟", "李娜", " 张 伟", null]), staff([["赵强", "", "离职"], ["张伟", "", "离职"], ["陈经理", "", "在职"], ["李娜", "", "在职"], ["李娜", "", "离职"]])];
    expect(handoverCandidates(blocks)).toEqual([
      { name: "张伟", customers: 2, onStaff: true, left: true },
      { name: "李娜", customers: 1, onStaff: true, left: false },
      { name: "陈经理", customers: 0, onStaff: true, left: false },
      { name: "赵强", customers: 0, onStaff: true, left: true },
    ]);
  });

  it("without a Staff table lists the owners only, none marked", () => {
    expect(handoverCandidates([customers(["王芳", "王芳", "李娜"])])).toEqual([
      { name: "王芳", customers: 2, onStaff: false, left: false },
      { name: "李娜", customers: 1, onStaff: false, left: false },
    ]);
  });
});

describe("sheet and table names", () => {
  it("keeps to what Excel accepts", () => {
    expect(uniqueSheetName("交接清单 2026-12-04 A/B→C:D", [])).toBe("交接清单 2026-12-04 A_B→C_D");
    expect(uniqueSheetName("x".repeat(40), []).length).toBe(31);
    expect(uniqueSheetName("x".repeat(40), ["x".repeat(31)])).toBe(`${"x".repeat(27)} (2)`);
    expect(uniqueTableName("交接", [])).toBe("__");
    expect(uniqueTableName("Handover_1", ["handover_1"])).toBe("Handover_1_2");
  });
});

describe("the 交接清单 sheet name stays legal in Excel", () => {
  const legal = (name: string) => name.length <= 31 && !/[[\]:*?/\\]/.test(name) && !/^'|'$/.test(name);

  it("is 交接清单 YYYY-MM-DD X→Y when it fits", () => {
    expect(handoverSheetName("2026-12-04", "张伟", "李娜", [])).toBe("交接清单 2026-12-04 张伟→李娜");
    expect(handoverSheetName("2026-12-04", "欧阳娜娜", "司马相如", [])).toBe("交接清单 2026-12-04 欧阳娜娜→司马相如");
  });

  it("cuts long names to a fair share each, marked with …, keeping the date and the arrow", () => {
    const both = handoverSheetName("2026-12-04", "Christopher Johnson", "Alexandra Williams", []);
    expect(both).toBe("交接清单 2026-12-04 Christ…→Alexan…");
    expect(both.length).toBe(31);
    // A short name keeps all of it; the long one takes the rest of the room.
    const one = handoverSheetName("2026-12-04", "张伟", "Alexandra Williams-Smith", []);
    expect(one).toBe("交接清单 2026-12-04 张伟→Alexandra W…");
    expect(one.length).toBe(31);
    expect(handoverSheetName("2026-12-04", "Maximilian Alexander", "李娜", [])).toBe("交接清单 2026-12-04 Maximilian …→李娜");
  });

  it("replaces characters Excel refuses, and never ends with an apostrophe", () => {
    expect(handoverSheetName("2026-12-04", "A/B", "C:D'", [])).toBe("交接清单 2026-12-04 A_B→C_D");
    expect(handoverSheetName("2026-12-04", "[x]", "y?*", [])).toBe("交接清单 2026-12-04 _x_→y__");
  });

  it("a second list of the same day and people gets (2), still within 31 characters", () => {
    const first = handoverSheetName("2026-12-04", "Christopher Johnson", "Alexandra Williams", []);
    const second = handoverSheetName("2026-12-04", "Christopher Johnson", "Alexandra Williams", [first.toUpperCase()]);
    expect(second).toBe("交接清单 2026-12-04 Chri…→Alex… (2)");
    expect(second.length).toBe(31);
    expect(handoverSheetName("2026-12-04", "张伟", "李娜", ["交接清单 2026-12-04 张伟→李娜", "交接清单 2026-12-04 张伟→李娜 (2)"])).toBe("交接清单 2026-12-04 张伟→李娜 (3)");
  });

  it("never splits a character written as two UTF-16 units (a rare CJK name such as 𠮷)", () => {
    const name = handoverSheetName("2026-12-04", "𠮷".repeat(8), "𠮷".repeat(8), []);
    expect(legal(name)).toBe(true);
    expect(name).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(name).toContain("…→");
  });

  it("is legal for any two names (property)", () => {
    const names = ["张伟", "欧阳娜娜", "A/B:C", "x".repeat(40), "'quoted'", "  spaced   out  ", "𠮷𠮷𠮷", "李娜'", "[]", "Ω".repeat(20)];
    for (const a of names) for (const b of names) {
      const name = handoverSheetName("2026-12-04", a, b, []);
      expect(legal(name)).toBe(true);
      expect(name.startsWith("交接清单 2026-12-04 ")).toBe(true);
      expect(name).toContain("→");
    }
  });
});

