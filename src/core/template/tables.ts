/**
 * The workbook template of SPEC §2 as data: every table, its sheet, its Excel table name
 * and its columns with the Chinese header, the English and other aliases accepted when
 * reading, and the kind of value. This is the one place Chinese header text lives; every
 * other module refers to columns by `key`.
 */

/** What kind of value a column holds (the validators in core/validate give each kind its rules). */
export type ColumnKind =
  | "customerId" | "text" | "name" | "enum" | "phone" | "email" | "address" | "date" | "datetime"
  | "uscc" | "money" | "integer" | "decimal" | "postcode" | "attachment";

/** One column of a template table. */
export interface ColumnDef {
  /** Stable key used in code, e.g. "customerId". */
  key: string;
  /** Header as the template writes it. */
  header: string;
  /** Other header texts accepted when reading a user's sheet (compared after normalising case, spaces, full-width forms). */
  aliases: readonly string[];
  kind: ColumnKind;
  required: boolean;
  /** For enum columns: the name of the list in the Lists table that holds the allowed values. */
  list?: string;
  /** Whether the column is part of the template a new workbook gets (optional columns of seeds 000–002 are not). */
  inTemplate: boolean;
  /** Column width in characters for the template. */
  width: number;
}

/** The tables of the template. */
export type TableKey = "Customers" | "Interactions" | "Archive" | "Payments" | "Lists" | "ChangeLog" | "Audits" | "CreditPolicy" | "CreditHistory" | "Staff" | "Loans" | "Handovers";

/** One table of the template. */
export interface TableDef {
  key: TableKey;
  /** Excel table (ListObject) name. */
  tableName: TableKey;
  /** Sheet name the template gives it. */
  sheet: string;
  /** Other sheet names accepted when looking for it. */
  sheetAliases: readonly string[];
  /** Chinese title of the table (seed wording). */
  title: string;
  columns: readonly ColumnDef[];
  /** Written by custfile only (ChangeLog, Audits). */
  addinOwned: boolean;
}

function col(key: string, header: string, aliases: string[], kind: ColumnKind, opts: Partial<Pick<ColumnDef, "required" | "list" | "inTemplate" | "width">> = {}): ColumnDef {
  return { key, header, aliases, kind, required: opts.required ?? false, list: opts.list, inTemplate: opts.inTemplate ?? true, width: opts.width ?? 14 };
}

export const CUSTOMERS: TableDef = {
  key: "Customers", tableName: "Customers", sheet: "客户信息", sheetAliases: ["Customers", "客户基础信息表", "客户基础信息"], title: "客户基础信息表", addinOwned: false,
  columns: [
    col("customerId", "客户编号", ["Customer ID", "编号", "CustomerID", "客户代码"], "customerId", { required: true, width: 15 }),
    col("name", "客户名称", ["Customer Name", "公司名称", "Name", "客户全称"], "name", { required: true, width: 28 }),
    col("type", "客户类型", ["Type", "Customer Type"], "enum", { list: "客户类型", width: 10 }),
    col("contact", "联系人", ["Contact", "Contact Person", "联系人姓名"], "text", { required: true, width: 10 }),
    // SPEC §10.3: important customers have a second contact person (seed 001).
    col("contact2", "联系人2", ["Contact 2", "Second Contact", "第二联系人", "备用联系人"], "text", { inTemplate: false, width: 10 }),
    col("phone", "联系方式", ["Phone", "电话", "联系电话", "Telephone", "手机"], "phone", { required: true, width: 16 }),
    col("email", "电子邮箱", ["Email", "E-mail", "邮箱"], "email", { width: 24 }),
    col("industry", "所属行业", ["Industry", "行业"], "enum", { list: "所属行业", width: 16 }),
    col("grade", "客户等级", ["Grade", "Customer Grade", "等级"], "enum", { list: "客户等级", width: 10 }),
    col("address", "地址(省市区)", ["Address", "地址", "地址（省市区）", "详细地址"], "address", { required: true, width: 32 }),
    col("opened", "开户日期", ["Opened", "Open Date", "Opening Date"], "date", { required: true, width: 12 }),
    col("uscc", "统一社会信用代码", ["USCC", "Credit Code", "Unified Social Credit Code"], "uscc", { width: 22 }),
    col("legalRep", "法定代表人", ["Legal Representative", "法人代表", "法人"], "text", { inTemplate: false, width: 10 }),
    col("registeredCapital", "注册资本", ["Registered Capital"], "money", { inTemplate: false, width: 12 }),
    col("postcode", "邮政编码", ["Postcode", "Postal Code", "Zip", "邮编"], "postcode", { inTemplate: false, width: 10 }),
    col("owner", "负责人", ["Owner", "Account Owner", "客户负责人"], "text", { width: 10 }),
    col("creditLimit", "信用额度", ["Credit Limit"], "money", { width: 12 }),
    col("status", "合作状态", ["Status", "Cooperation Status"], "enum", { list: "合作状态", width: 10 }),
    col("stoppedOn", "停止合作日期", ["Stopped", "Stop Date"], "date", { width: 12 }),
    col("verifiedOn", "最近核实日期", ["Last Verified", "Verified", "核实日期"], "date", { width: 12 }),
    // SPEC §10.3: a customer marked 重要 needs two contacts like an A类 one.
    col("important", "重要客户", ["Important", "Key Account", "VIP"], "text", { inTemplate: false, width: 9 }),
  ],
};

