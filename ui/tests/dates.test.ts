import { describe, expect, it } from "vitest";

import { formatDateTimeToSecond, formatLongDate, parseDateParts, splitIsoDate, todayParts } from "../src/lib/dates";

const LABEL = "Date of assessment";
const required = { required: true };
const optional = { required: false };

describe("parseDateParts", () => {
  it("turns three boxes into YYYY-MM-DD, padding day and month", () => {
    expect(parseDateParts({ day: "5", month: "3", year: "2026" }, LABEL, required)).toEqual({
      ok: true,
      value: "2026-03-05",
    });
    expect(parseDateParts({ day: " 20 ", month: "11", year: "2026" }, LABEL, required)).toEqual({
      ok: true,
      value: "2026-11-20",
    });
  });

  it("asks for the date when all boxes are blank and it is required", () => {
    expect(parseDateParts({ day: "", month: " ", year: "" }, LABEL, required)).toEqual({
      ok: false,
      message: "Enter the date of assessment",
      parts: ["day", "month", "year"],
    });
  });

  it("accepts an all-blank optional date as no date", () => {
    expect(parseDateParts({ day: "", month: "", year: "" }, "Date for completion", optional)).toEqual({
      ok: true,
      value: "",
    });
  });

  it("says which parts are missing", () => {
    expect(parseDateParts({ day: "1", month: "", year: "2026" }, LABEL, required)).toEqual({
      ok: false,
      message: "Date of assessment must include a month",
      parts: ["month"],
    });
    expect(parseDateParts({ day: "", month: "4", year: "" }, LABEL, optional)).toEqual({
      ok: false,
      message: "Date of assessment must include a day and year",
      parts: ["day", "year"],
    });
  });

  it("rejects dates that do not exist", () => {
    for (const parts of [
      { day: "31", month: "4", year: "2026" },
      { day: "29", month: "2", year: "2026" },
      { day: "0", month: "1", year: "2026" },
      { day: "1", month: "13", year: "2026" },
      { day: "1x", month: "1", year: "2026" },
      { day: "001", month: "1", year: "2026" },
    ]) {
      const result = parseDateParts(parts, LABEL, required);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toBe("Date of assessment must be a real date");
      }
    }
    expect(parseDateParts({ day: "29", month: "2", year: "2028" }, LABEL, required)).toEqual({
      ok: true,
      value: "2028-02-29",
    });
  });

  it("points at the box at fault", () => {
    expect(parseDateParts({ day: "31", month: "4", year: "2026" }, LABEL, required)).toMatchObject({
      parts: ["day"],
    });
    expect(parseDateParts({ day: "3", month: "14", year: "2026" }, LABEL, required)).toMatchObject({
      parts: ["month"],
    });
  });

  it("needs a four-digit year", () => {
    expect(parseDateParts({ day: "1", month: "1", year: "26" }, LABEL, required)).toEqual({
      ok: false,
      message: "Year must include 4 numbers",
      parts: ["year"],
    });
  });
});

describe("date helpers", () => {
  it("splits a stored date into what the boxes show", () => {
    expect(splitIsoDate("2027-03-09")).toEqual({ day: "9", month: "3", year: "2027" });
    expect(splitIsoDate(null)).toEqual({ day: "", month: "", year: "" });
  });

  it("fills today's date", () => {
    expect(todayParts(new Date(2026, 10, 20))).toEqual({ day: "20", month: "11", year: "2026" });
  });

  it("formats dates for reading", () => {
    expect(formatLongDate("2026-11-20")).toBe("20 November 2026");
    expect(formatLongDate("2027-01-05")).toBe("5 January 2027");
    expect(formatLongDate("not a date")).toBe("not a date");
  });
});

describe("formatDateTimeToSecond", () => {
  it("gives the local time to the second, for backups taken moments apart", () => {
    const local = new Date(2026, 11, 3, 21, 15, 42);
    expect(formatDateTimeToSecond(local.toISOString())).toBe("3 December 2026 at 9:15:42pm");
    const morning = new Date(2026, 0, 5, 0, 4, 7);
    expect(formatDateTimeToSecond(morning.toISOString())).toBe("5 January 2026 at 12:04:07am");
    expect(formatDateTimeToSecond("not a time")).toBe("not a time");
  });
});
