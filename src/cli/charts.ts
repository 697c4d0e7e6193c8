/**
 * Native Excel charts for the sheets custfile writes (SheetSpec.charts): a drawing part holding
 * one anchored frame per chart, and one chart part per chart — pie, doughnut, bar or column over
 * a table's category column and value columns, with the values cached so any reader shows them
 * before Excel recalculates.
 */
import type { ChartPlace, SheetLayout } from "../core/sheets";
import { columnLetter, type Cell } from "../core/table";
import { escapeAttr, escapeText } from "./xml";

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** An absolute reference to a column's cells on a sheet: 'Sheet'!$B$3:$B$9. */
function columnRef(sheet: string, column: number, top: number, bottom: number): string {
  const l = columnLetter(column + 1);
  const at = top === bottom ? `$${l}$${top + 1}` : `$${l}$${top + 1}:$${l}$${bottom + 1}`;
  return `'${sheet.replace(/'/g, "''")}'!${at}`;
}

function strCache(values: readonly Cell[]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeText(v === null ? "" : String(v))}</c:v></c:pt>`).join("")}</c:strCache>`;
}

function numCache(values: readonly Cell[]): string {
  const pts = values.map((v, i) => (typeof v === "number" && Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : "")).join("");
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

/** The chart part of one placed chart of a sheet. */
export function chartXml(sheet: string, place: ChartPlace, layout: SheetLayout): string {
  const chart = place.chart;
  const table = layout.tables.find((t) => t.table.name === chart.table);
  if (!table) throw new Error(`chart '${chart.title}' plots table ${chart.table}, which the sheet ${sheet} does not have`);
  const top = table.headerRow + 1;
  const bottom = table.headerRow + table.bodyRows;
  const catCol = chart.categoryColumn ?? 0;
  const cats = table.table.rows.map((r) => r[catCol] ?? null);
  const series = chart.seriesColumns.map((col, i) => {
    const header = table.table.columns[col].header;
    const vals = table.table.rows.map((r) => r[col] ?? null);
    return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>`
      + `<c:tx><c:strRef><c:f>${escapeText(columnRef(sheet, table.firstColumn + col, table.headerRow, table.headerRow))}</c:f>${strCache([header])}</c:strRef></c:tx>`
      + `<c:cat><c:strRef><c:f>${escapeText(columnRef(sheet, table.firstColumn + catCol, top, bottom))}</c:f>${strCache(cats)}</c:strRef></c:cat>`
      + `<c:val><c:numRef><c:f>${escapeText(columnRef(sheet, table.firstColumn + col, top, bottom))}</c:f>${numCache(vals)}</c:numRef></c:val></c:ser>`;
  }).join("");
  let plot: string;
  if (chart.type === "pie" || chart.type === "doughnut") {
    const tag = chart.type === "pie" ? "c:pieChart" : "c:doughnutChart";
    plot = `<${tag}><c:varyColors val="1"/>${series}<c:dLbls><c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="1"/><c:showBubbleSize val="0"/><c:showLeaderLines val="1"/></c:dLbls><c:firstSliceAng val="0"/>${chart.type === "doughnut" ? '<c:holeSize val="50"/>' : ""}</${tag}>`;
  } else {
    const horizontal = chart.type === "bar";
    plot = `<c:barChart><c:barDir val="${horizontal ? "bar" : "col"}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="80"/><c:axId val="500001"/><c:axId val="500002"/></c:barChart>`
      + `<c:catAx><c:axId val="500001"/><c:scaling><c:orientation val="${horizontal ? "maxMin" : "minMax"}"/></c:scaling><c:delete val="0"/><c:axPos val="${horizontal ? "l" : "b"}"/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="500002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`
      + `<c:valAx><c:axId val="500002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${horizontal ? "b" : "l"}"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="500001"/><c:crosses val="${horizontal ? "max" : "autoZero"}"/><c:crossBetween val="between"/></c:valAx>`;
  }
  const legend = chart.type === "pie" || chart.type === "doughnut" || chart.seriesColumns.length > 1 ? `<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend>` : "";
  return HEAD + `<c:chartSpace xmlns:c="${C}" xmlns:a="${A}" xmlns:r="${R}"><c:roundedCorners val="0"/><c:chart>`
    + `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="1200" b="1"/><a:t>${escapeText(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`
    + `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`;
}

/** The drawing part of a sheet's charts: one frame per chart at its place, pointing at chart relationship ids. */
export function drawingXml(places: readonly ChartPlace[], chartRelIds: readonly string[]): string {
  const anchors = places.map((p, i) => `<xdr:twoCellAnchor editAs="oneCell">`
    + `<xdr:from><xdr:col>${p.column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>`
    + `<xdr:to><xdr:col>${p.column + p.columns}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row + p.rows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>`
    + `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escapeAttr(`图表 ${i + 1}`)}" descr="${escapeAttr(p.chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>`
    + `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${C}"><c:chart xmlns:c="${C}" xmlns:r="${R}" r:id="${chartRelIds[i]}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`).join("");
  return HEAD + `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="${A}">${anchors}</xdr:wsDr>`;
}
