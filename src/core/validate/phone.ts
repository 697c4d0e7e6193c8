/**
 * Phone numbers: mainland mobiles and landlines by fast regexes (almost every row), anything
 * written with +country through libphonenumber-js. The `max` metadata is used because only
 * it checks a number against each country's real number plans (the `min` set checks
 * lengths only); it is reached only for the rare non-mainland numbers.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { toHalfWidth } from "./text";

const MOBILE = /^1[3-9]\d{9}$/;
/** Area code 0 + 2–3 digits, local number 7–8 digits (not starting with 0 or 1), optional extension. */
const LANDLINE = /^(0\d{2,3})(\d{7,8})$/;
const LANDLINE_AREA3 = /^(010|02\d)$/;
const SEPARATORS = /[\s\-()（）.·]/g;
/** `(010) 6234-5678 转 123`: area code, then a separator, then the local number (digits may be grouped), optional extension. */
const WRITTEN_SPLIT = /^[(（]?0\d{2,3}(?:[)）]|[)）]?[\s-])/;
const SPLIT_LANDLINE = /^[(（]?(0\d{2,3})(?:[)）]\s*|[\s\-]+)([2-9]\d{2,3}[\s\-]?\d{4})(?:\s*(?:-|转|ext\.?|x|#)\s*(\d{1,6}))?$/i;

/** The result of reading a phone cell. */
export interface PhoneCheck {
  valid: boolean;
  /** The normalised form (mobile `13956781234`, landline `010-62345678`, foreign `+44 20 7946 0958`), when valid. */
  normalized?: string;
}

/** Check a phone number and give its normalised form. Accepts separators, full-width digits, +86/0086. */
export function checkPhone(raw: string): PhoneCheck {
  // Fast path: a plain mobile number as the template wants it.
  if (raw.length === 11 && MOBILE.test(raw)) return { valid: true, normalized: raw };
  const text = toHalfWidth(raw).trim();
  if (text === "") return { valid: false };
  let compact = text.replace(SEPARATORS, "");
  if (compact.startsWith("+86")) compact = compact.slice(3);
  else if (compact.startsWith("0086")) compact = compact.slice(4);
  else if (compact.startsWith("+") || compact.startsWith("00")) return foreign(text);
  if (MOBILE.test(compact)) return { valid: true, normalized: compact };
  const landline = landlineForm(text, compact);
  if (landline) return { valid: true, normalized: landline };
  return { valid: false };
}

function landlineForm(text: string, compact: string): string | null {
  // Written with a separator after the area code: the split is the writer's (035-2345678).
  const split = SPLIT_LANDLINE.exec(text);
  if (split) return `${split[1]}-${split[2].replace(/[\s-]/g, "")}${split[3] ? "-" + split[3] : ""}`;
  // A split that is not a valid one is not re-split: moving the writer's separator would be a guess.
  if (WRITTEN_SPLIT.test(text)) return null;
  const m = LANDLINE.exec(compact);
  if (!m) return null;
  // Written as one run of digits: 3-digit area codes are 010 and 02x, the rest have 4 digits.
  const area = LANDLINE_AREA3.test(compact.slice(0, 3)) ? compact.slice(0, 3) : compact.slice(0, 4);
  const local = compact.slice(area.length);
  if (local.length < 7 || local.length > 8 || local[0] === "0" || local[0] === "1") return null;
  return `${area}-${local}`;
}

function foreign(text: string): PhoneCheck {
  const international = text.startsWith("00") ? "+" + text.slice(2) : text;
  try {
    const p = parsePhoneNumberFromString(international);
    if (p && p.isValid()) return { valid: true, normalized: p.countryCallingCode === "86" ? p.nationalNumber : p.formatInternational() };
  } catch {
    // libphonenumber throws on some malformed input; that is simply not a valid number.
  }
  return { valid: false };
}
