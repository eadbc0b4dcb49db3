/**
 * Dates and timestamps travel as text: a date is `YYYY-MM-DD`, a timestamp `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC
 * without a zone. In that canonical form (no trailing zeros in the fraction) plain string comparison orders
 * them correctly, which is what filters and record checks rely on.
 */

const DAY_SECONDS = 86_400;

/** Tells whether a string is a real calendar date written `YYYY-MM-DD` (years 0001 to 9999). */
export function isDateString(text: string): boolean {
  return text.length === 10 && hasDateAtStart(text);
}

/** Tells whether the text starts with a real `YYYY-MM-DD` date (read in place, without copying). */
function hasDateAtStart(text: string): boolean {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const year = century < 0 || yy < 0 ? -1 : century * 100 + yy;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Converts `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or ISO 8601 text (with `T`, a fraction, `Z` or an offset) to the
 * canonical UTC form `YYYY-MM-DD HH:MM:SS[.ffffff]`, or returns undefined when it is not a real point in time.
 * Fractions keep at most microseconds (extra digits are cut off, as the engines store microseconds).
 */
export function normalizeTimestamp(text: string): string | undefined {
  if (text.length === 19 && text.charCodeAt(10) === 32 && isCanonicalSeconds(text)) return text;
  const m = ISO_TIMESTAMP.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = (m[7] ?? '').slice(0, 6).replace(/0+$/, '');
  const zone = m[8];
  let offsetSeconds = 0;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMinutes = zone.length > 3 ? Number(zone.slice(-2)) : 0;
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
  }
  let y = year;
  let mo = month;
  let d = day;
  let secondsOfDay = hour * 3600 + minute * 60 + second;
  if (offsetSeconds !== 0) {
    const total = daysFromCivil(year, month, day) * DAY_SECONDS + secondsOfDay - offsetSeconds;
    const days = Math.floor(total / DAY_SECONDS);
    secondsOfDay = total - days * DAY_SECONDS;
    [y, mo, d] = civilFromDays(days);
    if (y < 1 || y > 9999) return undefined;
  }
  const hh = Math.floor(secondsOfDay / 3600);
  const mi = Math.floor((secondsOfDay % 3600) / 60);
  const ss = secondsOfDay % 60;
  const base = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)} ${pad(hh, 2)}:${pad(mi, 2)}:${pad(ss, 2)}`;
  return fraction === '' ? base : `${base}.${fraction}`;
}

function isCanonicalSeconds(text: string): boolean {
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || !hasDateAtStart(text)) return false;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** Reads two decimal digits at `start`, or returns -1 when one of them is not a digit. */
function twoDigits(text: string, start: number): number {
  const a = text.charCodeAt(start) - 48;
  const b = text.charCodeAt(start + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, valid for every year used here).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
