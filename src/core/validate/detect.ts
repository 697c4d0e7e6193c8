/**
 * Finding the template's tables in a workbook: which block is which table, where its header
 * row is and which sheet column holds which template column. By Excel table name first,
 * then by sheet name (or alias), then by header match on any sheet; the header row may sit
 * under a title row, within the first 10 rows.
 */
import { isBlank, type Cell, type SheetBlock } from "../table";
import { normalizeHeader, TABLES, type ColumnDef, type TableDef, type TableKey } from "../template/tables";

/** How far down a header row may sit (title rows above it). */
export const HEADER_SEARCH_ROWS = 10;

/** One column of a user's sheet mapped to the template. */
export interface MappedColumn {
  def: ColumnDef;
  /** Index into the block's row arrays. */
  index: number;
  /** 1-based sheet column number. */
  columnNumber: number;
  /** The header as written in the file. */
  header: string;
}

/** A header cell that matches no template column (or repeats one already mapped). */
export interface UnknownColumn {
  index: number;
  columnNumber: number;
  header: string;
  /** The key of the template column it repeats, when it is a second copy of a mapped header. */
  duplicateOf?: string;
}

/** A block recognised as a template table. */
export interface DetectedTable {
  table: TableKey;
  def: TableDef;
  /** Index of the block in the array given to detectTables. */
  blockIndex: number;
  sheet: string;
  /** How it was recognised. */
  by: "table-name" | "sheet-name" | "header";
  /** Index into block.values of the header row, or -1 when none was found. */
  headerRowIndex: number;
  /** The sheet's 1-based row number of the header row (0 when none). */
  headerRow: number;
  columns: MappedColumn[];
  unknown: UnknownColumn[];
  /** Required template columns not found. */
  missing: ColumnDef[];
}

let aliasIndex: Map<TableKey, Map<string, ColumnDef>> | undefined;

/** The header → column map of a table (header, aliases, all normalised), built once. */
export function headerMap(def: TableDef): Map<string, ColumnDef> {
  aliasIndex ??= new Map();
  let m = aliasIndex.get(def.key);
  if (!m) {
    m = new Map();
    for (const c of def.columns) {
      for (const text of [c.header, ...c.aliases]) {
        const k = normalizeHeader(text);
        if (!m.has(k)) m.set(k, c);
      }
      // 交互类型(拜访/沟通/需求变更): the seed writes the allowed values after the header.
      const bare = normalizeHeader(c.header.replace(/[（(].*$/, ""));
      if (!m.has(bare)) m.set(bare, c);
    }
    aliasIndex.set(def.key, m);
  }
  return m;
}

/** The template column a header text means in a table, or undefined (ignores a trailing "(…)" note such as 交互类型(拜访/沟通)). */
export function matchHeader(def: TableDef, text: Cell): ColumnDef | undefined {
  if (typeof text !== "string" && typeof text !== "number") return undefined;
  const m = headerMap(def);
  const n = normalizeHeader(String(text));
  if (n === "") return undefined;
  return m.get(n) ?? m.get(n.replace(/\(.*\)$/, ""));
}

/** Number of distinct template columns a row's cells name. */
function scoreRow(def: TableDef, row: readonly Cell[] | undefined): number {
  if (!row) return 0;
  const seen = new Set<string>();
  for (const v of row) {
    const c = matchHeader(def, v);
    if (c) seen.add(c.key);
  }
  return seen.size;
}

/** The best header row of a table in a block's first rows, and its score (number of distinct template columns named; index -1 when none). */
export function findHeaderRow(def: TableDef, block: { readonly values: readonly (readonly Cell[])[] }): { index: number; score: number } {
  let best = { index: -1, score: 0 };
  const limit = Math.min(HEADER_SEARCH_ROWS, block.values.length);
  for (let r = 0; r < limit; r++) {
    const score = scoreRow(def, block.values[r]);
    if (score > best.score) best = { index: r, score };
  }
  return best;
}

const USER_TABLES = TABLES.filter((t) => !t.addinOwned || t.key === "ChangeLog");

/** Recognise the template tables among sheet blocks (each table at most once; the first match wins). */
export function detectTables(blocks: readonly SheetBlock[]): DetectedTable[] {
  const found = new Map<TableKey, DetectedTable>();
  const used = new Set<number>();
  const take = (def: TableDef, blockIndex: number, by: DetectedTable["by"]) => {
    found.set(def.key, mapTable(def, blocks[blockIndex], blockIndex, by));
    used.add(blockIndex);
  };
  // 0. Blocks the host already located over the whole workbook (it read only some sheets).
  blocks.forEach((b, i) => {
    const def = b.located ? TABLES.find((t) => t.key === b.located!.table) : undefined;
    if (def && !found.has(def.key)) take(def, i, b.located!.by);
  });
  // 1. Excel table (ListObject) names.
  blocks.forEach((b, i) => {
    const def = b.tableName ? TABLES.find((t) => t.tableName.toLowerCase() === b.tableName!.toLowerCase()) : undefined;
    if (def && !found.has(def.key)) take(def, i, "table-name");
  });
  // 2. Sheet names and their aliases.
  for (const def of TABLES) {
    if (found.has(def.key)) continue;
    const names = [def.sheet, ...def.sheetAliases].map(normalizeHeader);
    const i = blocks.findIndex((b, j) => !used.has(j) && names.includes(normalizeHeader(b.sheet)));
    if (i >= 0) take(def, i, "sheet-name");
  }
  // 3. Header match on any other sheet: enough template headers in one of its first rows.
  for (const def of USER_TABLES) {
    if (found.has(def.key) || def.columns.length === 0) continue;
    let best = { block: -1, score: 0 };
    blocks.forEach((b, i) => {
      if (used.has(i)) return;
      const { score } = findHeaderRow(def, b);
      if (score > best.score) best = { block: i, score };
    });
    const needed = Math.min(3, def.columns.filter((c) => c.required).length);
    if (best.block >= 0 && best.score >= Math.max(2, needed)) take(def, best.block, "header");
  }
  return TABLES.filter((t) => found.has(t.key)).map((t) => found.get(t.key)!);
}

function mapTable(def: TableDef, block: SheetBlock, blockIndex: number, by: DetectedTable["by"]): DetectedTable {
  const base = { table: def.key, def, blockIndex, sheet: block.sheet, by };
  if (def.key === "Lists") {
    const index = block.values.findIndex((row, r) => r < HEADER_SEARCH_ROWS && row.some((v) => !isBlank(v)));
    return { ...base, headerRowIndex: index, headerRow: index >= 0 ? block.firstRow + index : 0, columns: [], unknown: [], missing: [] };
  }
  // An Excel table's header is its first row; on a plain sheet, the row that names the most columns.
  const { index } = by === "table-name" ? { index: block.values.length > 0 ? 0 : -1 } : findHeaderRow(def, block);
  if (index < 0) return { ...base, headerRowIndex: -1, headerRow: 0, columns: [], unknown: [], missing: def.columns.filter((c) => c.required) };
  const row = block.values[index];
  const columns: MappedColumn[] = [];
  const unknown: UnknownColumn[] = [];
  const mapped = new Set<string>();
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (isBlank(v)) continue;
    const header = String(v).trim();
    const def0 = matchHeader(def, v);
    const columnNumber = block.firstColumn + c;
    if (def0 && !mapped.has(def0.key)) {
      mapped.add(def0.key);
      columns.push({ def: def0, index: c, columnNumber, header });
    } else {
      unknown.push({ index: c, columnNumber, header, duplicateOf: def0?.key });
    }
  }
  return { ...base, headerRowIndex: index, headerRow: block.firstRow + index, columns, unknown, missing: def.columns.filter((c) => c.required && !mapped.has(c.key)) };
}

