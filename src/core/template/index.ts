/** The workbook template: tables and columns (tables.ts) and the default lists (lists.ts). */
export * from "./tables";
export * from "./lists";
export * from "./credit";
