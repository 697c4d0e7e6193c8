/** One test per rule of SPEC §2–3, each with valid and invalid examples. */
import { check, codes, customer, customerFindings, customersSheet, block, AS_OF, DATE } from "./fixtures";
import { validateWorkbook } from "../../../src/core/validate";
import { dayToExcelSerial, parseIsoDate } from "../../../src/core/dates";

const serial = (iso: string) => dayToExcelSerial(parseIsoDate(iso)!);
const on = (findings: ReturnType<typeof customerFindings>, column: string) => findings.filter((f) => f.column === column);

describe("a valid customer row", () => {
  it("has no findings", () => {
    const report = check(customersSheet([customer()]));
    expect(report.findings).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.stats.rows).toBe(1);
  });
});

describe("required", () => {
  it.each(["客户编号", "客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期"])("reports an empty %s as an error", (column) => {
    const f = on(customerFindings({ [column]: null }), column);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: "required", severity: "error", row: 2 });
    expect(customerFindings({ [column]: "   " }).some((x) => x.code === "required" && x.column === column)).toBe(true);
  });
  it("does not require optional columns", () => {
    expect(customerFindings({ 电子邮箱: null, 统一社会信用代码: null, 客户类型: null })).toEqual([]);
  });
});

describe("pattern (客户编号)", () => {
  it("accepts C + real date + 3 digits", () => {
    expect(on(customerFindings({ 客户编号: "C20240229001", 开户日期: "2024-02-29" }), "客户编号")).toEqual([]);
  });
  it.each(["20240115001", "C2024011500", "X20240115001", "C20241315001"])("rejects %s", (id) => {
    const f = on(customerFindings({ 客户编号: id }), "客户编号");
    expect(f[0]).toMatchObject({ code: "pattern", severity: "error" });
    expect(f[0].fix).toBeUndefined();
  });
  it("fixes lower case, spaces and full-width characters", () => {
    expect(on(customerFindings({ 客户编号: " c20240115001" }), "客户编号")[0]).toMatchObject({ code: "pattern", fix: "C20240115001" });
    expect(on(customerFindings({ 客户编号: "Ｃ２０２４０１１５００１" }), "客户编号")[0]).toMatchObject({ fix: "C20240115001" });
  });
  it("reports a number as a type error", () => {
    expect(on(customerFindings({ 客户编号: 20240115001 }), "客户编号")[0]).toMatchObject({ code: "type", severity: "error" });
  });
});

describe("unique (客户编号)", () => {
  it("reports the second row with an id and names the first", () => {
    const report = check(customersSheet([customer(), customer({ 客户名称: "上海恒通贸易有限公司" }), customer({ 客户编号: "C20240115002", 客户名称: "深圳远景电子有限公司" })]));
    const f = codes(report.findings, "unique");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ row: 3, column: "客户编号", customerId: "C20240115001" });
    expect(f[0].message["en-US"]).toContain("row 2");
  });
});

describe("duplicate-name", () => {
  it("is an error when names are equal after trim, full-width→half-width, （）→() and case", () => {
    const report = check(customersSheet([customer({ 客户名称: "华信(北京)科技有限公司" }), customer({ 客户编号: "C20240115002", 客户名称: " 华信（北京）科技有限公司 " })]));
    expect(codes(report.findings, "duplicate-name")[0]).toMatchObject({ severity: "error", row: 3 });
  });
  it("is a warning for near-duplicates (legal form or punctuation differ)", () => {
    const report = check(customersSheet([customer({ 客户名称: "华信科技有限公司" }), customer({ 客户编号: "C20240115002", 客户名称: "华信科技股份有限公司" })]));
    expect(codes(report.findings, "duplicate-name")[0]).toMatchObject({ severity: "warning", row: 3 });
  });
  it("is only a warning for two private persons with the same name", () => {
    const report = check(customersSheet([customer({ 客户名称: "王伟", 客户类型: "个人", 统一社会信用代码: null }), customer({ 客户编号: "C20240115002", 客户名称: "王伟", 客户类型: "个人", 统一社会信用代码: null })]));
    expect(codes(report.findings, "duplicate-name").map((f) => [f.row, f.severity])).toEqual([[3, "warning"]]);
  });
  it("accepts different names", () => {
    const report = check(customersSheet([customer(), customer({ 客户编号: "C20240115002", 客户名称: "华信物流有限公司" })]));
    expect(codes(report.findings, "duplicate-name")).toEqual([]);
  });
});

