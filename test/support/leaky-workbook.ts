/**
 * A generated workbook that holds its customers' personal data not only in cells but in every
 * other place an .xlsx can keep it — the test input of `custfile export --mask`'s purge. Every
 * part is written here as SpreadsheetML text (as Excel writes it) and zipped with fflate:
 *
 * - 客户信息: the Customers table (shared strings; one phone typed as a number; a spaced phone;
 *   a landline), a 备注 column mentioning contacts and phones, a formula whose literal is a phone,
 *   mailto:/tel: hyperlinks with display texts, a header naming a contact, a dropdown prompt with a
 *   phone, the table's filter set to a phone, a legacy comment (and its VML text box), a threaded
 *   comment by a person whose id is an e-mail;
 * - 变更记录: the ChangeLog with old phones and an old contact name;
 * - 透视: a pivot table over the customers (cache shared items and records, a phone as a number);
 * - 图表: a chart plotting credit limits by contact (cached labels; a title naming a contact; a
 *   series with a phone as a number) and a drawing with a text box and a picture described by a name;
 * - a link to another workbook whose cached cells hold a phone (as text and as a number);
 * - a defined name whose value is a phone; file sharing by a user; the original's folder (absPath);
 * - document properties: author, last editor, manager, a title and description naming a contact,
 *   a hyperlink list with a mailto:, a custom property holding a phone; custom XML with an e-mail.
 *
 * Contacts are real names (masking changes them) and never staff names, so a scan can look for
 * each one. Deterministic for a given size.
 */
import { strToU8, zipSync, type Zippable } from "fflate";

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT = "application/vnd.openxmlformats-officedocument.spreadsheetml";
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The personal data the workbook holds, by kind, as written in the cells. */
export interface PersonalData {
  phones: string[];
  emails: string[];
  usccs: string[];
  accounts: string[];
  /** Contact persons' full names (and a 个人 customer's name). */
  names: string[];
}

/** The workbook and what it holds. */
export interface LeakyWorkbook {
  bytes: Uint8Array;
  personal: PersonalData;
  /** The company's people (负责人, comment authors …): not personal data of customers. */
  staff: string[];
  /** Ids and company names that must stay in the copy. */
  kept: string[];
}

const SURNAMES = ["欧阳", "司马", "陈", "林", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "罗"];
const GIVEN = ["娜娜", "相如", "志强", "秀英", "建国", "丽华", "晓明", "海燕", "国庆", "春梅", "德胜", "玉兰"];
const COMPANY = ["华信科技", "恒通贸易", "远景电子", "南方物流", "北辰机械", "东海食品", "西部建材", "中原纺织"];
const STAFF = ["张三", "李四", "王五"];
const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A USCC with a right check character (GB 32100), from a number. */
function uscc(n: number): string {
  const body = `9133010${String(71610585 + n * 7919).padStart(8, "0").slice(0, 8)}M${n % 10}`.slice(0, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body[i]) * USCC_WEIGHTS[i];
  const c = 31 - (sum % 31);
  return body + USCC_ALPHABET[c === 31 ? 0 : c];
}

