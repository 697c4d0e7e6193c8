/** 统一社会信用代码 (Unified Social Credit Code) per GB 32100-2015: 18 characters, the last a check character. */

/** The 31 characters of the code, in value order (I, O, Z, S, V are not used). */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** Weights of positions 1–17: 3^(i-1) mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const VALUE = new Map<string, number>([...ALPHABET].map((ch, i) => [ch, i]));

/** The check character (position 18) for the first 17 characters of a code, or null when one of them is not in the alphabet. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17[i]);
    if (v === undefined) return null;
    sum += v * WEIGHTS[i];
  }
  const check = 31 - (sum % 31);
  return ALPHABET[check === 31 ? 0 : check];
}

/** Why a code is not a valid USCC, or null when it is. */
export type UsccProblem = "length" | "charset" | "check" | null;

/** Check a code (already upper case, no spaces): 18 characters of the alphabet with the right check character. */
export function usccProblem(code: string): UsccProblem {
  if (code.length !== 18) return "length";
  // Same answer as usccCheckChar(code.slice(0, 17)), by char codes (no substring, no map look-ups).
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = valueAt(code, i);
    if (v < 0) return "charset";
    sum += v * WEIGHTS[i];
  }
  const last = valueAt(code, 17);
  if (last < 0) return "charset";
  const check = 31 - (sum % 31);
  return (check === 31 ? 0 : check) === last ? null : "check";
}

/** Value of each char code below 128 in ALPHABET, -1 for the rest. */
const VALUE_BY_CODE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

function valueAt(code: string, i: number): number {
  const c = code.charCodeAt(i);
  return c < 128 ? VALUE_BY_CODE[c] : -1;
}