describe("enum (lists)", () => {
  it("accepts list values and common industry short names", () => {
    expect(customerFindings({ 客户类型: "个人", 客户等级: "C类", 所属行业: "制造业" })).toEqual([]);
    expect(customerFindings({ 所属行业: "零售业" })).toEqual([]);
    expect(customerFindings({ 所属行业: "信息传输、软件和信息技术服务业" })).toEqual([]);
  });
  it("normalises A → A类 with a fix (warning)", () => {
    expect(on(customerFindings({ 客户等级: "A" }), "客户等级")[0]).toMatchObject({ code: "enum", severity: "warning", fix: "A类" });
    expect(on(customerFindings({ 客户等级: "b" }), "客户等级")[0]).toMatchObject({ fix: "B类" });
  });
  it("fixes an industry section letter to the section name", () => {
    expect(on(customerFindings({ 所属行业: "C" }), "所属行业")[0]).toMatchObject({ fix: "制造业" });
  });
  it("rejects values outside the list", () => {
    expect(on(customerFindings({ 客户类型: "机构" }), "客户类型")[0]).toMatchObject({ code: "enum", severity: "error" });
    expect(on(customerFindings({ 客户等级: "D类" }), "客户等级")[0].fix).toBeUndefined();
    expect(on(customerFindings({ 所属行业: "宇宙探索" }), "所属行业")[0]).toMatchObject({ code: "enum", severity: "error" });
  });
  it("uses the workbook's Lists table over the defaults", () => {
    const lists = { sheet: "下拉选项", firstRow: 1, firstColumn: 1, values: [["客户等级", "客户类型"], ["VIP", "企业"], ["普通", null]] };
    const report = check(customersSheet([customer({ 客户等级: "VIP" }), customer({ 客户编号: "C20240115002", 客户名称: "乙公司", 客户等级: "A类" })]), lists);
    const f = codes(report.findings, "enum");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ row: 3, value: "A类" });
  });
});

describe("phone", () => {
  it.each(["13956781234", "010-62345678", "0755-88886666", "+44 20 7946 0958"])("accepts %s", (phone) => {
    expect(on(customerFindings({ 联系方式: phone }), "联系方式")).toEqual([]);
  });
  it("accepts a mobile stored as a number", () => {
    expect(on(customerFindings({ 联系方式: 13956781234 }), "联系方式")).toEqual([]);
  });
  it.each(["1395678", "12345678901", "abc", "+44 12"])("rejects %s", (phone) => {
    expect(on(customerFindings({ 联系方式: phone }), "联系方式")[0]).toMatchObject({ code: "phone", severity: "error" });
  });
  it("suggests the normalised form for spacing and full-width digits", () => {
    expect(on(customerFindings({ 联系方式: "139 5678 1234" }), "联系方式")[0]).toMatchObject({ severity: "warning", fix: "13956781234" });
    expect(on(customerFindings({ 联系方式: "１３９５６７８１２３４" }), "联系方式")[0]).toMatchObject({ fix: "13956781234" });
    expect(on(customerFindings({ 联系方式: "01062345678" }), "联系方式")[0]).toMatchObject({ fix: "010-62345678" });
  });
});

describe("email", () => {
  it("accepts a valid address and an empty cell", () => {
    expect(customerFindings({ 电子邮箱: "li.na+crm@corp.com.cn" })).toEqual([]);
    expect(customerFindings({ 电子邮箱: null })).toEqual([]);
  });
  it.each(["sales#example.com", "a@b", "@x.com", "a b@x.com"])("rejects %s", (email) => {
    expect(on(customerFindings({ 电子邮箱: email }), "电子邮箱").map((f) => f.code)).toContain("email");
  });
  it("fixes a full-width @", () => {
    expect(on(customerFindings({ 电子邮箱: "wang＠huaxin.com" }), "电子邮箱")[0]).toMatchObject({ fix: "wang@huaxin.com" });
  });
});

