/** SPEC §10 rules: owner-left, single-contact, the borrowing register (approval, overdue-loan), retention. */
import { AS_OF, block, check, codes, customer, customersSheet } from "./fixtures";
import { validateWorkbook } from "../../../src/core/validate";
import { contactPersons, isMarkedImportant } from "../../../src/core/validate/records";
import { dayToExcelSerial, parseIsoDate } from "../../../src/core/dates";
import type { Cell } from "../../../src/core/table";

const STAFF_HEADERS = ["姓名", "部门", "状态", "离职日期"];
const staff = (rows: Array<Record<string, Cell>>) => block("人员", STAFF_HEADERS, rows);
const OWNER_HEADERS = ["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期", "负责人"];
const owned = (rows: Array<Record<string, Cell>>) =>
  block("客户信息", OWNER_HEADERS, rows.map((r, i) => ({ 客户编号: `C20240115${String(i + 1).padStart(3, "0")}`, 客户名称: `公司${i + 1}`, 联系人: "王经理", 联系方式: "13956781234", "地址(省市区)": "北京市海淀区中关村大街1号", 开户日期: "2024-01-15", ...r })));

const LOAN_HEADERS = ["登记日期", "客户编号", "资料类型", "借阅人", "用途", "方式", "批准人", "应还日期", "归还日期", "完整性确认"];
const loans = (rows: Array<Record<string, Cell>>) =>
  block("借阅登记", LOAN_HEADERS, rows.map((r) => ({ 登记日期: "2026-09-01", 客户编号: "C20240115001", 资料类型: "合同", 借阅人: "刘助理", 用途: "核对合同条款", 方式: "原件", ...r })));

describe("owner-left (SPEC §10.2)", () => {
  const team = staff([{ 姓名: "张伟", 部门: "销售部", 状态: "离职", 离职日期: "2026-08-31" }, { 姓名: "李娜", 部门: "销售部", 状态: "在职" }, { 姓名: "刘助理", 部门: "内勤", 状态: "在职" }, { 姓名: "王芳", 部门: "内勤", 状态: "离职" }]);

  it("is not checked without a Staff table", () => {
    expect(codes(check(owned([{ 负责人: "谁也不是" }])).findings, "owner-left")).toEqual([]);
  });

  it("flags a 负责人 who has left, and one not on the staff list; passes a current employee (ignoring spaces)", () => {
    const f = codes(check(owned([{ 负责人: "张伟" }, { 负责人: " 李 娜 " }, { 负责人: "赵六" }]), team).findings, "owner-left");
    expect(f.map((x) => [x.row, x.column, x.value, x.severity])).toEqual([[2, "负责人", "张伟", "warning"], [4, "负责人", "赵六", "warning"]]);
    expect(f[0].message["zh-CN"]).toContain("已离职");
    expect(f[0].message["zh-CN"]).toContain("custfile handover");
    expect(f[0].message["en-US"]).toContain("left 2026-08-31");
    expect(f[1].message["zh-CN"]).toContain("不在人员名单");
  });

  it("a name listed twice counts as current when any of its rows is 在职", () => {
    const twice = staff([{ 姓名: "张伟", 状态: "离职" }, { 姓名: "张伟", 状态: "在职" }]);
    expect(codes(check(owned([{ 负责人: "张伟" }]), twice).findings, "owner-left")).toEqual([]);
  });

  it("Archive: unknown 经办人/审核人 always; a leaver only on records dated on or after the day they left", () => {
    const archive = block("归档记录", ["归档编号", "客户编号", "归档日期", "资料类型", "归档份数", "存储位置", "经办人", "审核人"], [
      { 归档编号: "GD1", 客户编号: "C20240115001", 归档日期: "2026-03-01", 资料类型: "合同", 归档份数: 1, 存储位置: "电子", 经办人: "张伟", 审核人: "李娜" },
      { 归档编号: "GD2", 客户编号: "C20240115001", 归档日期: "2026-09-10", 资料类型: "合同", 归档份数: 1, 存储位置: "电子", 经办人: "张伟", 审核人: "李娜" },
      { 归档编号: "GD3", 客户编号: "C20240115001", 归档日期: "2026-09-10", 资料类型: "合同", 归档份数: 1, 存储位置: "电子", 经办人: "刘助理", 审核人: "陌生人" },
      // 王芳 left with no leaving date: her old records are history.
      { 归档编号: "GD4", 客户编号: "C20240115001", 归档日期: "2026-09-10", 资料类型: "合同", 归档份数: 1, 存储位置: "电子", 经办人: "刘助理", 审核人: "王芳" },
    ]);
    const f = codes(check(owned([{ 负责人: "李娜" }]), archive, team).findings, "owner-left");
    expect(f.map((x) => [x.table, x.row, x.column, x.value])).toEqual([["Archive", 3, "经办人", "张伟"], ["Archive", 4, "审核人", "陌生人"]]);
    expect(f[0].message["zh-CN"]).toContain("在其离职之后");
  });

  it("Loans: a borrower who left with the file still out is flagged; after it came back it is history", () => {
    const register = loans([
      { 借阅人: "张伟", 方式: "原件", 登记日期: "2026-08-20", 归还日期: null },
      { 借阅人: "张伟", 方式: "原件", 登记日期: "2026-08-20", 归还日期: "2026-08-20", 完整性确认: "完整" },
    ]);
    const f = codes(check(owned([{ 负责人: "李娜" }]), register, team).findings, "owner-left");
    expect(f.map((x) => [x.table, x.row, x.column])).toEqual([["Loans", 2, "借阅人"]]);
    expect(f[0].message["zh-CN"]).toContain("尚未归还");
  });

  it("the Staff table itself is checked: 姓名 required, 状态 from the 人员状态 list (已离职 → 离职)", () => {
    const report = check(owned([{ 负责人: "李娜" }]), staff([{ 姓名: "李娜", 状态: "在职" }, { 姓名: null, 部门: "销售部", 状态: "在职" }, { 姓名: "周七", 状态: "已离职" }]));
    const f = report.findings.filter((x) => x.table === "Staff");
    expect(f.map((x) => [x.row, x.column, x.code, x.fix ?? null])).toEqual([[3, "姓名", "required", null], [4, "状态", "enum", "离职"]]);
  });
});