/** Whether detection can recognise a table by its headers (the others only by table or sheet name). */
function foundByHeaders(key: TableKey): boolean {
  return USER_TABLES.some((t) => t.key === key && t.columns.length > 0);
}

/** Where a template table is in a workbook: the index of its sheet, and how it was recognised. */
export interface LocatedTable {
  table: TableKey;
  index: number;
  by: "sheet-name" | "header";
}

/**
 * Which sheets hold the `wanted` tables, deciding exactly as detectTables over the whole
 * workbook would, without reading it all: detection looks only at sheet names and at each
 * sheet's first HEADER_SEARCH_ROWS rows. `firstRows` is asked for those rows of the sheets no
 * table claims by name, and only when a wanted table is not found by its sheet name; it returns
 * one block per index asked (the first rows are enough). Tables not found are left out.
 */
export function locateTables(names: readonly string[], wanted: readonly TableKey[], firstRows: (indices: number[]) => SheetBlock[]): LocatedTable[] {
  const blocks: SheetBlock[] = names.map((sheet) => ({ sheet, firstRow: 1, firstColumn: 1, values: [] }));
  let found = detectTables(blocks);
  const byName = new Set(found.map((t) => t.blockIndex));
  const unresolved = wanted.some((key) => !found.some((t) => t.table === key) && foundByHeaders(key));
  const others = names.map((_, i) => i).filter((i) => !byName.has(i));
  if (unresolved && others.length > 0) {
    const heads = firstRows(others);
    others.forEach((index, k) => (blocks[index] = { ...heads[k], sheet: names[index], values: heads[k].values.slice(0, HEADER_SEARCH_ROWS) }));
    found = detectTables(blocks);
  }
  return found.filter((t) => wanted.includes(t.table)).map((t) => ({ table: t.table, index: t.blockIndex, by: t.by === "header" ? "header" : "sheet-name" }));
}