describe("address (GB/T 2260)", () => {
  it.each(["北京市海淀区", "上海市浦东新区张江路1号", "广东省广州市天河区体育西路", "广东省深圳市南山区", "湖北省仙桃市", "重庆市云阳县"])("accepts %s", (a) => {
    expect(on(customerFindings({ "地址(省市区)": a }), "地址(省市区)")).toEqual([]);
  });
  it.each(["北京市幸福区建设路8号", "河北省幸福区中山路8号", "广东省广州市幸福区中山路", "火星省火星市"])("rejects %s", (a) => {
    expect(on(customerFindings({ "地址(省市区)": a }), "地址(省市区)")[0]).toMatchObject({ code: "address", severity: "error" });
  });
});

describe("date (开户日期)", () => {
  it("accepts exact YYYY-MM-DD text and a real Excel date cell", () => {
    expect(on(customerFindings({ 开户日期: "2024-01-15" }), "开户日期")).toEqual([]);
    expect(on(customerFindings({ 开户日期: serial("2024-01-15") }, { 开户日期: DATE }), "开户日期")).toEqual([]);
    expect(on(customerFindings({ 开户日期: serial("2024-01-15") }, { 开户日期: "m/d/yy" }), "开户日期")).toEqual([]);
  });
  it("fixes a serial typed under the General format", () => {
    expect(on(customerFindings({ 开户日期: serial("2024-01-15") }, { 开户日期: "General" }), "开户日期")[0]).toMatchObject({ code: "date", severity: "warning", fix: "2024-01-15" });
  });
  it.each([["2024/1/15"], ["2024年1月15日"], ["20240115"], ["2024.1.15"], ["2024-1-15"]])("fixes %s to 2024-01-15", (text) => {
    expect(on(customerFindings({ 开户日期: text }), "开户日期")[0]).toMatchObject({ code: "date", severity: "error", fix: "2024-01-15" });
  });
  it.each(["2022-22-22", "2023-02-29", "2024/2/30"])("rejects the impossible day %s and never rolls it over", (text) => {
    const f = on(customerFindings({ 开户日期: text }), "开户日期")[0];
    expect(f).toMatchObject({ code: "date", severity: "error" });
    expect(f.fix).toBeUndefined();
  });
  it("rejects text that is no date", () => {
    expect(on(customerFindings({ 开户日期: "上周一" }), "开户日期")[0]).toMatchObject({ code: "date" });
  });
  it("a date with a time of day in a date column: an error naming the day as a suggestion, never a fix (the time would be lost)", () => {
    const f = on(customerFindings({ 开户日期: "2024-01-15 14:30" }), "开户日期")[0];
    expect(f).toMatchObject({ code: "date", severity: "error", suggestion: "2024-01-15" });
    expect(f.fix).toBeUndefined();
    expect(f.message["en-US"]).toMatch(/holds a time of day; 开户日期 takes a date only: "2024-01-15"/);
    // A midnight time is the day itself: fixed as any other spelling.
    expect(on(customerFindings({ 开户日期: "2024-01-15 00:00:00" }), "开户日期")[0]).toMatchObject({ code: "date", fix: "2024-01-15" });
  });
});

describe("future-date", () => {
  it("rejects an opening date after the as-of date and accepts the as-of date itself", () => {
    expect(codes(customerFindings({ 客户编号: "C20261001001", 开户日期: "2026-10-01" }), "future-date")[0]).toMatchObject({ column: "开户日期", severity: "error" });
    expect(codes(customerFindings({ 客户编号: "C20260930001", 开户日期: AS_OF }), "future-date")).toEqual([]);
  });
});

describe("date-mismatch", () => {
  it("warns when 开户日期 differs from the date inside 客户编号", () => {
    expect(codes(customerFindings({ 开户日期: "2024-01-16" }), "date-mismatch")[0]).toMatchObject({ severity: "warning", column: "开户日期" });
    expect(codes(customerFindings({}), "date-mismatch")).toEqual([]);
  });
});

describe("uscc (GB 32100-2015)", () => {
  it.each(["91330100716105852F", "91440300708461136T", "914403001922038216"])("accepts the real code %s", (code) => {
    expect(on(customerFindings({ 统一社会信用代码: code }), "统一社会信用代码")).toEqual([]);
  });
  it("rejects a wrong check character, a wrong length and letters the code never uses", () => {
    expect(on(customerFindings({ 统一社会信用代码: "91330100716105852E" }), "统一社会信用代码")[0]).toMatchObject({ code: "uscc", severity: "error" });
    expect(on(customerFindings({ 统一社会信用代码: "9133010071610585" }), "统一社会信用代码")[0].message["en-US"]).toContain("18 characters");
    expect(on(customerFindings({ 统一社会信用代码: "91330100716105852I" }), "统一社会信用代码")[0].code).toBe("uscc");
  });
  it("fixes lower case", () => {
    expect(on(customerFindings({ 统一社会信用代码: "91330100716105852f" }), "统一社会信用代码")[0]).toMatchObject({ fix: "91330100716105852F" });
  });
});

