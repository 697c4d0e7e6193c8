/** SPEC §10.5a masking: one test per kind, free text, and the masked-copy plan (no original personal value survives anywhere). */
import { isIdCardNumber, maskAs, maskEmail, maskFreeText, maskKeepLast4, maskPersonName, maskPhone } from "../../../src/core/records/mask";
import { applyCellEdits, maskKindOfHeader, planMaskedCopy } from "../../../src/core/records/maskplan";
import { layoutSheet } from "../../../src/core/sheets";
import { cellText, type Cell, type SheetBlock } from "../../../src/core/table";

describe("mobile phones", () => {
  it.each([
    ["13812348000", "138****8000"],
    ["138 1234 8000", "138 **** 8000"],
    ["138-1234-8000", "138-****-8000"],
    ["+86 13812348000", "+86 138****8000"],
    ["+86-138-1234-8000", "+86-138-****-8000"],
    ["0086 13812348000", "0086 138****8000"],
  ])("%s → %s", (input, masked) => expect(maskPhone(input)).toBe(masked));
});

describe("landlines keep the area code", () => {
  it.each([
    ["010-62345678", "010-********"],
    ["0755-12345678", "0755-********"],
    ["(021) 6234 5678", "(021) **** ****"],
    ["01062345678", "010********"],
    ["075512345678", "0755********"],
    ["0755-12345678-801", "0755-********-***"],
    ["+86 10 6234 5678", "+86 10 **** ****"],
  ])("%s → %s", (input, masked) => expect(maskPhone(input)).toBe(masked));
});

describe("other phone numbers", () => {
  it("a foreign number keeps its country code and last 4 digits", () => {
    expect(maskPhone("+44 20 7946 0958")).toBe("+44 ** **** 0958");
  });
  it("an unreadable number keeps only its last 4 digits; text without digits is left alone", () => {
    expect(maskPhone("1395678")).toBe("***5678");
    expect(maskPhone("无")).toBe("无");
  });
  it("several numbers in one cell are masked each", () => {
    expect(maskAs("phone", "13812348000 / 010-62345678")).toBe("138****8000 / 010-********");
  });
});

describe("e-mail", () => {
  it.each([
    ["zhang.wei@example.com", "z***@example.com"],
    ["Sales@Huaxin.com.cn", "S***@Huaxin.com.cn"],
    ["a@b.cn; li.na@example.org", "a***@b.cn; l***@example.org"],
    ["不是邮箱", "不***"],
  ])("%s → %s", (input, masked) => expect(maskEmail(input)).toBe(masked));
});

describe("联系人 keeps the family name", () => {
  it.each([
    ["张伟", "张*"],
    ["李小龙", "李**"],
    ["欧阳娜娜", "欧阳**"],
    ["司马相如", "司马**"],
    ["诸葛亮", "诸葛*"],
    // Two characters: the first is the family name even when the pair is a 复姓.
    ["司马", "司*"],
    ["王经理", "王经理"],
    ["陈先生", "陈先生"],
    ["王经理、欧阳明", "王经理、欧阳*"],
    ["张伟，李娜", "张*，李*"],
    ["Tom Smith", "T** Smith"],
    ["Alice", "A****"],
    ["*经理", "*经理"],
  ])("%s → %s", (input, masked) => expect(maskPersonName(input)).toBe(masked));
});

describe("USCC, ID card and bank account keep the last 4", () => {
  it.each([
    ["91330100716105852F", "**************852F"],
    ["6222 0202 0000 1234 567", "**** **** **** ***4 567"],
    ["110101199003071234", "**************1234"],
    ["12345", "*****"],
  ])("%s → %s", (input, masked) => expect(maskKeepLast4(input)).toBe(masked));
  it("maskAs routes each kind", () => {
    expect(maskAs("uscc", "91330100716105852F")).toBe("**************852F");
    expect(maskAs("account", "6222020200001234567")).toBe("***************4567");
    expect(maskAs("idcard", "11010119900307123X")).toBe("**************123X");
  });
});