/** Build the workbook with `count` customers (at least 4). */
export function leakyWorkbook(count = 8): LeakyWorkbook {
  if (count < 4) throw new Error("at least 4 customers");
  const strings: string[] = [];
  const si = (text: string) => {
    const i = strings.indexOf(text);
    return i >= 0 ? i : strings.push(text) - 1;
  };
  const personal: PersonalData = { phones: [], emails: [], usccs: [], accounts: [], names: [] };
  const kept: string[] = [];

  interface Customer { id: string; company: string; type: string; contact: string; phone: string | number; email: string; uscc: string; account: string; owner: string; limit: number; note: string }
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const contact = SURNAMES[i % SURNAMES.length] + GIVEN[(i * 5) % GIVEN.length];
    const mobile = `13${(i % 7) + 3}${String(12345678 + i * 1111).padStart(8, "0")}`;
    const phone: string | number = i === 1 ? Number(mobile) : i === 2 ? `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}` : i === 3 ? `0755-8612${String(3456 + i).padStart(4, "0")}` : mobile;
    const person = i === count - 1;
    const latin = ["ouyang.nana", "sima.xiangru", "chen.zq", "lin.xy", "huang.jg", "zhou.lh", "wu.xm", "xu.hy"][i % 8] + (i >= 8 ? String(i) : "");
    const c: Customer = {
      id: `C202401${String(15001 + i).padStart(5, "0")}`,
      company: person ? contact : `${COMPANY[i % COMPANY.length]}有限公司`,
      type: person ? "个人" : "企业",
      contact,
      phone,
      email: `${latin}@${person ? "example.com" : "huaxin.com.cn"}`,
      uscc: person ? "" : uscc(i),
      account: `6222 0202 ${String(1000 + i).padStart(4, "0")} ${String(5678 + i * 3).padStart(4, "0")} 567`,
      owner: STAFF[i % STAFF.length],
      limit: 50000 + i * 10000,
      note: i % 2 === 0 ? `与${contact}确认对账，手机 ${typeof phone === "number" ? phone : phone}` : "按时回款",
    };
    customers.push(c);
    personal.names.push(contact);
    personal.phones.push(String(phone));
    personal.emails.push(c.email);
    if (c.uscc) personal.usccs.push(c.uscc);
    personal.accounts.push(c.account);
    kept.push(c.id);
    if (!person) kept.push(c.company);
  }
  const [a, b, c3] = customers;
  const oldPhone = "13700001111";
  const oldName = "林海燕";
  personal.phones.push(oldPhone);
  personal.names.push(oldName);

  // --- 客户信息
  const headers = ["客户编号", "客户名称", "客户类型", "联系人", "联系方式", "电子邮箱", "统一社会信用代码", "银行账号", "负责人", "信用额度", "备注"];
  const last = count + 1;
  const cols = "ABCDEFGHIJK";
  const rowXml = (r: number, values: Array<string | number>) =>
    `<row r="${r}">${values.map((v, j) => (v === "" ? "" : typeof v === "number" ? `<c r="${cols[j]}${r}"><v>${v}</v></c>` : `<c r="${cols[j]}${r}" t="s"><v>${si(v)}</v></c>`)).join("")}${r === 2 ? `<c r="L2" t="str"><f>IF(E2="${oldPhone}","旧号码","新号码")</f><v>新号码</v></c>` : ""}</row>`;
  const sheet1 = HEAD + `<worksheet xmlns="${NS}" xmlns:r="${R}" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">`
    + `<dimension ref="A1:L${last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>`
    + `<sheetData>${rowXml(1, headers)}${customers.map((x, i) => rowXml(i + 2, [x.id, x.company, x.type, x.contact, x.phone, x.email, x.uscc, x.account, x.owner, x.limit, x.note])).join("")}</sheetData>`
    + `<hyperlinks><hyperlink ref="F2" r:id="rId5" display="${esc(a.email)}" tooltip="写信给${esc(a.contact)}"/><hyperlink ref="E2" r:id="rId6" display="${esc(String(a.phone))}"/></hyperlinks>`
    + `<dataValidations count="1"><dataValidation type="textLength" operator="lessThanOrEqual" allowBlank="1" showInputMessage="1" promptTitle="联系方式" prompt="不清楚时请问${esc(b.contact)}（${esc(String(b.phone))}）" sqref="E2:E${last}"><formula1>20</formula1></dataValidation></dataValidations>`
    + `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`
    + `<headerFooter><oddHeader>&amp;L重点客户联系人 ${esc(c3.contact)}&amp;R${esc(c3.email)}</oddHeader></headerFooter>`
    + `<legacyDrawing r:id="rId2"/><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`;
  const sheet1Rels = rels([
    ["rId1", `${R}/table`, "../tables/table1.xml"],
    ["rId2", `${R}/vmlDrawing`, "../drawings/vmlDrawing1.vml"],
    ["rId3", `${R}/comments`, "../comments1.xml"],
    ["rId4", "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment", "../threadedComments/threadedComment1.xml"],
    ["rId5", `${R}/hyperlink`, `mailto:${a.email}`, true],
    ["rId6", `${R}/hyperlink`, `tel:${a.phone}`, true],
  ]);
  const table1 = HEAD + `<table xmlns="${NS}" id="1" name="Customers" displayName="Customers" ref="A1:K${last}" totalsRowShown="0">`
    + `<autoFilter ref="A1:K${last}"><filterColumn colId="4"><filters><filter val="${esc(String(c3.phone))}"/></filters></filterColumn></autoFilter>`
    + `<tableColumns count="${headers.length}">${headers.map((h, i) => `<tableColumn id="${i + 1}" name="${esc(h)}"/>`).join("")}</tableColumns>`
    + `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;
  const comments1 = HEAD + `<comments xmlns="${NS}"><authors><author>${STAFF[0]}</author></authors><commentList>`
    + `<comment ref="A2" authorId="0"><text><r><rPr><b/><sz val="9"/></rPr><t>${STAFF[0]}:</t></r><r><rPr><sz val="9"/></rPr><t xml:space="preserve">${esc(a.contact)}说新邮箱是 ${esc(a.email)}，备用手机 ${oldPhone}</t></r></text></comment></commentList></comments>`;
  const vml1 = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
 <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>
 <v:shape id="_x0000_s1025" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto" alt="${esc(a.contact)}的备注">
  <v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>
  <v:textbox style="mso-direction-alt:auto"><div style="text-align:left"><font face="等线" size="180">${esc(a.contact)} ${esc(a.email)}</font></div></v:textbox>
  <x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>1, 15, 0, 2, 3, 15, 4, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>1</x:Row><x:Column>0</x:Column></x:ClientData>
 </v:shape>
</xml>`;
  const threaded = HEAD + `<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" xmlns:x="${NS}">`
    + `<threadedComment ref="B3" dT="2026-09-30T08:00:00.00" personId="{6B5F2C1A-0000-4000-8000-000000000001}" id="{6B5F2C1A-0000-4000-8000-000000000002}"><text>${esc(b.contact)}换了手机，旧号 ${esc(String(b.phone))}，账号 ${esc(b.account)}</text></threadedComment></ThreadedComments>`;
  const persons = HEAD + `<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" xmlns:x="${NS}">`
    + `<person displayName="${STAFF[1]}" id="{6B5F2C1A-0000-4000-8000-000000000001}" userId="${esc(c3.email)}" providerId="None"/></personList>`;

  // --- 变更记录
  const logHeaders = ["时间", "表", "客户编号", "字段", "变更前", "变更后", "原因", "操作人"];
  const logRows = [
    ["2026-03-02 10:15:00", "Customers", a.id, "联系方式", oldPhone, String(a.phone), "修正", STAFF[1]],
    ["2026-04-02 09:00:00", "Customers", c3.id, "联系人", oldName, c3.contact, "编辑", STAFF[2]],
  ];
  const cellsOf = (r: number, values: string[]) => `<row r="${r}">${values.map((v, j) => `<c r="${"ABCDEFGH"[j]}${r}" t="s"><v>${si(v)}</v></c>`).join("")}</row>`;
  const sheet2 = HEAD + `<worksheet xmlns="${NS}" xmlns:r="${R}"><dimension ref="A1:H3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>`
    + `<sheetData>${cellsOf(1, logHeaders)}${logRows.map((r, i) => cellsOf(i + 2, r)).join("")}</sheetData>`
    + `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`;
  const table2 = HEAD + `<table xmlns="${NS}" id="2" name="ChangeLog" displayName="ChangeLog" ref="A1:H3" totalsRowShown="0"><autoFilter ref="A1:H3"/>`
    + `<tableColumns count="8">${logHeaders.map((h, i) => `<tableColumn id="${i + 1}" name="${h}"/>`).join("")}</tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;

  // --- 透视: count of customers by 联系人; the cache also carries 联系方式 and 电子邮箱 as record values.
  const contacts = customers.map((x) => x.contact);
  const sheet3 = HEAD + `<worksheet xmlns="${NS}" xmlns:r="${R}"><dimension ref="A3:B${4 + count}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`
    + `<row r="3"><c r="A3" t="s"><v>${si("行标签")}</v></c><c r="B3" t="s"><v>${si("计数项:客户编号")}</v></c></row>`
    + contacts.map((n, i) => `<row r="${4 + i}"><c r="A${4 + i}" t="s"><v>${si(n)}</v></c><c r="B${4 + i}"><v>1</v></c></row>`).join("")
    + `<row r="${4 + count}"><c r="A${4 + count}" t="s"><v>${si("总计")}</v></c><c r="B${4 + count}"><v>${count}</v></c></row></sheetData>`
    + `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
  const sheet3Rels = rels([["rId1", `${R}/pivotTable`, "../pivotTables/pivotTable1.xml"]]);
  const phoneNumbers = customers.map((x) => x.phone).filter((p): p is number => typeof p === "number");
  const pivotCache = HEAD + `<pivotCacheDefinition xmlns="${NS}" xmlns:r="${R}" r:id="rId1" refreshedBy="${STAFF[0]}" refreshedDate="46296.5" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="${count}">`
    + `<cacheSource type="worksheet"><worksheetSource ref="A1:F${last}" sheet="客户信息"/></cacheSource><cacheFields count="6">`
    + `<cacheField name="客户编号" numFmtId="0"><sharedItems/></cacheField>`
    + `<cacheField name="客户名称" numFmtId="0"><sharedItems/></cacheField>`
    + `<cacheField name="客户类型" numFmtId="0"><sharedItems/></cacheField>`
    + `<cacheField name="联系人" numFmtId="0"><sharedItems count="${count}">${contacts.map((n) => `<s v="${esc(n)}"/>`).join("")}</sharedItems></cacheField>`
    + `<cacheField name="联系方式" numFmtId="0"><sharedItems containsMixedTypes="1" containsNumber="1" containsInteger="1" minValue="${phoneNumbers[0]}" maxValue="${phoneNumbers[0]}"/></cacheField>`
    + `<cacheField name="电子邮箱" numFmtId="0"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>`;
  const pivotRecords = HEAD + `<pivotCacheRecords xmlns="${NS}" xmlns:r="${R}" count="${count}">`
    + customers.map((x, i) => `<r><s v="${x.id}"/><s v="${esc(x.company)}"/><s v="${x.type}"/><x v="${i}"/>${typeof x.phone === "number" ? `<n v="${x.phone}"/>` : `<s v="${esc(x.phone)}"/>`}<s v="${esc(x.email)}"/></r>`).join("")
    + `</pivotCacheRecords>`;
  const pivotTable = HEAD + `<pivotTableDefinition xmlns="${NS}" name="数据透视表1" cacheId="1" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="值" updatedVersion="6" minRefreshableVersion="3" useAutoFormatting="1" itemPrintTitles="1" createdVersion="6" indent="0" outline="1" outlineData="1" multipleFieldFilters="0">`
    + `<location ref="A3:B${4 + count}" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/><pivotFields count="6"><pivotField dataField="1" showAll="0"/><pivotField showAll="0"/><pivotField showAll="0"/>`
    + `<pivotField axis="axisRow" showAll="0"><items count="${count + 1}">${contacts.map((_n, i) => (i === 0 ? `<item n="${esc(a.contact)}（重点）" x="0"/>` : `<item x="${i}"/>`)).join("")}<item t="default"/></items></pivotField><pivotField showAll="0"/><pivotField showAll="0"/></pivotFields>`
    + `<rowFields count="1"><field x="3"/></rowFields><rowItems count="${count + 1}">${contacts.map((_n, i) => `<i><x v="${i}"/></i>`).join("")}<i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems>`
    + `<dataFields count="1"><dataField name="计数项:客户编号" fld="0" subtotal="count" baseField="0" baseItem="0"/></dataFields></pivotTableDefinition>`;
  const pivotTableRels = rels([["rId1", `${R}/pivotCacheDefinition`, "../pivotCache/pivotCacheDefinition1.xml"]]);
  const pivotCacheRels = rels([["rId1", `${R}/pivotCacheRecords`, "pivotCacheRecords1.xml"]]);

  // --- 图表: credit limits by contact; a second series plots the phone typed as a number.
  const sheet4 = HEAD + `<worksheet xmlns="${NS}" xmlns:r="${R}"><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/>`
    + `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><drawing r:id="rId1"/></worksheet>`;
  const sheet4Rels = rels([["rId1", `${R}/drawing`, "../drawings/drawing1.xml"]]);
  const strCache = `<c:strCache><c:ptCount val="${count}"/>${contacts.map((n, i) => `<c:pt idx="${i}"><c:v>${esc(n)}</c:v></c:pt>`).join("")}</c:strCache>`;
  const numCache = (values: number[]) => `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join("")}</c:numCache>`;
  const series = (idx: number, name: string, col: string, values: number[]) => `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/><c:tx><c:strRef><c:f>'客户信息'!$${col}$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${name}</c:v></c:pt></c:strCache></c:strRef></c:tx>`
    + `<c:cat><c:strRef><c:f>'客户信息'!$D$2:$D$${last}</c:f>${strCache}</c:strRef></c:cat><c:val><c:numRef><c:f>'客户信息'!$${col}$2:$${col}$${last}</c:f>${numCache(values)}</c:numRef></c:val></c:ser>`;
  const chart1 = HEAD + `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${R}">`
    + `<c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>信用额度（联系人 ${esc(a.contact)} 提供）</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`
    + `<c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>`
    + series(0, "信用额度", "J", customers.map((x) => x.limit))
    + series(1, "联系方式", "E", customers.map((x) => (typeof x.phone === "number" ? x.phone : 0)))
    + `<c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>`
    + `<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="50010002"/></c:catAx>`
    + `<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="50010001"/></c:valAx>`
    + `</c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>`;
  const anchor = (from: [number, number], to: [number, number], body: string) =>
    `<xdr:twoCellAnchor><xdr:from><xdr:col>${from[0]}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${from[1]}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>`
    + `<xdr:to><xdr:col>${to[0]}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${to[1]}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>${body}<xdr:clientData/></xdr:twoCellAnchor>`;
  const drawing1 = HEAD + `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">`
    + anchor([0, 0], [8, 15], `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="图表 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>`
      + `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${R}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame>`)
    + anchor([9, 0], [13, 4], `<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="文本框 2"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1905000" cy="762000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>`
      + `<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>名片：${esc(b.contact)} ${esc(String(b.phone))} ${esc(b.email)}</a:t></a:r></a:p></xdr:txBody></xdr:sp>`)
    + anchor([9, 5], [11, 9], `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="4" name="图片 3" descr="${esc(c3.contact)}的名片" title="${esc(c3.contact)}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>`
      + `<xdr:blipFill><a:blip xmlns:r="${R}" r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>`)
    + `</xdr:wsDr>`;
  const drawing1Rels = rels([["rId1", `${R}/chart`, "../charts/chart1.xml"], ["rId2", `${R}/image`, "../media/image1.png"]]);
  const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP438AAAAQBAYDFKhhdAAAAAElFTkSuQmCC", "base64");

  // --- a link to another workbook, with its cached cells.
  const external = HEAD + `<externalLink xmlns="${NS}" xmlns:r="${R}"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>`
    + `<definedNames><definedName name="旧电话" refersTo="=&quot;${oldPhone}&quot;"/></definedNames>`
    + `<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>${esc(c3.contact)} ${esc(String(c3.phone))}</v></cell><cell r="B1"><v>${phoneNumbers[0]}</v></cell><cell r="C1"><v>42</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`;
  const externalRels = rels([["rId1", `${R}/externalLinkPath`, "file:///C:/Users/zhangsan/Desktop/%E6%97%A7%E5%AE%A2%E6%88%B7.xlsx", true]]);

  const sheetNames = ["客户信息", "变更记录", "透视", "图表"];
  const workbook = HEAD + `<workbook xmlns="${NS}" xmlns:r="${R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">`
    + `<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/><fileSharing userName="${STAFF[0]}"/><workbookPr defaultThemeVersion="166925"/>`
    + `<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\\Users\\zhangsan\\Desktop\\客户档案\\"/></mc:Choice></mc:AlternateContent>`
    + `<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300" activeTab="0"/></bookViews><sheets>`
    + sheetNames.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")
    + `</sheets><externalReferences><externalReference r:id="rId9"/></externalReferences><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">客户信息!$A$1:$K$${last}</definedName>`
    + `<definedName name="客服电话" comment="${esc(b.contact)}的手机">"${esc(String(b.phone))}"</definedName></definedNames>`
    + `<calcPr calcId="191029"/><pivotCaches><pivotCache cacheId="1" r:id="rId8"/></pivotCaches></workbook>`;
  const workbookRels = rels([
    ...sheetNames.map((_n, i): [string, string, string] => [`rId${i + 1}`, `${R}/worksheet`, `worksheets/sheet${i + 1}.xml`]),
    ["rId5", `${R}/styles`, "styles.xml"],
    ["rId6", `${R}/sharedStrings`, "sharedStrings.xml"],
    ["rId7", "http://schemas.microsoft.com/office/2017/10/relationships/person", "persons/person.xml"],
    ["rId8", `${R}/pivotCacheDefinition`, "pivotCache/pivotCacheDefinition1.xml"],
    ["rId9", `${R}/externalLink`, "externalLinks/externalLink1.xml"],
    ["rId10", `${R}/customXml`, "../customXml/item1.xml"],
  ]);
  const styles = HEAD + `<styleSheet xmlns="${NS}"><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>`
    + `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`
    + `<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

  const core = HEAD + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
    + `<dc:title>客户档案（联系人 ${esc(a.contact)}）</dc:title><dc:description>有问题请联系 ${esc(b.email)}</dc:description><dc:creator>${STAFF[0]}</dc:creator><cp:lastModifiedBy>${STAFF[1]}</cp:lastModifiedBy>`
    + `<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T08:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-09-30T08:00:00Z</dcterms:modified></cp:coreProperties>`;
  const app = HEAD + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`
    + `<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><Manager>${STAFF[2]}</Manager><Company>某某贸易有限公司</Company>`
    + `<HLinks><vt:vector size="6" baseType="variant"><vt:variant><vt:i4>1</vt:i4></vt:variant><vt:variant><vt:i4>0</vt:i4></vt:variant><vt:variant><vt:i4>0</vt:i4></vt:variant><vt:variant><vt:i4>5</vt:i4></vt:variant><vt:variant><vt:lpwstr>mailto:${esc(a.email)}</vt:lpwstr></vt:variant><vt:variant><vt:lpwstr></vt:lpwstr></vt:variant></vt:vector></HLinks></Properties>`;
  const custom = HEAD + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`
    + `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="客户经理电话"><vt:lpwstr>${esc(String(c3.phone))}</vt:lpwstr></property></Properties>`;
  const customXml = HEAD + `<contacts xmlns="urn:example:crm"><contact><name>${esc(c3.contact)}</name><email>${esc(c3.email)}</email><account>${esc(c3.account)}</account></contact></contacts>`;

  const overrides: Array<[string, string]> = [
    ["xl/workbook.xml", `${CT}.sheet.main+xml`],
    ...sheetNames.map((_n, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, `${CT}.worksheet+xml`]),
    ["xl/tables/table1.xml", `${CT}.table+xml`], ["xl/tables/table2.xml", `${CT}.table+xml`],
    ["xl/styles.xml", `${CT}.styles+xml`], ["xl/sharedStrings.xml", `${CT}.sharedStrings+xml`],
    ["xl/comments1.xml", `${CT}.comments+xml`],
    ["xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml"],
    ["xl/persons/person.xml", "application/vnd.ms-excel.person+xml"],
    ["xl/pivotTables/pivotTable1.xml", `${CT}.pivotTable+xml`],
    ["xl/pivotCache/pivotCacheDefinition1.xml", `${CT}.pivotCacheDefinition+xml`],
    ["xl/pivotCache/pivotCacheRecords1.xml", `${CT}.pivotCacheRecords+xml`],
    ["xl/drawings/drawing1.xml", "application/vnd.openxmlformats-officedocument.drawing+xml"],
    ["xl/charts/chart1.xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"],
    ["xl/externalLinks/externalLink1.xml", `${CT}.externalLink+xml`],
    ["docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"],
    ["docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"],
    ["docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml"],
  ];
  const contentTypes = HEAD + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + `<Default Extension="png" ContentType="image/png"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>`
    + overrides.map(([p, t]) => `<Override PartName="/${p}" ContentType="${t}"/>`).join("") + `</Types>`;
  const rootRels = rels([
    ["rId1", `${R}/officeDocument`, "xl/workbook.xml"],
    ["rId2", `${PKG}/metadata/core-properties`, "docProps/core.xml"],
    ["rId3", `${R}/extended-properties`, "docProps/app.xml"],
    ["rId4", `${R}/custom-properties`, "docProps/custom.xml"],
  ]);
  const sharedStrings = HEAD + `<sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${esc(t)}</t></si>`).join("")}</sst>`;

  const parts: Record<string, string | Uint8Array> = {
    "[Content_Types].xml": contentTypes,
    "_rels/.rels": rootRels,
    "docProps/core.xml": core,
    "docProps/app.xml": app,
    "docProps/custom.xml": custom,
    "customXml/item1.xml": customXml,
    "xl/workbook.xml": workbook,
    "xl/_rels/workbook.xml.rels": workbookRels,
    "xl/styles.xml": styles,
    "xl/worksheets/sheet1.xml": sheet1,
    "xl/worksheets/_rels/sheet1.xml.rels": sheet1Rels,
    "xl/worksheets/sheet2.xml": sheet2,
    "xl/worksheets/_rels/sheet2.xml.rels": rels([["rId1", `${R}/table`, "../tables/table2.xml"]]),
    "xl/worksheets/sheet3.xml": sheet3,
    "xl/worksheets/_rels/sheet3.xml.rels": sheet3Rels,
    "xl/worksheets/sheet4.xml": sheet4,
    "xl/worksheets/_rels/sheet4.xml.rels": sheet4Rels,
    "xl/tables/table1.xml": table1,
    "xl/tables/table2.xml": table2,
    "xl/comments1.xml": comments1,
    "xl/drawings/vmlDrawing1.vml": vml1,
    "xl/threadedComments/threadedComment1.xml": threaded,
    "xl/persons/person.xml": persons,
    "xl/pivotTables/pivotTable1.xml": pivotTable,
    "xl/pivotTables/_rels/pivotTable1.xml.rels": pivotTableRels,
    "xl/pivotCache/pivotCacheDefinition1.xml": pivotCache,
    "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": pivotCacheRels,
    "xl/pivotCache/pivotCacheRecords1.xml": pivotRecords,
    "xl/drawings/drawing1.xml": drawing1,
    "xl/drawings/_rels/drawing1.xml.rels": drawing1Rels,
    "xl/charts/chart1.xml": chart1,
    "xl/media/image1.png": PNG,
    "xl/externalLinks/externalLink1.xml": external,
    "xl/externalLinks/_rels/externalLink1.xml.rels": externalRels,
  };
  // Shared strings last: every sheet above has added its strings by now.
  parts["xl/sharedStrings.xml"] = sharedStrings;
  const zippable: Zippable = {};
  const mtime = new Date(Date.UTC(2026, 8, 30));
  for (const [name, content] of Object.entries(parts)) zippable[name] = [typeof content === "string" ? strToU8(content) : content, { mtime }];
  return { bytes: zipSync(zippable, { level: 6 }), personal, staff: STAFF, kept };
}

function rels(list: Array<[string, string, string] | [string, string, string, boolean]>): string {
  return HEAD + `<Relationships xmlns="${PKG}">${list.map(([id, type, target, external]) => `<Relationship Id="${id}" Type="${type}" Target="${esc(target)}"${external ? ' TargetMode="External"' : ""}/>`).join("")}</Relationships>`;
}
