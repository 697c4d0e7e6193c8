/** The 信用政策 table's keys (issue 17): a typo or a repeated key is an error that names it, never ignored. */
import { CreditPolicyError, OTHER_POLICY_KEYS, nearPolicyKey, readCreditPolicy } from "../../../src/core/credit/policy";
import { AUDIT_RATE_SETTING } from "../../../src/core/audit";
import { RETENTION_SETTING } from "../../../src/core/records/retention";
import { normalizeHeader } from "../../../src/core/template/tables";

function error(rows: (string | number | null)[][]): CreditPolicyError {
  try {
    readCreditPolicy(rows);
  } catch (e) {
    if (e instanceof CreditPolicyError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("信用政策 keys", () => {
  it("an unknown key is an error naming it, the known keys and the near match: A级系数 → A类系数", () => {
    const e = error([["参数", "值"], ["A级系数", 1.2]]);
    expect(e.key).toBe("A级系数");
    expect(e.message).toMatch(/没有参数「A级系数」，您是不是要写「A类系数」/);
    expect(e.message).toMatch(/no setting 'A级系数' \(did you mean 'A类系数'\?\); known keys: 宽限天数, 评估月数, .*A类系数.*抽查比例, 档案保存年限/);
    expect(error([["完全无关的键", 1]]).message).not.toMatch(/did you mean/);
    expect(nearPolicyKey("宽限天")).toBe("宽限天数");
    expect(nearPolicyKey("graceDay")).toBe("宽限天数");
  });

  it("a key given twice (even by an alias) is an error naming both rows; the last one does not silently win", () => {
    const e = error([["A类系数", 1], ["A类系数", 0.8]]);
    expect(e.message).toMatch(/「A类系数」出现了两次/);
    expect(e.message).toMatch(/given twice \('A类系数' = '1' and 'A类系数' = '0.8'\)/);
    expect(error([["宽限天数", 3], ["graceDays", 5]]).message).toMatch(/'宽限天数' = '3' and 'graceDays' = '5'/);
  });

  it("the header row, blank rows and the keys other features read (抽查比例, 档案保存年限) are accepted", () => {
    expect(readCreditPolicy([["参数", "值"], [null, null], ["抽查比例", "15%"], ["档案保存年限", 10], ["A类系数", 0.9]]).coefficientA).toBe(0.9);
    expect(OTHER_POLICY_KEYS).toEqual(new Set([AUDIT_RATE_SETTING, RETENTION_SETTING].map(normalizeHeader)));
  });

  it("起始额度 1e300 is beyond a sane bound (not 'expected an amount ≥ 0')", () => {
    const e = error([["起始额度", 1e300]]);
    expect(e.message).toMatch(/起始额度 \(startingLimit\) = '1e\+300' is beyond a sane bound: at most 10,000,000,000,000/);
    expect(e.message).toMatch(/超出合理范围/);
    expect(error([["起始额度", -5]]).message).toMatch(/expected an amount ≥ 0/);
  });
});
