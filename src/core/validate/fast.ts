/**
 * Allocation-free helpers for the hot loop (a workbook has millions of cells): char-code checks
 * instead of String.trim and regexes. (Day numbers and digit runs are in core/dates.)
 */
/** True when text is empty or only white space (what String.trim removes), checking the first character before trimming. */
export function blankText(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  // Printable ASCII and CJK never count as white space: most cells stop here.
  if ((c > 32 && c < 127) || (c >= 0x3400 && c <= 0x9fff)) return false;
  return text.trim() === "";
}
