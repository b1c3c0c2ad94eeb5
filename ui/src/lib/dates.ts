// Dates as people type them (three boxes: day, month, year), as the app stores
// them (`YYYY-MM-DD`) and as people read them ("20 November 2026").

export type DatePart = "day" | "month" | "year";

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DateResult =
  | { ok: true; value: string }
  | { ok: false; message: string; parts: DatePart[] };

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function joinParts(parts: readonly DatePart[]): string {
  if (parts.length <= 1) {
    return parts.join("");
  }
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1] ?? ""}`;
}

/**
 * Reads a date typed into the three boxes of an NHS date input, checking it
 * the way the NHS design system asks: say what is missing, then whether it is
 * a real date. `label` starts the messages, e.g. "Date of assessment".
 * An all-blank date is an error when `required`, otherwise `""`.
 */
export function parseDateParts(
  input: DateParts,
  label: string,
  options: { required: boolean },
): DateResult {
  const parts: DateParts = {
    day: input.day.trim(),
    month: input.month.trim(),
    year: input.year.trim(),
  };
  const order: DatePart[] = ["day", "month", "year"];
  const missing = order.filter((part) => parts[part] === "");

  if (missing.length === 3) {
    if (options.required) {
      return { ok: false, message: `Enter the ${label.toLowerCase()}`, parts: ["day", "month", "year"] };
    }
    return { ok: true, value: "" };
  }
  if (missing.length > 0) {
    return { ok: false, message: `${label} must include a ${joinParts(missing)}`, parts: missing };
  }

  const notNumbers = order.filter((part) => !/^\d+$/.test(parts[part]));
  if (notNumbers.length > 0) {
    return { ok: false, message: `${label} must be a real date`, parts: notNumbers };
  }
  if (!/^\d{4}$/.test(parts.year)) {
    return { ok: false, message: "Year must include 4 numbers", parts: ["year"] };
  }

  const day = Number(parts.day);
  const month = Number(parts.month);
  const year = Number(parts.year);
  if (parts.day.length > 2 || parts.month.length > 2) {
    const wrong = order.filter((part) => part !== "year" && parts[part].length > 2);
    return { ok: false, message: `${label} must be a real date`, parts: wrong };
  }
  if (month < 1 || month > 12) {
    return { ok: false, message: `${label} must be a real date`, parts: ["month"] };
  }
  if (year < 1000 || day < 1 || day > daysInMonth(year, month)) {
    return {
      ok: false,
      message: `${label} must be a real date`,
      parts: year < 1000 ? ["year"] : ["day"],
    };
  }
  return { ok: true, value: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

/** Splits a stored `YYYY-MM-DD` into what the three boxes show ("5", "3", "2026"). */
export function splitIsoDate(iso: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!match) {
    return { day: "", month: "", year: "" };
  }
  const [, year = "", month = "", day = ""] = match;
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** Today's date, in local time, as the three boxes show it. */
export function todayParts(now: Date = new Date()): DateParts {
  return {
    day: String(now.getDate()),
    month: String(now.getMonth() + 1),
    year: String(now.getFullYear()),
  };
}

/** "2026-11-20" → "20 November 2026". Anything else is shown as it is. */
export function formatLongDate(iso: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!match) {
    return iso ?? "";
  }
  const [, year = "", month = "", day = ""] = match;
  const name = MONTHS[Number(month) - 1];
  if (name === undefined) {
    return iso ?? "";
  }
  return `${Number(day)} ${name} ${year}`;
}

/** A timestamp ("2026-11-20T14:05:00Z") in local time: "20 November 2026 at 2:05pm". */
export function formatDateTime(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) {
    return timestamp;
  }
  const hours = date.getHours();
  const minutes = pad(date.getMinutes(), 2);
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const suffix = hours < 12 ? "am" : "pm";
  const day = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
  return `${formatLongDate(day)} at ${hour12}:${minutes}${suffix}`;
}

/**
 * A timestamp in local time to the second: "20 November 2026 at 2:05:09pm".
 * For backups, which can be taken moments apart.
 */
export function formatDateTimeToSecond(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) {
    return timestamp;
  }
  const withMinutes = formatDateTime(timestamp);
  const seconds = pad(date.getSeconds(), 2);
  return withMinutes.replace(/(\d+:\d{2})(am|pm)$/, `$1:${seconds}$2`);
}

/**
 * A timestamp in UTC, saying so: "20 November 2026 at 2:05pm UTC". Used where
 * the time is evidence (sign-offs, seals), so it reads the same on every
 * computer and matches the report.
 */
export function formatDateTimeUtc(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) {
    return timestamp;
  }
  const hours = date.getUTCHours();
  const minutes = pad(date.getUTCMinutes(), 2);
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const suffix = hours < 12 ? "am" : "pm";
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  return `${formatLongDate(day)} at ${hour12}:${minutes}${suffix} UTC`;
}

/** The UTC date of a timestamp: "20 November 2026". */
export function formatLongDateUtc(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) {
    return timestamp;
  }
  return formatLongDate(
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`,
  );
}