export const INTERACTIONS: TableDef = {
  key: "Interactions", tableName: "Interactions", sheet: "客户动态", sheetAliases: ["Interactions", "客户动态信息记录表", "客户动态信息"], title: "客户动态信息记录表", addinOwned: false,
  columns: [
    col("customerId", "客户编号", ["Customer ID", "编号"], "customerId", { required: true, width: 15 }),
    col("date", "记录日期", ["Date", "Record Date"], "date", { required: true, width: 12 }),
    col("kind", "交互类型", ["Type", "Interaction Type", "交互类型(拜访/沟通/需求变更)", "交互类型（拜访/沟通/需求变更）"], "enum", { required: true, list: "交互类型", width: 10 }),
    col("participants", "参与人员", ["Participants", "参与人"], "text", { required: true, width: 14 }),
    col("summary", "内容概述", ["Summary", "内容"], "text", { required: true, width: 30 }),
    col("followUp", "结果跟进", ["Follow-up", "Follow Up", "跟进"], "text", { width: 20 }),
    col("attachment", "附件名称", ["Attachment", "附件"], "attachment", { width: 32 }),
  ],
};

export const ARCHIVE: TableDef = {
  key: "Archive", tableName: "Archive", sheet: "归档记录", sheetAliases: ["Archive", "客户资料归档记录表", "资料归档"], title: "客户资料归档记录表", addinOwned: false,
  columns: [
    col("archiveId", "归档编号", ["Archive ID", "Archive No"], "text", { required: true, width: 14 }),
    col("customerId", "客户编号", ["Customer ID", "编号"], "customerId", { required: true, width: 15 }),
    col("date", "归档日期", ["Date", "Archive Date"], "date", { required: true, width: 12 }),
    col("docType", "资料类型", ["Document Type", "资料类型(合同/资质/记录)", "资料类型（合同/资质/记录）"], "enum", { required: true, list: "资料类型", width: 10 }),
    col("copies", "归档份数", ["Copies"], "integer", { required: true, width: 9 }),
    col("storage", "存储位置", ["Storage", "存储位置(电子/纸质)", "存储位置（电子/纸质）"], "enum", { required: true, list: "存储位置", width: 11 }),
    col("handler", "经办人", ["Handled By", "Handler"], "text", { required: true, width: 10 }),
    col("reviewer", "审核人", ["Reviewed By", "Reviewer"], "text", { required: true, width: 10 }),
  ],
};

export const PAYMENTS: TableDef = {
  key: "Payments", tableName: "Payments", sheet: "回款记录", sheetAliases: ["Payments", "回款", "收款记录"], title: "回款记录", addinOwned: false,
  columns: [
    col("customerId", "客户编号", ["Customer ID", "编号"], "customerId", { required: true, width: 15 }),
    col("invoiceNo", "单据号", ["Invoice No", "Invoice", "Invoice Number", "发票号", "单号"], "text", { required: true, width: 14 }),
    col("invoiceDate", "开票日期", ["Invoice Date", "开票日"], "date", { required: true, width: 12 }),
    col("dueDate", "到期日", ["Due Date", "到期日期"], "date", { width: 12 }),
    col("terms", "账期天数", ["Terms", "Terms (days)", "账期"], "integer", { width: 9 }),
    col("amount", "金额", ["Amount", "Invoice Amount", "开票金额"], "money", { required: true, width: 12 }),
    col("paidOn", "付款日期", ["Paid On", "Payment Date", "回款日期"], "date", { width: 12 }),
    col("paidAmount", "付款金额", ["Paid Amount", "Payment Amount", "回款金额"], "money", { width: 12 }),
    // Optional: what was sold, for the product composition of SPEC §9 (seed 002 商品构成分析).
    col("product", "商品", ["产品", "Product", "商品名称", "产品名称", "品名"], "text", { inTemplate: false, width: 14 }),
  ],
};

export const LISTS: TableDef = {
  key: "Lists", tableName: "Lists", sheet: "下拉选项", sheetAliases: ["Lists"], title: "下拉选项", addinOwned: false,
  // One column per list; the header is the list's name (see core/template/lists.ts).
  columns: [],
};