describe("stale (最近核实日期 older than 12 months)", () => {
  it("warns at 12 months and a day, not at exactly 12 months", () => {
    expect(codes(customerFindings({ 最近核实日期: "2025-09-29" }), "stale")[0]).toMatchObject({ severity: "warning", column: "最近核实日期" });
    expect(codes(customerFindings({ 最近核实日期: "2025-09-30" }), "stale")).toEqual([]);
  });
});

describe("dormant (停止合作 for 3 years or more)", () => {
  it("suggests 休眠 as info, without an automatic fix", () => {
    const f = codes(customerFindings({ 合作状态: "停止合作", 停止合作日期: "2023-09-30" }), "dormant")[0];
    expect(f).toMatchObject({ severity: "info", column: "合作状态", suggestion: "休眠" });
    expect(f.fix).toBeUndefined();
    expect(codes(customerFindings({ 合作状态: "停止合作", 停止合作日期: "2023-10-01" }), "dormant")).toEqual([]);
  });
});

describe("foreign-key", () => {
  const interactions = (id: string) => block("客户动态", ["客户编号", "记录日期", "交互类型", "参与人员", "内容概述"], [{ 客户编号: id, 记录日期: "2026-03-10", 交互类型: "拜访", 参与人员: "销售主管王芳", 内容概述: "咨询新产品合作方案" }]);
  it("accepts an id that exists in Customers and rejects one that does not", () => {
    expect(check(customersSheet([customer()]), interactions("C20240115001")).findings).toEqual([]);
    expect(codes(check(customersSheet([customer()]), interactions("C20240115999")).findings, "foreign-key")[0]).toMatchObject({ table: "Interactions", sheet: "客户动态", row: 2, severity: "error" });
  });
  it("checks Payments and Archive too", () => {
    const pay = block("回款记录", ["客户编号", "单据号", "开票日期", "到期日", "金额", "付款日期", "付款金额"], [{ 客户编号: "C20240115999", 单据号: "INV1", 开票日期: "2026-01-05", 到期日: "2026-02-04", 金额: 1000, 付款日期: "2026-02-01", 付款金额: 1000 }]);
    expect(codes(check(customersSheet([customer()]), pay).findings, "foreign-key")).toHaveLength(1);
  });
});

describe("same-person (经办人 ≠ 审核人) and archive rules", () => {
  const headers = ["归档编号", "客户编号", "归档日期", "资料类型", "归档份数", "存储位置", "经办人", "审核人"];
  const row = (o: Record<string, unknown>) => ({ 归档编号: "GD000001", 客户编号: "C20240115001", 归档日期: "2024-03-15", 资料类型: "合同", 归档份数: 2, 存储位置: "电子+纸质", 经办人: "刘助理", 审核人: "王经理", ...o }) as Record<string, string | number | null>;
  it("accepts different people and rejects the same person (ignoring spaces)", () => {
    expect(check(customersSheet([customer()]), block("归档记录", headers, [row({})])).findings).toEqual([]);
    expect(codes(check(customersSheet([customer()]), block("归档记录", headers, [row({ 审核人: " 刘助理" })])).findings, "same-person")[0]).toMatchObject({ column: "审核人", severity: "error" });
  });
  it("requires 归档份数 to be a whole number ≥ 1 and 归档编号 unique", () => {
    const r = check(customersSheet([customer()]), block("归档记录", headers, [row({ 归档份数: 0 }), row({ 归档份数: 1.5 }), row({ 归档份数: "2" })]));
    expect(r.findings.filter((f) => f.column === "归档份数").map((f) => [f.row, f.code, f.fix])).toEqual([[2, "pattern", undefined], [3, "type", undefined], [4, "type", 2]]);
    expect(codes(r.findings, "unique").map((f) => f.row)).toEqual([3, 4]);
  });
  it("fixes seed 003's 资质证明 to 资质", () => {
    const r = check(customersSheet([customer()]), block("归档记录", headers, [row({ 资料类型: "资质证明" })]));
    expect(codes(r.findings, "enum")[0]).toMatchObject({ fix: "资质" });
  });
});

