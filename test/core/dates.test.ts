/** The one reader of a cell as a calendar day (core/dates): every decision about blanks, times, errors, text forms and 0, once. */
import fc from "fast-check";
import { BLANK_DAY, cellDay, dayNumber, dayOfCell, dayToExcelSerial, formatDay, parseIsoDate, readDay, serialDay, type DayReading } from "../../src/core/dates";
import type { Cell } from "../../src/core/table";

/** readDay's verdict with the day as YYYY-MM-DD text, for readable tables of cases. */
function verdict(value: Cell | undefined): string {
  const r: DayReading = readDay(value);
  if (r.kind === "day") return `${r.form} ${formatDay(r.day)}`;
  if (r.kind === "not-a-day") return `not-a-day (${r.cause})`;
  return r.kind;
}

describe("readDay: the decisions", () => {
  it.each([null, undefined, "", "   ", "\u3000", " \t "])("blank: %j (no date given; whether allowed is the caller's rule)", (v) => {
    expect(verdict(v)).toBe("blank");
  });

  it.each([
    [45356, "serial 2024-03-05"],
    [45356.75, "serial 2024-03-05"], // a datetime serial: the time of day is dropped, the day kept
    [61, "serial 1900-03-01"],
    [2958465.99, "serial 9999-12-31"],
  ] as [number, string][])("a number is an Excel serial: %p → %s", (v, expected) => expect(verdict(v)).toBe(expected));

  it.each([0, 60, 1, -1, 2958466, Number.NaN, Number.POSITIVE_INFINITY])("a number outside 1900-03-01 … 9999-12-31 is no day, 0 included: %p", (v) => {
    expect(verdict(v)).toBe("not-a-day (number)");
  });

  it.each([
    ["2024-03-05", "iso 2024-03-05"],
    [" 2024-03-05 ", "text 2024-03-05"],
    ["2024/3/5", "text 2024-03-05"],
    ["2024-3-5", "text 2024-03-05"],
    ["2024.3.5", "text 2024-03-05"],
    ["2024年3月5日", "text 2024-03-05"],
    ["2024 年 3 月 5 日", "text 2024-03-05"],
    ["20240305", "text 2024-03-05"],
    ["２０２４/３/５", "text 2024-03-05"],
    ["2024-03-05 00:00", "text 2024-03-05"],
    ["2024-03-05 00:00:00", "text 2024-03-05"],
  ])("a day written as text: %j → %s", (v, expected) => expect(verdict(v)).toBe(expected));

  it.each([
    ["2024-03-05 14:30", "datetime 2024-03-05"],
    ["2024-03-05 14:30:15", "datetime 2024-03-05"],
    ["2024-03-05T14:30:00", "datetime 2024-03-05"],
    ["2024-03-05T23:30:00.000Z", "datetime 2024-03-05"], // the day as written: a zone mark does not move it
    ["2026-09-30 12:00:00 UTC", "datetime 2026-09-30"],
    ["2024-03-05 14:30+08:00", "datetime 2024-03-05"],
    ["2024/3/5 9:05", "datetime 2024-03-05"],
    ["2024年3月5日 9:05", "datetime 2024-03-05"],
  ])("a date with a time of day (custfile's own 时间 text): %j → %s", (v, expected) => expect(verdict(v)).toBe(expected));

  it.each(["2022-22-22", "2024/2/30", "2023-02-29", "2024年13月1日", "20241301"])("a date spelling that is no real day is impossible, never rolled over: %j", (v) => {
    expect(verdict(v)).toBe("impossible");
  });

  it.each(["2024-03-05 25:00", "2024-03-05 14:60", "45356", "n/a", "昨天", "2024-03", "C20240305001"])("other text is no day: %j", (v) => {
    expect(verdict(v)).toBe("not-a-day (text)");
  });

  it.each(["#N/A", "#VALUE!", "#DIV/0!", "#REF!"])("an error value is no day: %s", (v) => expect(verdict(v)).toBe("not-a-day (error)"));

  it.each([true, false])("a boolean is no day: %p", (v) => expect(verdict(v)).toBe("not-a-day (boolean)"));
});

/** Cells of every kind readDay distinguishes, plus random text. */
const anyCell: fc.Arbitrary<Cell | undefined> = fc.oneof(
  fc.constant(null), fc.constant(undefined), fc.boolean(),
  fc.double({ noNaN: false }), fc.integer({ min: -10, max: 3_000_000 }), fc.double({ min: 0, max: 3_000_000 }),
  fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 32 }), fc.constantFrom("-", "/", ".", "年"), fc.constantFrom("", " 00:00", " 14:30", "T09:05:00Z", " 25:00"))
    .map(([y, m, d, sep, time]) => `${String(y).padStart(4, "0")}${sep}${m}${sep === "年" ? "月" : sep}${d}${sep === "年" ? "日" : ""}${time}`),
  fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
  fc.string(), fc.constantFrom("", " ", "#N/A", "\u3000"),
);

describe("dayOfCell and cellDay give readDay's verdict", () => {
  it("dayOfCell: the day, BLANK_DAY for blank, NaN for impossible or not-a-day (fast paths included)", () => {
    fc.assert(fc.property(anyCell, (v) => {
      const r = readDay(v);
      const d = dayOfCell(v);
      if (r.kind === "day") expect(d).toBe(r.day);
      else if (r.kind === "blank") expect(d).toBe(BLANK_DAY);
      else expect(d).toBeNaN();
    }), { numRuns: 2000 });
  });
  it("cellDay: the day, or null for blank and no day", () => {
    fc.assert(fc.property(anyCell, (v) => {
      const r = readDay(v);
      expect(cellDay(v)).toBe(r.kind === "day" ? r.day : null);
    }), { numRuns: 2000 });
  });
});

describe("day numbers", () => {
  it("dayNumber agrees with the calendar of Date.UTC and rejects days that do not exist", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
      const date = new Date(0);
      date.setUTCFullYear(y, m - 1, d);
      const real = m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1;
      expect(dayNumber(y, m, d)).toBe(real ? date.getTime() / 86400000 : null);
      const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      expect(parseIsoDate(iso)).toBe(real ? dayNumber(y, m, d) : null);
    }));
  });
  it("serialDay inverts dayToExcelSerial for every day from 1900-03-01 to 9999-12-31", () => {
    const first = parseIsoDate("1900-03-01")!;
    const last = parseIsoDate("9999-12-31")!;
    fc.assert(fc.property(fc.integer({ min: first, max: last }), fc.double({ min: 0, max: 0.999, noNaN: true }), (day, time) => {
      expect(serialDay(dayToExcelSerial(day) + time)).toBe(day);
    }));
    expect(serialDay(dayToExcelSerial(first) - 1)).toBeNull();
    expect(serialDay(dayToExcelSerial(last) + 1)).toBeNull();
  });
});