export const CHANGELOG: TableDef = {
  key: "ChangeLog", tableName: "ChangeLog", sheet: "变更记录", sheetAliases: ["ChangeLog"], title: "变更记录", addinOwned: true,
  columns: [
    // A real Excel date-time (sortable, filterable); workbooks written before issue 10 hold it as text, which readers accept too.
    col("time", "时间", ["Time"], "datetime", { required: true, width: 20 }),
    col("table", "表", ["Table"], "text", { required: true, width: 12 }),
    col("customerId", "客户编号", ["Customer ID"], "text", { width: 15 }),
    col("field", "字段", ["Field"], "text", { required: true, width: 14 }),
    col("before", "变更前", ["Before", "Old Value"], "text", { width: 24 }),
    col("after", "变更后", ["After", "New Value"], "text", { width: 24 }),
    col("reason", "原因", ["Reason"], "text", { width: 10 }),
    col("user", "操作人", ["User", "Operator"], "text", { width: 12 }),
    // SPEC §10.5c: SHA-256 chain over the row and the previous 校验 (core/records/chain.ts); custfile writes it.
    col("check", "校验", ["Check", "Checksum", "Hash"], "text", { width: 20 }),
  ],
};

export const AUDITS: TableDef = {
  key: "Audits", tableName: "Audits", sheet: "抽查记录", sheetAliases: ["Audits"], title: "抽查记录", addinOwned: true,
  columns: [
    col("quarter", "季度", ["Quarter"], "text", { required: true, width: 9 }),
    col("drawnAt", "抽取时间", ["Drawn At"], "datetime", { width: 20 }),
    col("customerId", "客户编号", ["Customer ID"], "text", { required: true, width: 15 }),
    col("stratum", "层", ["Stratum"], "text", { width: 8 }),
    col("reason", "抽取原因", ["Reason"], "text", { width: 24 }),
    col("seed", "种子", ["Seed"], "text", { width: 34 }),
    col("algorithm", "算法", ["Algorithm"], "text", { width: 22 }),
    col("population", "总体数", ["Population", "N"], "integer", { width: 8 }),
    col("fingerprint", "总体指纹", ["Fingerprint"], "text", { width: 20 }),
    col("rate", "抽查比例", ["Rate"], "text", { width: 8 }),
    col("strata", "分层规模", ["Strata"], "text", { width: 24 }),
    col("draw", "抽取序号", ["Draw"], "integer", { width: 8 }),
  ],
};

export const CREDIT_POLICY: TableDef = {
  key: "CreditPolicy", tableName: "CreditPolicy", sheet: "信用政策", sheetAliases: ["CreditPolicy", "Credit Policy"], title: "信用政策", addinOwned: false,
  columns: [
    col("key", "参数", ["Key", "Setting", "项目"], "text", { required: true, width: 22 }),
    col("value", "值", ["Value", "数值"], "text", { required: true, width: 12 }),
  ],
};

/**
 * The monthly credit status (SPEC §8.3): one row per customer per month, measured as of the
 * month's last day. Written by custfile only, like ChangeLog. 长期逾期金额 (open amount more than
 * the policy's 长期逾期天数, default 60, past due) is custfile's addition to the SPEC's columns:
 * the "first time anything > 60 days past due" rule needs it from earlier months.
 */
export const CREDIT_HISTORY: TableDef = {
  key: "CreditHistory", tableName: "CreditHistory", sheet: "信用月报", sheetAliases: ["CreditHistory", "Credit History", "信用状况月报"], title: "信用月报", addinOwned: true,
  columns: [
    col("month", "月份", ["Month"], "text", { required: true, width: 9 }),
    col("customerId", "客户编号", ["Customer ID"], "text", { required: true, width: 15 }),
    col("score", "评分", ["Score", "回款评分"], "integer", { width: 6 }),
    col("grade", "等级", ["Grade", "信用等级"], "text", { width: 6 }),
    col("dbt", "DBT", ["逾期天数", "逾期天数(DBT)", "Days Beyond Terms"], "decimal", { width: 7 }),
    col("openAmount", "未收金额", ["Open Amount", "Open Balance"], "money", { width: 13 }),
    col("overdueAmount", "逾期金额", ["Overdue Amount", "Past Due"], "money", { width: 13 }),
    col("creditLimit", "信用额度", ["Credit Limit"], "money", { width: 13 }),
    col("suggestedLimit", "建议额度", ["Suggested Limit"], "money", { width: 13 }),
    col("longOverdueAmount", "长期逾期金额", ["Long Overdue Amount"], "money", { width: 13 }),
  ],
};