describe("free text", () => {
  it("masks phones, e-mails, ID numbers and valid USCCs inside text, and nothing else", () => {
    expect(maskFreeText("客户新号码13812348000，邮箱 zhang@example.com，座机 010-62345678")).toBe("客户新号码138****8000，邮箱 z***@example.com，座机 010-********");
    expect(maskFreeText("信用代码91330100716105852F已核对")).toBe("信用代码**************852F已核对");
    // Not valid codes, ids, dates, amounts and customer ids stay as written.
    expect(maskFreeText("C20240315001 于 2024-03-15 开票 INV-202403150001 金额 13800 元")).toBe("C20240315001 于 2024-03-15 开票 INV-202403150001 金额 13800 元");
    expect(maskFreeText("91330100716105852A")).toBe("91330100716105852A");
  });
  it("ID numbers are told by their check character and birth date", () => {
    expect(isIdCardNumber("11010519491231002X")).toBe(true);
    expect(isIdCardNumber("110105194912310021")).toBe(false);
    expect(maskFreeText("身份证11010519491231002X")).toBe("身份证**************002X");
  });
});

describe("maskKindOfHeader", () => {
  it("reads template headers, aliases and common words; ids and hashes are kept", () => {
    expect(["联系方式", "Phone", "联系电话", "手机", "传真"].map(maskKindOfHeader)).toEqual(["phone", "phone", "phone", "phone", "phone"]);
    expect(["电子邮箱", "E-mail"].map(maskKindOfHeader)).toEqual(["email", "email"]);
    expect(["联系人", "联系人2", "法定代表人"].map(maskKindOfHeader)).toEqual(["name", "name", "name"]);
    expect(["统一社会信用代码", "银行账号", "开户行账号", "身份证号"].map(maskKindOfHeader)).toEqual(["uscc", "account", "account", "idcard"]);
    expect(["客户编号", "单据号", "校验", "种子", "总体指纹"].map(maskKindOfHeader)).toEqual(["keep", "keep", "keep", "keep", "keep"]);
    expect(["客户名称", "负责人", "金额", null].map(maskKindOfHeader)).toEqual([null, null, null, null]);
  });
});

