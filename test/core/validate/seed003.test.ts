/** Seed 003's own example rows (表1–表3 of the policy), typed as the policy prints them. */
import { validateWorkbook } from "../../../src/core/validate";
import type { SheetBlock } from "../../../src/core/table";

const AS_OF = "2024-03-31";

// 表1: the seed leaves 客户编号 empty and masks names; we fill ids in and keep the rest as printed.
const customers: SheetBlock = {
  sheet: "客户信息", firstRow: 1, firstColumn: 1,
  values: [
    ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "所属行业", "客户等级", "地址(省市区)", "开户日期"],
    ["C20240115001", "*科技有限公司", "企业", "*经理", "13956781234", "信息技术", "A类", "北京市海淀区", "2024-01-15"],
    ["C20240220001", "*个人", "个人", "*先生", "1395678", "教育", "C类", "上海市浦东新区", "2024-02-20"],
  ],
};

// 表2, with the seed's header 交互类型(拜访/沟通/需求变更) and its attachment names.
const interactions: SheetBlock = {
  sheet: "客户动态", firstRow: 1, firstColumn: 1,
  values: [
    ["客户编号", "记录日期", "交互类型(拜访/沟通/需求变更)", "参与人员", "内容概述", "结果跟进", "附件名称"],
    ["C20240115001", "2024-03-10", "拜访", "销售主管*", "咨询新产品合作方案", "方案已提交", "拜访纪要pdf"],
    ["C20240220001", "2024-03-12", "需求变更", "客服专员*", "更新收货地址至新园区", "已确认", "地址变更确认单.pdf"],
  ],
};

// 表3, with 资料类型(合同/资质/记录) and 存储位置(电子/纸质) headers and the seed's 资质证明.
const archive: SheetBlock = {
  sheet: "归档记录", firstRow: 1, firstColumn: 1,
  values: [
    ["归档编号", "客户编号", "归档日期", "资料类型(合同/资质/记录)", "归档份数", "存储位置(电子/纸质)", "经办人", "审核人"],
    ["GD2024001", "C20240115001", "2024-03-15", "合同", 2, "电子+纸质", "*助理", "*经理"],
    ["GD2024002", "C20240220001", "2024-03-16", "资质证明", 1, "电子", "*助理", "*主管"],
  ],
};

describe("seed 003's example rows", () => {
  const report = validateWorkbook([customers, interactions, archive], { asOf: AS_OF });

  it("maps the seed's headers, including the ones with the allowed values in brackets", () => {
    for (const t of report.tables) expect({ table: t.table, missing: t.missing.map((c) => c.header), unknown: t.unknown.map((u) => u.header) }).toEqual({ table: t.table, missing: [], unknown: [] });
  });

  it("fails the masked phone 1395678 and only it among the customer cells (and, by seed 001, warns that the A类 customer has one contact)", () => {
    const customerFindings = report.findings.filter((f) => f.table === "Customers");
    expect(customerFindings.map((f) => [f.row, f.column, f.code, f.severity])).toEqual([[2, "联系人", "single-contact", "warning"], [3, "联系方式", "phone", "error"]]);
    expect(customerFindings[1].value).toBe("1395678");
  });

  it("passes 北京市海淀区 and 上海市浦东新区, 信息技术 and 教育", () => {
    expect(report.findings.filter((f) => ["地址(省市区)", "所属行业"].includes(f.column))).toEqual([]);
  });

  it("warns on both attachment names and suggests the convention", () => {
    const f = report.findings.filter((x) => x.code === "attachment-name");
    expect(f.map((x) => x.suggestion)).toEqual(["C20240115001_拜访纪要_20240310.pdf", "C20240220001_地址变更确认单_20240312.pdf"]);
  });

  it("normalises 资质证明 to 资质", () => {
    expect(report.findings.filter((f) => f.table === "Archive").map((f) => [f.row, f.code, f.fix])).toEqual([[3, "enum", "资质"]]);
  });

  it("is not valid because of the masked phone alone", () => {
    expect(report.valid).toBe(false);
    expect(report.stats.errors).toBe(1);
  });
});
