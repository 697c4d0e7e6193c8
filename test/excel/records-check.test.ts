/** The pane's Check with the SPEC §10 registers: Staff and Loans are read and checked, and a hand-edited ChangeLog is log-tampered — still in 3 round trips. */
import { FakeExcel } from "../support/fake-excel";
import { checkWorkbook, type ExcelRun } from "../../src/excel/check";
import { chainRows, webCryptoSha256 } from "../../src/core/records/chain";
import type { Cell } from "../../src/core/table";
import { AS_OF, HEADERS, customer } from "./pane-fixtures";

const asRun = (x: FakeExcel) => x.run as unknown as ExcelRun;
const LOG_HEADERS = ["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人", "校验"];

async function log(n: number): Promise<Cell[][]> {
  const rows: Cell[][] = Array.from({ length: n }, (_, i) => [`2026-11-0${i + 1} 10:00:00`, "Customers", "C20240315001", "联系方式", `1380000000${i}`, `1390000000${i}`, "修正", "李会计"]);
  const checks = await chainRows(null, rows, webCryptoSha256);
  return [LOG_HEADERS, ...rows.map((r, i) => [...r, checks[i]])];
}

describe("checkWorkbook and the registers of SPEC §10", () => {
  it("reports owner-left, overdue-loan and log-tampered at their cells, in 3 syncs", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", [[...HEADERS, "负责人"], [...customer(1), "张伟"]], { tableName: "Customers" });
    x.addSheetWithRows("人员", [["姓名", "部门", "状态"], ["张伟", "销售部", "离职"]], { tableName: "Staff" });
    x.addSheetWithRows("借阅登记", [["登记日期", "客户编号", "资料类型", "借阅人", "用途", "方式", "批准人", "应还日期", "归还日期", "完整性确认"], ["2026-11-01", "C20240315001", "合同", "张伟", "核对", "原件", "", "", "", ""]], { tableName: "Loans" });
    const rows = await log(4);
    rows[2][5] = "13999999999";
    x.addSheetWithRows("变更记录", rows, { tableName: "ChangeLog" });
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF });
    const at = (code: string) => result.findings.filter((f) => f.code === code).map((f) => `${f.sheet}!${f.address}`);
    expect(at("owner-left")).toEqual(["客户信息!M2", "借阅登记!D2"]);
    expect(at("overdue-loan")).toEqual(["借阅登记!I2"]);
    expect(at("log-tampered")).toEqual(["变更记录!I3"]);
    expect(x.syncCount).toBe(3);
  });

  it("an intact ChangeLog adds no finding", async () => {
    const x = new FakeExcel();
    x.addSheetWithRows("客户信息", [HEADERS, customer(1)], { tableName: "Customers" });
    x.addSheetWithRows("变更记录", await log(5), { tableName: "ChangeLog" });
    const result = await checkWorkbook(asRun(x), { asOf: AS_OF });
    expect(result.findings).toEqual([]);
  });
});