describe("single-contact (SPEC §10.3)", () => {
  const one = (o: Record<string, Cell>, headers?: string[]) => {
    const rows = [customer(o)];
    const sheet = headers ? block("客户信息", headers, rows) : customersSheet(rows);
    return codes(check(sheet).findings, "single-contact");
  };
  const WITH_2 = ["客户编号", "客户名称", "联系人", "联系人2", "联系方式", "客户等级", "地址(省市区)", "开户日期"];
  const WITH_MARK = ["客户编号", "客户名称", "联系人", "联系方式", "客户等级", "地址(省市区)", "开户日期", "重要客户"];

  it("warns for an A类 customer with one contact person, at the 联系人 cell", () => {
    const f = one({ 联系人: "王经理", 客户等级: "A类" });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ row: 2, column: "联系人", severity: "warning", value: "王经理", customerId: "C20240115001" });
    expect(f[0].message["zh-CN"]).toContain("联系人2");
  });

  it.each(["王经理、李经理", "王经理，李经理", "王经理,李经理", "王经理/李经理"])("accepts two names separated in 联系人: %s", (contact) => {
    expect(one({ 联系人: contact, 客户等级: "A类" })).toEqual([]);
  });

  it("counts a second person in 联系人2, but not the same person twice", () => {
    expect(one({ 联系人: "王经理", 联系人2: "李经理", 客户等级: "A类" }, WITH_2)).toEqual([]);
    expect(one({ 联系人: "王经理", 联系人2: " 王经理 ", 客户等级: "A类" }, WITH_2)).toHaveLength(1);
    expect(one({ 联系人: "王经理、王经理", 客户等级: "A类" })).toHaveLength(1);
  });

  it("applies to a customer marked 重要, whatever its grade; not to B类 or C类 customers", () => {
    expect(one({ 联系人: "王经理", 客户等级: "B类", 重要客户: "是" }, WITH_MARK)).toHaveLength(1);
    expect(one({ 联系人: "王经理", 客户等级: "B类", 重要客户: "否" }, WITH_MARK)).toEqual([]);
    expect(one({ 联系人: "王经理", 客户等级: "C类" })).toEqual([]);
    expect(one({ 联系人: "王经理", 客户等级: "A" })).toHaveLength(1);
  });

  it("an A类 customer with no contact at all gets the required error only", () => {
    const report = check(customersSheet([customer({ 联系人: null, 客户等级: "A类" })]));
    expect(report.findings.map((f) => f.code)).toEqual(["required"]);
  });

  it("contactPersons and isMarkedImportant", () => {
    expect(contactPersons("王经理、李经理；陈工", "李经理")).toEqual(["王经理", "李经理", "陈工"]);
    expect([true, "是", "√", "Y", "重要", 1].every(isMarkedImportant)).toBe(true);
    expect([false, "否", "", null, 0, "N"].some(isMarkedImportant)).toBe(false);
  });
});

