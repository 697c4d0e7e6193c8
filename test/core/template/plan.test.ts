/** The set-up plan of the SPEC §10 tables: Staff (empty), Loans (dropdowns, dates), Handovers (protected record sheet). */
import { DATE_FORMAT, listSource, setupSteps, templatePlan } from "../../../src/core/template/plan";
import { DEFAULT_LISTS } from "../../../src/core/template/lists";
import { RETENTION_SETTING } from "../../../src/core/records/retention";

const plan = (key: string) => templatePlan().find((p) => p.key === key)!;

describe("templatePlan: the registers of SPEC §10", () => {
  it("Staff (人员) starts empty, with a 状态 dropdown fed by 人员状态", () => {
    const staff = plan("Staff");
    expect(staff).toMatchObject({ sheet: "人员", tableName: "Staff", rows: [], protect: false });
    expect(staff.headers).toEqual(["姓名", "部门", "状态", "离职日期"]);
    expect(staff.dropdowns).toEqual([{ column: 2, list: "人员状态", source: listSource("人员状态") }]);
    expect(DEFAULT_LISTS.人员状态).toEqual(["在职", "离职"]);
  });

  it("Loans (借阅登记) has the columns of §10.4, dropdowns for 资料类型 and 方式, and three date columns", () => {
    const loans = plan("Loans");
    expect(loans.headers).toEqual(["登记日期", "客户编号", "资料类型", "借阅人", "用途", "方式", "批准人", "应还日期", "归还日期", "完整性确认"]);
    expect(loans.dropdowns.map((d) => [loans.headers[d.column], d.list])).toEqual([["资料类型", "资料类型"], ["方式", "借阅方式"]]);
    expect(loans.dateColumns.map((c) => loans.headers[c])).toEqual(["登记日期", "应还日期", "归还日期"]);
    expect(DEFAULT_LISTS.借阅方式).toEqual(["原件", "复印件"]);
    expect(DATE_FORMAT).toBe("yyyy-mm-dd");
  });

  it("Handovers (交接记录), ChangeLog and Audits are record sheets set-up protects; ChangeLog has 校验", () => {
    expect(plan("Handovers")).toMatchObject({ sheet: "交接记录", headers: ["交接日期", "移交人", "接收人", "监交人", "客户数", "客户编号", "备注"], protect: true });
    expect(plan("ChangeLog").protect).toBe(true);
    expect(plan("ChangeLog").headers.at(-1)).toBe("校验");
    expect(plan("Audits").protect).toBe(true);
    expect(plan("Customers").protect).toBe(false);
  });

  it("信用政策 starts with the retention period next to the credit settings", () => {
    expect(plan("CreditPolicy").rows).toContainEqual([RETENTION_SETTING, 5]);
  });

  it("an existing workbook gains the new tables and lists and keeps what it has", () => {
    const steps = setupSteps({ sheets: ["客户信息", "下拉选项"], nonEmptySheets: ["客户信息", "下拉选项"], found: [{ key: "Customers", sheet: "客户信息", tableName: "Customers" }, { key: "Lists", sheet: "下拉选项", tableName: "Lists" }], listsHeaders: ["客户类型", "客户等级"] });
    expect(steps.filter((s) => s.kind === "add-table").map((s) => (s.kind === "add-table" ? s.plan.key : ""))).toEqual(expect.arrayContaining(["Staff", "Loans", "Handovers"]));
    const lists = steps.find((s) => s.kind === "add-lists");
    expect(lists?.kind === "add-lists" ? lists.lists.map((l) => l.list) : []).toEqual(expect.arrayContaining(["借阅方式", "人员状态"]));
  });
});
