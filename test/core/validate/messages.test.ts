import { locate, withoutCellPlace } from "../../../src/core/validate/messages";

describe("withoutCellPlace", () => {
  const body = { zh: "电话号码格式不对。", en: "Bad phone number." };
  it("takes off exactly the place locate put in front of a cell's message", () => {
    const m = locate("客户信息", 4, 5, "联系电话", body);
    expect(withoutCellPlace(m["zh-CN"], "客户信息", "E4", "zh-CN")).toBe(body.zh);
    expect(withoutCellPlace(m["en-US"], "客户信息", "E4", "en-US")).toBe(body.en);
  });
  it("leaves other text as it is", () => {
    const row = locate("客户信息", 4, 0, "联系电话", body);
    expect(withoutCellPlace(row["en-US"], "客户信息", "E4", "en-US")).toBe(row["en-US"]);
    expect(withoutCellPlace("free text", "客户信息", "E4", "zh-CN")).toBe("free text");
  });
});