describe("the borrowing register (SPEC §10.4)", () => {
  const run = (rows: Array<Record<string, Cell>>) => check(customersSheet([customer()]), loans(rows)).findings.filter((f) => f.table === "Loans");

  it("a complete, returned loan has no findings", () => {
    expect(run([{ 方式: "原件", 归还日期: "2026-09-01", 完整性确认: "完整" }, { 方式: "复印件", 批准人: "李经理", 应还日期: "2026-09-30", 归还日期: "2026-09-20", 完整性确认: "完整" }])).toEqual([]);
  });

  it("客户编号 must exist in Customers", () => {
    expect(run([{ 客户编号: "C20240115999", 归还日期: "2026-09-01", 完整性确认: "完整" }]).map((f) => [f.column, f.code])).toEqual([["客户编号", "foreign-key"]]);
  });

  it("a copy needs a 批准人, and not the borrower", () => {
    const f = run([
      { 方式: "复印件", 批准人: null, 应还日期: "2026-09-30", 归还日期: "2026-09-05", 完整性确认: "完整" },
      { 方式: "影印件", 批准人: "刘 助理", 应还日期: "2026-09-30", 归还日期: "2026-09-05", 完整性确认: "完整" },
    ]);
    expect(f.map((x) => [x.row, x.column, x.code, x.severity, x.fix ?? null])).toEqual([
      [2, "批准人", "required", "error", null],
      [3, "方式", "enum", "warning", "复印件"],
      [3, "批准人", "same-person", "error", null],
    ]);
  });

  it("方式 and 资料类型 come from their lists", () => {
    const f = run([{ 方式: "借走", 资料类型: "发票", 归还日期: "2026-09-01", 完整性确认: "完整" }]);
    expect(f.map((x) => [x.column, x.code, x.severity])).toEqual([["资料类型", "enum", "error"], ["方式", "enum", "error"]]);
  });

  it("overdue-loan: an original not returned is due the same day (SPEC §10.4); the message gives the days", () => {
    const f = codes(run([{ 登记日期: "2026-09-20", 方式: "原件", 归还日期: null }]), "overdue-loan");
    expect(f).toHaveLength(1);
    // AS_OF is 2026-09-30: due 2026-09-20, 10 days overdue.
    expect(f[0]).toMatchObject({ row: 2, column: "归还日期", severity: "warning" });
    expect(f[0].message["zh-CN"]).toContain("已逾期 10 天");
    expect(f[0].message["zh-CN"]).toContain("原件当天归还");
    expect(f[0].message["en-US"]).toContain("10 days overdue");
  });

  it("overdue-loan uses 应还日期 when given: not yet due, due today, one day late; not once returned", () => {
    const f = codes(run([
      { 登记日期: "2026-09-01", 方式: "复印件", 批准人: "李经理", 应还日期: "2026-10-15" },
      { 登记日期: "2026-09-01", 方式: "复印件", 批准人: "李经理", 应还日期: "2026-09-30" },
      { 登记日期: "2026-09-01", 方式: "复印件", 批准人: "李经理", 应还日期: "2026-09-29" },
      { 登记日期: "2026-09-01", 方式: "复印件", 批准人: "李经理", 应还日期: "2026-09-02", 归还日期: "2026-09-25", 完整性确认: "完整" },
    ]), "overdue-loan");
    expect(f.map((x) => x.row)).toEqual([4]);
    expect(f[0].message["en-US"]).toContain("1 day overdue");
  });

  it("reads date cells as well as text dates", () => {
    const serial = (iso: string) => dayToExcelSerial(parseIsoDate(iso)!);
    const report = validateWorkbook([customersSheet([customer()]), loans([{ 登记日期: serial("2026-09-28"), 方式: "原件", 应还日期: serial("2026-09-28") }])], { asOf: AS_OF });
    expect(codes(report.findings, "overdue-loan")[0].message["zh-CN"]).toContain("已逾期 2 天");
  });

  it("a copy without 应还日期 is asked for one; a return is asked for its 完整性确认; a return before the loan is an error", () => {
    const f = run([
      { 方式: "复印件", 批准人: "李经理" },
      { 方式: "原件", 归还日期: "2026-09-01" },
      { 方式: "原件", 登记日期: "2026-09-10", 应还日期: "2026-09-10", 归还日期: "2026-09-09", 完整性确认: "完整" },
    ]);
    expect(f.map((x) => [x.row, x.column, x.code, x.severity])).toEqual([
      [2, "应还日期", "required", "warning"],
      [3, "完整性确认", "required", "warning"],
      [4, "归还日期", "date-mismatch", "error"],
    ]);
  });

  it("归还日期 may not lie in the future", () => {
    expect(run([{ 归还日期: "2026-10-05", 完整性确认: "完整" }]).map((x) => [x.column, x.code])).toEqual([["归还日期", "future-date"]]);
  });
});