describe("planMaskedCopy", () => {
  const customers: SheetBlock = {
    sheet: "客户信息", tableName: "Customers", firstRow: 1, firstColumn: 1,
    values: [
      ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "电子邮箱", "地址(省市区)", "开户日期", "统一社会信用代码", "负责人", "银行账号"],
      ["C20240315001", "北京华信科技有限公司", "企业", "欧阳娜娜、王经理", "13812348000", "zhang.wei@huaxin.com.cn", "北京市海淀区中关村大街1号", 45366, "91330100716105852F", "张伟", "6222020200001234567"],
      ["C20240315002", "李明", "个人", "李明", 13956781234, "liming@example.com", "上海市浦东新区世纪大道1号", "2024-03-15", null, "李娜", null],
      ["C20240315003", "广州南方物流有限公司", "企业", "陈先生", "020-62345678", null, "广东省广州市天河区体育西路1号", "2024-03-15", null, "李娜", null],
    ],
  };
  const changeLog: SheetBlock = {
    sheet: "变更记录", tableName: "ChangeLog", firstRow: 1, firstColumn: 1,
    values: [
      ["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人", "校验"],
      ["2026-11-20 10:00:00", "Customers", "C20240315001", "联系方式", "13900001111", "13812348000", "修正", "王芳", `1:${"a1".repeat(32)}`],
      ["2026-11-21 10:00:00", "Customers", "C20240315002", "客户名称", "李小明", "李明", "编辑", "王芳", `2:${"b2".repeat(32)}`],
      ["2026-11-22 10:00:00", "Customers", "C20240315003", "开户日期", "2024/3/15", "2024-03-15", "修正", "王芳", `3:${"13812345678".padEnd(64, "c")}`],
    ],
  };
  const audit: SheetBlock = {
    sheet: "抽查 2026Q4", firstRow: 1, firstColumn: 1,
    values: [
      ["抽查 2026Q4：种子 00112233445566778899aabbccddeeff"],
      [],
      ["序号", "客户编号", "客户名称", "层", "抽取原因", "联系人", "联系方式", "电子邮箱"],
      [1, "C20240315002", "李明", "高", "random: stratum high", "李明", "13956781234", "liming@example.com"],
    ],
  };
  const interactions: SheetBlock = {
    sheet: "客户动态", tableName: "Interactions", firstRow: 1, firstColumn: 1,
    values: [
      ["客户编号", "记录日期", "交互类型", "参与人员", "内容概述", "结果跟进"],
      ["C20240315001", "2026-03-10", "沟通", "王芳", "客户留了新邮箱 zhang.wei@huaxin.com.cn 和手机 13812348000", "对账 6222 0202 0000 1234 567"],
    ],
  };
  const results: SheetBlock = {
    sheet: "校验结果", firstRow: 1, firstColumn: 1,
    values: [["表", "行", "列", "值", "说明"], ["Customers", 3, "联系方式", 13956781234, "「13956781234」建议写作 139 5678 1234？"]],
  };
  const blocks = [customers, changeLog, audit, interactions, results];
  const plan = planMaskedCopy(blocks, { at: "2026-12-04 10:30:00", source: "客户档案.xlsx" });
  const copy = applyCellEdits(blocks, plan.edits);
  const at = (sheet: string, row: number, col: number): Cell => copy.find((b) => b.sheet === sheet)!.values[row - 1][col - 1];

  it("masks the personal columns of Customers, and 客户名称 of a 个人 customer", () => {
    expect(copy[0].values[1]).toEqual(["C20240315001", "北京华信科技有限公司", "企业", "欧阳**、王经理", "138****8000", "z***@huaxin.com.cn", "北京市海淀区中关村大街1号", 45366, "**************852F", "张伟", "***************4567"]);
    expect(copy[0].values[2].slice(1, 6)).toEqual(["李*", "个人", "李*", "139****1234", "l***@example.com"]);
    expect(at("客户信息", 4, 5)).toBe("020-********");
  });

  it("masks ChangeLog 变更前/变更后 as the field they belong to; leaves 校验 and other fields alone", () => {
    expect(copy[1].values[1].slice(4, 6)).toEqual(["139****1111", "138****8000"]);
    expect(copy[1].values[2].slice(4, 6)).toEqual(["李**", "李*"]);
    expect(copy[1].values[3]).toEqual(changeLog.values[3]);
  });

  it("finds the same values in other sheets and inside text: the audit sheet, notes, messages, numbers", () => {
    expect(copy[2].values[3]).toEqual([1, "C20240315002", "李*", "高", "random: stratum high", "李*", "139****1234", "l***@example.com"]);
    expect(copy[2].values[0]).toEqual(audit.values[0]);
    expect(copy[3].values[1][4]).toBe("客户留了新邮箱 z***@huaxin.com.cn 和手机 138****8000");
    expect(copy[3].values[1][5]).toBe("对账 **** **** **** ***4 567");
    expect(copy[4].values[1][3]).toBe("139****1234");
    expect(copy[4].values[1][4]).toBe("「139****1234」建议写作 139 **** 1234？");
  });

  it("the copy never contains a phone, e-mail or id of the input, in any cell of any sheet", () => {
    const originals = new Set<string>();
    for (const row of customers.values.slice(1)) for (const c of [4, 5, 8, 10]) if (row[c] !== null) originals.add(cellText(row[c]));
    for (const row of changeLog.values.slice(1, 2)) for (const c of [4, 5]) originals.add(cellText(row[c]));
    const variants = [...originals].flatMap((v) => [v, v.replace(/\D/g, "").length >= 7 && !v.includes("@") ? v.replace(/\D/g, "") : v]);
    const leaks: string[] = [];
    for (const b of copy) for (const row of b.values) for (const cell of row) {
      const text = cellText(cell).replace(/[\s-]/g, "");
      for (const v of variants) if (text.includes(v.replace(/[\s-]/g, ""))) leaks.push(`${b.sheet}: ${cellText(cell)} contains ${v}`);
    }
    expect(leaks).toEqual([]);
  });

  it("keeps every other value and the sheet structure", () => {
    for (let i = 0; i < blocks.length; i++) {
      expect(copy[i].values.length).toBe(blocks[i].values.length);
      expect(copy[i].values.map((r) => r.length)).toEqual(blocks[i].values.map((r) => r.length));
    }
    const changed = new Set(plan.edits.map((e) => `${e.sheet}!${e.row},${e.columnNumber}`));
    for (const b of blocks) b.values.forEach((row, r) => row.forEach((v, c) => {
      if (!changed.has(`${b.sheet}!${r + 1},${c + 1}`)) expect(copy.find((x) => x.sheet === b.sheet)!.values[r][c]).toBe(v);
    }));
    expect(plan.edits.every((e) => typeof e.after === "string" && e.after !== cellText(e.before))).toBe(true);
  });

  it("the notice goes first, says the copy is masked and when, and counts the masked cells", () => {
    expect(plan.notice.name).toBe("脱敏说明");
    expect(plan.notice.first).toBe(true);
    expect(plan.notice.lines?.[0]).toContain("脱敏副本");
    expect(plan.notice.lines?.[1]).toBe("原文件：客户档案.xlsx　生成时间：2026-12-04 10:30:00");
    expect(plan.notice.lines?.some((l) => l.includes("校验") && l.includes("不再成立"))).toBe(true);
    const rows = plan.notice.tables[0].rows;
    expect(rows).toContainEqual(["客户信息", "联系方式", expect.stringContaining("138****8000"), 3]);
    expect(rows.reduce((n, r) => n + Number(r[3]), 0)).toBe(plan.edits.length);
    expect(layoutSheet(plan.notice).tables[0].captionRow).toBe(plan.notice.lines!.length + 1);
  });

  it("does not change its input; a workbook without personal data gets no edits", () => {
    const before = JSON.stringify(blocks);
    planMaskedCopy(blocks, { at: "2026-12-04 10:30:00" });
    expect(JSON.stringify(blocks)).toBe(before);
    const plain: SheetBlock = { sheet: "回款记录", firstRow: 1, firstColumn: 1, values: [["客户编号", "单据号", "金额"], ["C20240315001", "13812348000", 13812348000]] };
    expect(planMaskedCopy([plain], { at: "2026-12-04 10:30:00" }).edits).toEqual([]);
  });
});