describe("attachment-name", () => {
  const headers = ["客户编号", "记录日期", "交互类型", "参与人员", "内容概述", "附件名称"];
  const row = (name: string) => ({ 客户编号: "C20240315001", 记录日期: "2024-03-15", 交互类型: "拜访", 参与人员: "销售主管王芳", 内容概述: "拜访", 附件名称: name });
  const cust = customersSheet([customer({ 客户编号: "C20240315001", 开户日期: "2024-03-15" })]);
  it("accepts {客户编号}_{文件类型}_{YYYYMMDD}.{ext}", () => {
    expect(codes(check(cust, block("客户动态", headers, [row("C20240315001_合同_20240315.pdf")])).findings, "attachment-name")).toEqual([]);
  });
  it("warns on seed 003's 拜访纪要pdf and carries the suggested name", () => {
    const f = codes(check(cust, block("客户动态", headers, [row("拜访纪要pdf")])).findings, "attachment-name")[0];
    expect(f).toMatchObject({ severity: "warning", suggestion: "C20240315001_拜访纪要_20240315.pdf" });
    expect(f.fix).toBeUndefined();
  });
  it("warns when the id in the name is another customer's", () => {
    expect(codes(check(cust, block("客户动态", headers, [row("C20240101001_合同_20240315.pdf")])).findings, "attachment-name")).toHaveLength(1);
  });
});

describe("payments rows", () => {
  const headers = ["客户编号", "单据号", "开票日期", "到期日", "账期天数", "金额", "付款日期", "付款金额"];
  const pay = (o: Record<string, string | number | null>) => ({ 客户编号: "C20240115001", 单据号: "INV1", 开票日期: "2026-01-05", 到期日: "2026-02-04", 账期天数: 30, 金额: 1000, 付款日期: "2026-02-01", 付款金额: 1000, ...o });
  it("accepts a paid row, an open row and a credit note", () => {
    const r = check(customersSheet([customer()]), block("回款记录", headers, [pay({}), pay({ 付款日期: null, 付款金额: null }), pay({ 金额: -100, 付款日期: null, 付款金额: null })]));
    expect(r.findings).toEqual([]);
  });
  it("reports a paid date without an amount and the reverse", () => {
    const r = check(customersSheet([customer()]), block("回款记录", headers, [pay({ 付款金额: null }), pay({ 付款日期: null })]));
    expect(codes(r.findings, "required").map((f) => [f.row, f.column])).toEqual([[2, "付款金额"], [3, "付款日期"]]);
  });
  it("reports a row with neither 到期日 nor 账期天数 as an error (credit grading leaves it out)", () => {
    const r = check(customersSheet([customer()]), block("回款记录", headers, [pay({ 到期日: null, 账期天数: null })]));
    expect(codes(r.findings, "required")).toEqual([expect.objectContaining({ severity: "error", column: "到期日", row: 2 })]);
  });
  it("fixes an amount typed as text with thousands separators", () => {
    const r = check(customersSheet([customer()]), block("回款记录", headers, [pay({ 金额: "1,000", 付款金额: "1000" })]));
    expect(r.findings.filter((f) => f.code === "type").map((f) => f.fix)).toEqual([1000, 1000]);
  });
});

describe("immutable-id", () => {
  it("reports each id change the tracker saw, with the old id as the fix", () => {
    const r = validateWorkbook([customersSheet([customer({ 客户编号: "C20240115009" })])], { asOf: AS_OF, knownIdChanges: [{ sheetRow: 2, before: "C20240115001", after: "C20240115009" }] });
    expect(codes(r.findings, "immutable-id")[0]).toMatchObject({ row: 2, column: "客户编号", columnNumber: 1, severity: "error", fix: "C20240115001" });
  });
});

describe("blank-row", () => {
  it("warns on blank rows inside the data, not on trailing ones", () => {
    const b = customersSheet([customer(), {}, customer({ 客户编号: "C20240115002", 客户名称: "乙公司" }), {}, {}]);
    const r = check(b);
    expect(codes(r.findings, "blank-row").map((f) => f.row)).toEqual([3]);
    expect(r.stats.rows).toBe(2);
  });
});