/** SPEC §10.2: the staff list (optional); 负责人, 经办人, 审核人 and the Loans people are checked against it. */
export const STAFF: TableDef = {
  key: "Staff", tableName: "Staff", sheet: "人员", sheetAliases: ["Staff", "人员名单", "员工名单", "员工"], title: "人员", addinOwned: false,
  columns: [
    col("name", "姓名", ["Name", "Staff Name", "员工姓名"], "text", { required: true, width: 10 }),
    col("department", "部门", ["Department", "Dept", "所属部门"], "text", { width: 14 }),
    col("status", "状态", ["Status", "在职状态", "Employment Status"], "enum", { list: "人员状态", width: 8 }),
    // Not in SPEC §10.2: with it, a record made by someone after they left can be told from one made before.
    col("leftOn", "离职日期", ["Left On", "Leaving Date", "离职时间"], "date", { width: 12 }),
  ],
};

/** SPEC §10.4: the borrowing register (seed 002: originals lent inside the company the same day, copies only with approval). */
export const LOANS: TableDef = {
  key: "Loans", tableName: "Loans", sheet: "借阅登记", sheetAliases: ["Loans", "借阅记录", "档案借阅登记", "借阅登记表"], title: "借阅登记", addinOwned: false,
  columns: [
    col("date", "登记日期", ["Registered On", "Loan Date", "借阅日期"], "date", { required: true, width: 12 }),
    col("customerId", "客户编号", ["Customer ID", "编号"], "customerId", { required: true, width: 15 }),
    col("docType", "资料类型", ["Document Type"], "enum", { required: true, list: "资料类型", width: 10 }),
    col("borrower", "借阅人", ["Borrower", "Borrowed By"], "text", { required: true, width: 10 }),
    col("purpose", "用途", ["Purpose", "借阅用途"], "text", { width: 20 }),
    col("method", "方式", ["Method", "借阅方式", "Loan Type"], "enum", { required: true, list: "借阅方式", width: 9 }),
    col("approver", "批准人", ["Approved By", "Approver"], "text", { width: 10 }),
    col("dueOn", "应还日期", ["Due On", "Due Date", "应归还日期"], "date", { width: 12 }),
    col("returnedOn", "归还日期", ["Returned On", "Return Date", "实际归还日期"], "date", { width: 12 }),
    col("intactChecked", "完整性确认", ["Checked Intact", "Integrity Check", "完整性检查"], "text", { width: 12 }),
  ],
};

/** SPEC §10.1: one row per handover of customers from one 负责人 to another; written by custfile. */
export const HANDOVERS: TableDef = {
  key: "Handovers", tableName: "Handovers", sheet: "交接记录", sheetAliases: ["Handovers"], title: "交接记录", addinOwned: true,
  columns: [
    col("date", "交接日期", ["Handover Date", "Date"], "date", { required: true, width: 12 }),
    col("from", "移交人", ["From", "Handed Over By"], "text", { required: true, width: 10 }),
    col("to", "接收人", ["To", "Received By"], "text", { required: true, width: 10 }),
    col("supervisor", "监交人", ["Supervisor", "Witness"], "text", { width: 10 }),
    col("count", "客户数", ["Customers", "Count"], "integer", { width: 8 }),
    col("customerIds", "客户编号", ["Customer IDs"], "text", { width: 40 }),
    col("note", "备注", ["Note", "Remarks"], "text", { width: 24 }),
  ],
};

/** Every table of the template, in the order a new workbook gets its sheets. */
export const TABLES: readonly TableDef[] = [CUSTOMERS, INTERACTIONS, ARCHIVE, PAYMENTS, LISTS, CHANGELOG, AUDITS, CREDIT_POLICY, CREDIT_HISTORY, STAFF, LOANS, HANDOVERS];

/** The definition of a table by key. */
export function tableDef(key: TableKey): TableDef {
  return TABLES.find((t) => t.key === key)!;
}

/** A column's header text by table and column key (throws on a key that is not in the template: a programming error). */
export function header(table: TableDef, key: string): string {
  const c = table.columns.find((x) => x.key === key);
  if (!c) throw new Error(`template: no column '${key}' in ${table.key}`);
  return c.header;
}

/** Normalise header text for matching: full-width → half-width, （）→(), no spaces, lower case. */
export function normalizeHeader(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFKC")) {
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "*" || ch === "\u3000") continue;
    out += ch;
  }
  return out.toLowerCase();
}

/** True when `name` is the table's Excel table name (compared case-insensitively). */
export function isTableName(table: TableDef, name: string): boolean {
  return table.tableName.toLowerCase() === name.toLowerCase();
}

/** True when a sheet name is the table's sheet or one of its aliases (compared like headers). */
export function isTableSheet(table: TableDef, sheet: string): boolean {
  const n = normalizeHeader(sheet);
  return [table.sheet, ...table.sheetAliases].some((s) => normalizeHeader(s) === n);
}