describe("planMaskedCopy: contact names inside text, staff columns, and the masker for text outside the cells", () => {
  const customers: SheetBlock = {
    sheet: "客户信息", tableName: "Customers", firstRow: 1, firstColumn: 1,
    values: [
      ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "电子邮箱", "负责人", "统一社会信用代码"],
      ["C20240315001", "北京华信科技有限公司", "企业", "欧阳娜娜、王经理", "13812348000", "ouyang@huaxin.com.cn", "王芳", "91330100716105852F"],
      ["C20240315002", "上海恒通贸易有限公司", "企业", "王芳", "020-62345678", null, "李娜", null],
    ],
  };
  const interactions: SheetBlock = {
    sheet: "客户动态", tableName: "Interactions", firstRow: 1, firstColumn: 1,
    values: [
      ["客户编号", "记录日期", "交互类型", "参与人员", "内容概述"],
      ["C20240315001", "2026-03-10", "拜访", "李娜、欧阳娜娜", "与欧阳娜娜确认新报价，王经理也在"],
    ],
  };
  const log: SheetBlock = {
    sheet: "变更记录", tableName: "ChangeLog", firstRow: 1, firstColumn: 1,
    values: [
      ["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人"],
      ["2026-11-20 10:00:00", "Customers", "C20240315002", "负责人", "王芳", "李娜", "交接", "王芳"],
    ],
  };
  const blocks = [customers, interactions, log];
  const plan = planMaskedCopy(blocks, { at: "2026-12-04 10:30:00" });
  const copy = applyCellEdits(blocks, plan.edits);

  it("masks a contact's name wherever it appears in text; a form of address (王经理) stays", () => {
    expect(copy[1].values[1][3]).toBe("李娜、欧阳**");
    expect(copy[1].values[1][4]).toBe("与欧阳**确认新报价，王经理也在");
  });

  it("leaves staff columns (负责人, 操作人, ChangeLog values of 负责人) alone even when a contact shares the name", () => {
    expect(copy[0].values[1][6]).toBe("王芳");
    expect(copy[0].values[2][3]).toBe("王*");
    expect(copy[2].values[1]).toEqual(log.values[1]);
  });

  it("gives the same masking for text outside the cells, and the values a copy must not contain", () => {
    const m = plan.masker;
    expect(m.text("请致电 13812348000 或写信 ouyang@huaxin.com.cn 找欧阳娜娜")).toBe("请致电 138****8000 或写信 o***@huaxin.com.cn 找欧阳**");
    expect(m.text("020-62345678")).toBe("020-********");
    expect(m.text("91330100716105852F")).toBe("**************852F");
    expect(m.text("北京华信科技有限公司")).toBe("北京华信科技有限公司");
    expect(m.number(13812348000)).toBe("138****8000");
    expect(m.number(200000)).toBeNull();
    expect(m.sensitive).toEqual({
      phones: ["13812348000", "02062345678"], codes: ["91330100716105852F"], emails: ["ouyang@huaxin.com.cn"], names: ["欧阳娜娜", "王芳"],
    });
  });
});