describe("bad input never crashes", () => {
  it("reports error values, control characters, long text, formula injection and numbers where text is expected", () => {
    const long = "很".repeat(300);
    const r = check(customersSheet([customer({ 联系人: "#N/A", 客户名称: "华信\u0007科技有限公司", 电子邮箱: "=HYPERLINK(\"x\")", 统一社会信用代码: null, 所属行业: long, 客户类型: 42 })]));
    expect(codes(r.findings, "error-value")[0]).toMatchObject({ column: "联系人", severity: "error" });
    expect(codes(r.findings, "control-char")[0]).toMatchObject({ column: "客户名称", fix: "华信科技有限公司" });
    expect(codes(r.findings, "formula-injection")[0]).toMatchObject({ column: "电子邮箱", severity: "warning" });
    expect(codes(r.findings, "too-long")[0]).toMatchObject({ column: "所属行业" });
    expect(r.findings.find((f) => f.column === "客户类型")).toMatchObject({ code: "enum", value: 42 });
  });
  it("does not take a phone's leading + for formula injection", () => {
    expect(codes(customerFindings({ 联系方式: "+44 20 7946 0958" }), "formula-injection")).toEqual([]);
  });
  it("handles an empty workbook and a sheet with no header", () => {
    expect(codes(validateWorkbook([], { asOf: AS_OF }).findings, "missing-table")).toHaveLength(1);
    const r = validateWorkbook([{ sheet: "客户信息", firstRow: 1, firstColumn: 1, values: [["x", 1], [null, true]] }], { asOf: AS_OF });
    expect(codes(r.findings, "no-header")[0]).toMatchObject({ sheet: "客户信息", table: "Customers" });
  });
  it("handles ragged rows (merged cells leave holes)", () => {
    const b = customersSheet([customer()]);
    b.values.push(["C20240115002"]);
    const r = check(b);
    expect(r.findings.filter((f) => f.row === 3 && f.code === "required").map((f) => f.column)).toEqual(["客户名称", "联系人", "联系方式", "地址(省市区)", "开户日期"]);
  });
});

describe("columnNumber and customerId on findings", () => {
  it("carries the sheet column of the cell and the row's customer id", () => {
    const b = customersSheet([customer({ 联系方式: "1395678" })]);
    b.firstColumn = 3;
    b.firstRow = 5;
    const f = codes(check(b).findings, "phone")[0];
    expect(f).toMatchObject({ row: 6, columnNumber: 7, customerId: "C20240115001" });
    expect(f.message["zh-CN"]).toContain("G6");
    expect(f.message["en-US"]).toContain('column "联系方式"');
  });
});

describe("future-date on payments", () => {
  it("is only a warning for 付款日期 after the as-of day", () => {
    const headers = ["客户编号", "单据号", "开票日期", "到期日", "金额", "付款日期", "付款金额"];
    const r = check(customersSheet([customer()]), block("回款记录", headers, [{ 客户编号: "C20240115001", 单据号: "INV1", 开票日期: "2026-09-01", 到期日: "2026-10-01", 金额: 1000, 付款日期: "2026-10-02", 付款金额: 1000 }]));
    expect(codes(r.findings, "future-date").map((f) => [f.column, f.severity])).toEqual([["付款日期", "warning"]]);
  });
});

describe("progress and rows per table", () => {
  it("reports each checked table's rows as it goes, ending at its total, and counts non-blank rows per table", () => {
    const rows = Array.from({ length: 4500 }, (_v, i) => customer({ 客户编号: `C20240315${String((i % 999) + 1).padStart(3, "0")}` }));
    const seen: Array<[string, number, number]> = [];
    const report = validateWorkbook([customersSheet(rows)], { asOf: AS_OF, onProgress: (p) => seen.push([p.table, p.done, p.total]) });
    expect(seen).toEqual([["Customers", 0, 4500], ["Customers", 2000, 4500], ["Customers", 4000, 4500], ["Customers", 4500, 4500]]);
    expect(report.rowsByTable).toEqual({ Customers: 4500 });
    expect(report.stats.rows).toBe(4500);
  });

  it("progress never changes the result", () => {
    const rows = [customer({ 开户日期: "2024/3/5" }), customer({ 联系方式: "1395678" })];
    const quiet = validateWorkbook([customersSheet(rows)], { asOf: AS_OF });
    const told = validateWorkbook([customersSheet(rows)], { asOf: AS_OF, onProgress: () => undefined });
    expect(told).toEqual(quiet);
  });
});
