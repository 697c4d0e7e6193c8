/** Finding messages in zh-CN and en-US: where (sheet, cell, row, column), what is wrong, how to fix it. */
import { cellAddress, cellText, type Cell } from "../table";
import type { Finding, Lang, LocalizedText } from "./types";

/** What a message says, without the location (the location is added by `locate`). */
export interface MessageBody {
  zh: string;
  en: string;
}

/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts an escape sequence),
 * DEL, C1 controls (U+009B is a one-byte CSI) and the bidirectional overrides and isolates that
 * reorder what is shown (U+202A–U+202E, U+2066–U+2069). Tab and line feed are layout, kept by
 * terminalSafe.
 */
export const UNSAFE_CHARS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text safe to print on a terminal: every UNSAFE_CHARS character but tab and line feed as U+FFFD
 * (`json`: as its \uXXXX escape, so JSON output stays valid and keeps the data). Every command's
 * output goes through this (cli/main.ts); show() below uses it for a cell value in a message.
 */
export function terminalSafe(text: string, json = false): string {
  return text.replace(UNSAFE_CHARS, (c) => (c === "\n" || c === "\t" ? c : json ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : "\uFFFD"));
}

/** Short display form of a cell value for messages (long text is cut, a line break as ↵, other control characters as U+FFFD). */
export function show(value: Cell): string {
  const text = terminalSafe(cellText(value).replace(/\n/g, "↵").replace(/\t/g, "\uFFFD"));
  return text.length > 40 ? text.slice(0, 37) + "…" : text;
}

/** Prefix a message body with its place: sheet, cell address, row number and column header. */
export function locate(sheet: string, row: number, columnNumber: number, column: string, body: MessageBody): LocalizedText {
  if (row <= 0) return { "zh-CN": `${sheet ? `工作表「${sheet}」：` : ""}${body.zh}`, "en-US": `${sheet ? `Sheet "${sheet}": ` : ""}${body.en}` };
  if (columnNumber <= 0) {
    return {
      "zh-CN": `工作表「${sheet}」第 ${row} 行${column ? `「${column}」列` : ""}：${body.zh}`,
      "en-US": `Sheet "${sheet}" row ${row}${column ? `, column "${column}"` : ""}: ${body.en}`,
    };
  }
  const at = cellAddress(row, columnNumber);
  return {
    "zh-CN": `${CELL_PLACE["zh-CN"].open(sheet, at)}第 ${row} 行「${column}」列${CELL_PLACE["zh-CN"].close}${body.zh}`,
    "en-US": `${CELL_PLACE["en-US"].open(sheet, at)}row ${row}, column "${column}"${CELL_PLACE["en-US"].close}${body.en}`,
  };
}

/** How `locate` opens and closes the place of a finding at a cell, per language. */
const CELL_PLACE: Readonly<Record<Lang, { open: (sheet: string, at: string) => string; close: string }>> = {
  "zh-CN": { open: (sheet, at) => `工作表「${sheet}」${at}（`, close: "）：" },
  "en-US": { open: (sheet, at) => `Sheet "${sheet}" cell ${at} (`, close: "): " },
};

/**
 * A located message without the place `locate` put in front of it for a cell (for a view that
 * shows the sheet and cell already); other text is returned as it is.
 */
export function withoutCellPlace(text: string, sheet: string, address: string, lang: Lang): string {
  const { open, close } = CELL_PLACE[lang];
  const lead = open(sheet, address);
  const at = text.startsWith(lead) ? text.indexOf(close, lead.length) : -1;
  return at < 0 ? text : text.slice(at + close.length);
}

/** The message of a finding in one language. */
export function formatMessage(finding: Finding, lang: Lang = "zh-CN"): string {
  return finding.message[lang];
}