describe("retention (SPEC §10.6)", () => {
  const stopped = (status: string, on: Cell) => customer({ 合作状态: status, 停止合作日期: on });
  const policy = (value: Cell) => block("信用政策", ["参数", "值"], [{ 参数: "档案保存年限", 值: value }]);

  it("lists 停止合作 and 休眠 customers stopped longer than 5 years ago, at 停止合作日期, as info; never a fix", () => {
    // AS_OF 2026-09-30: 5 years after 2021-09-29 ends on 2026-09-29, so that one is due; 2021-09-30 is not yet.
    const report = check(customersSheet([stopped("停止合作", "2021-09-29"), stopped("休眠", "2020-01-01"), stopped("停止合作", "2021-09-30"), stopped("合作中", "2019-01-01"), stopped("休眠", null)]));
    const f = codes(report.findings, "retention");
    expect(f.map((x) => [x.row, x.column, x.severity, x.fix, x.suggestion])).toEqual([[2, "停止合作日期", "info", undefined, undefined], [3, "停止合作日期", "info", undefined, undefined]]);
    expect(f[0].message["zh-CN"]).toContain("档案保存年限 5 年");
    expect(f[0].message["zh-CN"]).toContain("不删除");
  });

  it("takes the period from 信用政策 档案保存年限; a bad value is reported and the default used", () => {
    expect(codes(check(customersSheet([stopped("停止合作", "2023-09-01")]), policy(3)).findings, "retention")).toHaveLength(1);
    expect(codes(check(customersSheet([stopped("停止合作", "2023-09-01")]), policy("3年")).findings, "retention")).toHaveLength(1);
    const bad = check(customersSheet([stopped("停止合作", "2023-09-01")]), policy("三年"));
    expect(codes(bad.findings, "retention")).toEqual([]);
    expect(bad.findings.filter((x) => x.table === "CreditPolicy").map((x) => [x.row, x.code, x.severity, x.value])).toEqual([[2, "type", "warning", "三年"]]);
  });

  it("a customer stopped 3–5 years ago is dormant, not yet due for retention", () => {
    const report = check(customersSheet([stopped("停止合作", "2022-06-01")]));
    expect(report.findings.map((f) => f.code)).toEqual(["dormant"]);
  });
});
