/**
 * The quarterly sample of SPEC §6 ("hmac-sha256-strata-v1").
 *
 * The whole population is put in one selection sequence and the sample of size n is its
 * first n entries. That makes "a larger rate with the same seed gives a superset" true by
 * construction (no Alabama paradox, no stratum ever shrinks when n grows). Step p (1-based)
 * of the sequence takes:
 *   1. a key item, when fewer than min(|key candidates|, floor(p / 3)) key items have been
 *      taken: the next candidate, in HMAC order, not already in the sample;
 *   2. otherwise a random draw: first every non-empty stratum that has no random draw yet
 *      (high, medium, low), then the stratum with the largest size × weight / (draws + ½)
 *      (Sainte-Laguë's highest average, which allocates in proportion to size × weight and
 *      is monotone), ties to the riskier stratum; inside the stratum, the next id in HMAC
 *      order not yet in the sample.
 * HMAC order = ids sorted by HMAC-SHA256(key = seed bytes, message = UTF-8 of quarter + id)
 * as hex, so the order is independent of row order and of every other id.
 */
import { addMonths, formatDay } from "../dates";
import { cellText, type SheetBlock } from "../table";
import { CREDIT_POLICY, normalizeHeader } from "../template/tables";
import type { Finding } from "../validate/types";
import { hmacSha256HexAll, sha256Hex } from "./crypto";
import { volatileFieldOf, type AuditCustomer, type AuditInput, type VolatileField } from "./input";
import { quarterEnd, quarterStart, quarterText, type Quarter } from "./quarter";
import { overdueDays } from "../records/loans";

export const ALGORITHM = "hmac-sha256-strata-v1";
/** The policy's bounds (seed 003: 抽查10%-20%的客户档案) and default. */
export const MIN_RATE = 0.1;
export const MAX_RATE = 0.2;
export const DEFAULT_RATE = 0.15;
/** The policy sentence a refused rate quotes. */
export const RATE_POLICY = "每季度末由客户管理部门牵头，抽查10%-20%的客户档案 (seed 003: every quarter 10%–20% of customer files are re-checked)";
/** 合作状态 that leaves a customer out of the population. */
export const DORMANT_STATUS = "休眠";

export type Stratum = "high" | "medium" | "low";
export const STRATA: readonly Stratum[] = ["high", "medium", "low"];
export const STRATUM_WEIGHT: Record<Stratum, number> = { high: 3, medium: 2, low: 1 };
/** Chinese names of the strata for sheets. */
export const STRATUM_LABEL: Record<Stratum, string> = { high: "高", medium: "中", low: "低" };

/** Why one customer is in the sample. */
export interface SampledCustomer {
  id: string;
  stratum: Stratum;
  keyItem: boolean;
  reason: string;
  /** Position in the selection sequence (1-based): the sample of size n is positions 1…n. */
  position: number;
}

/** Counts per stratum. */
export interface StratumCount {
  size: number;
  drawn: number;
}

/** The derived sample and everything needed to re-derive it. */
export interface AuditSample {
  quarter: string;
  seed: string;
  algorithm: string;
  population: number;
  fingerprint: string;
  rate: number;
  sampleSize: number;
  keyItems: number;
  strata: Record<Stratum, StratumCount>;
  /** Key items first (in HMAC order), then the random draws by stratum (high, medium, low), each in HMAC order. */
  sample: SampledCustomer[];
}

/** Options of one draw. */
export interface DrawOptions {
  quarter: Quarter;
  rate: number;
  /** Hex seed (see normalizeSeed). */
  seed: string;
  /** Current validation findings; errors on volatile Customers fields make key items. */
  findings?: readonly Finding[];
}

/** A rate the policy refuses. */
export class RateOutOfPolicyError extends Error {
  constructor(readonly rate: number) {
    super(`Audit rate ${rate} is outside 0.10–0.20. Policy: ${RATE_POLICY}.`);
    this.name = "RateOutOfPolicyError";
  }
}

/** Throw RateOutOfPolicyError unless 0.10 ≤ rate ≤ 0.20. */
export function checkRate(rate: number): void {
  if (!Number.isFinite(rate) || rate < MIN_RATE || rate > MAX_RATE) throw new RateOutOfPolicyError(rate);
}

/** The key of the audit rate in the CreditPolicy (信用政策) table: `抽查比例` = 0.15 or 15%. */
export const AUDIT_RATE_SETTING = "抽查比例";

/** The 抽查比例 row of CreditPolicy: `0.15` or `15%` (or a number cell); default 15%. */
export function rateSetting(blocks: readonly SheetBlock[]): { rate: number; rateText: string | null } {
  const policy = blocks.find((b) => b.tableName === CREDIT_POLICY.tableName || b.sheet === CREDIT_POLICY.sheet);
  for (const row of policy?.values.slice(1) ?? []) {
    if (normalizeHeader(cellText(row[0] ?? null)) !== normalizeHeader(AUDIT_RATE_SETTING)) continue;
    const v = row[1] ?? null;
    const text = cellText(v).trim();
    const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
    const rate = typeof v === "number" ? v : pct ? Number(pct[1]) / 100 : Number(text);
    return { rate: Number.isFinite(rate) && text !== "" ? rate : Number.NaN, rateText: text };
  }
  return { rate: DEFAULT_RATE, rateText: null };
}

/**
 * n = ceil(rate × N). The product is rounded to 9 decimals first so that binary floating
 * point (0.15 × 20 = 3.0000000000000004) does not add a customer.
 */
export function sampleSize(rate: number, population: number): number {
  return Math.ceil(Math.round(rate * population * 1e9) / 1e9);
}

/** Customers in the population: 合作状态 is not 休眠; sorted by 客户编号 (UTF-16 code-unit order). */
export function freezePopulation(customers: readonly AuditCustomer[]): AuditCustomer[] {
  return customers.filter((c) => c.status !== DORMANT_STATUS).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** SHA-256 of the sorted population ids joined by "\n" (lower-case hex). */
export function populationFingerprint(sortedIds: readonly string[]): Promise<string> {
  return sha256Hex(sortedIds.join("\n"));
}

/** Ids sorted by HMAC-SHA256(seed, quarter + id). */
export async function hmacOrder(seed: string, quarter: string, ids: readonly string[]): Promise<string[]> {
  const macs = await hmacSha256HexAll(seed, ids.map((id) => quarter + id));
  return ids.map((id, i) => ({ id, mac: macs[i] })).sort((a, b) => (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : a.id < b.id ? -1 : 1)).map((x) => x.id);
}

/** Why a customer is a key item (the first reason found), or undefined. */
interface KeyReason {
  reason: string;
}

/**
 * Key-item candidates (SPEC §6 step 3):
 *  - a ChangeLog row about 联系人/联系方式/地址(省市区)/电子邮箱 dated inside the quarter
 *    (its first to its last day, both included) with no 最近核实日期 strictly after that day
 *    (a verification the same day cannot be proved to come after the change, so it does not count);
 *  - a validation finding of severity error on one of those columns of the Customers table.
 */
export function keyCandidates(population: readonly AuditCustomer[], input: AuditInput, quarter: Quarter, findings: readonly Finding[]): Map<string, KeyReason> {
  const byId = new Map(population.map((c) => [c.id, c]));
  const start = quarterStart(quarter);
  const end = quarterEnd(quarter);
  const out = new Map<string, KeyReason>();
  // Latest unverified change per customer, so the reason names the newest one.
  const changes = [...input.changes].sort((a, b) => b.day - a.day || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  for (const ch of changes) {
    const c = byId.get(ch.customerId);
    if (!c || out.has(c.id) || ch.day < start || ch.day > end) continue;
    if (c.verifiedOn !== null && c.verifiedOn > ch.day) continue;
    out.set(c.id, { reason: `key item: ${fieldHeader(ch.field)} changed ${formatDay(ch.day)} in ChangeLog, no later 最近核实日期` });
  }
  const fromFindings = new Map<string, string>();
  for (const f of findings) {
    if (f.severity !== "error" || f.table !== "Customers" || !f.customerId) continue;
    const field = volatileFieldOf(f.column);
    const c = byId.get(f.customerId);
    if (!field || !c || out.has(c.id)) continue;
    // Reasons name no row numbers, and the smallest text wins, so neither depends on row order.
    const reason = `key item: validation error '${f.code}' on ${fieldHeader(field)}`;
    const before = fromFindings.get(c.id);
    if (before === undefined || reason < before) fromFindings.set(c.id, reason);
  }
  for (const [id, reason] of fromFindings) out.set(id, { reason });
  return out;
}

const FIELD_HEADERS: Record<VolatileField, string> = { contact: "联系人", phone: "联系方式", address: "地址(省市区)", email: "电子邮箱" };
function fieldHeader(field: VolatileField): string {
  return FIELD_HEADERS[field];
}

/** Risk stratum and its reason (SPEC §6 step 4), measured at the quarter's last day. */
export function stratumOf(customer: AuditCustomer, input: AuditInput, quarter: Quarter): { stratum: Stratum; why: string } {
  const end = quarterEnd(quarter);
  const yearAgo = addMonths(end, -12);
  // A customer never verified counts from its opening (the first check of seed 003's 信息初核).
  const lastChecked = customer.verifiedOn ?? customer.opened;
  if (customer.grade === "C") return { stratum: "high", why: "grade C类" };
  if (lastChecked === null) return { stratum: "high", why: "no 最近核实日期 or 开户日期" };
  if (lastChecked < yearAgo) return { stratum: "high", why: `not verified since ${formatDay(lastChecked)} (over 12 months before ${formatDay(end)})` };
  // SPEC §10.4: a file lent and not back by its due day, measured at D (so re-deriving later gives the same stratum).
  const overdue = mostOverdueLoan(customer.id, input, end);
  if (overdue) return { stratum: "high", why: `overdue loan: ${overdue.docType || "file"} due ${formatDay(overdue.due)}, not returned by ${formatDay(end)} (${overdue.days} days)` };
  if (customer.grade === "B") return { stratum: "medium", why: "grade B类" };
  // The latest change in the year names the reason (field order breaks a tie, never row order).
  let change: AuditInput["changes"][number] | undefined;
  for (const ch of input.changes) {
    if (ch.customerId !== customer.id || ch.day <= yearAgo || ch.day > end) continue;
    if (!change || ch.day > change.day || (ch.day === change.day && ch.field < change.field)) change = ch;
  }
  if (change) return { stratum: "medium", why: `${fieldHeader(change.field)} changed ${formatDay(change.day)}` };
  return { stratum: "low", why: "no risk marker" };
}

/** The customer's loan most overdue at `day` (earliest due; ties by 资料类型, never by row), or null. */
function mostOverdueLoan(customerId: string, input: AuditInput, day: number): { docType: string; due: number; days: number } | null {
  let best: { docType: string; due: number; days: number } | null = null;
  for (const loan of input.loans ?? []) {
    if (loan.customerId !== customerId) continue;
    const days = overdueDays(loan, day);
    if (days <= 0) continue;
    if (!best || days > best.days || (days === best.days && loan.docType < best.docType)) best = { docType: loan.docType, due: loan.due!, days };
  }
  return best;
}

/** Draw (or re-derive) the sample of one quarter. Throws RateOutOfPolicyError for a rate outside the policy. */
export async function drawSample(input: AuditInput, options: DrawOptions): Promise<AuditSample> {
  checkRate(options.rate);
  const quarter = quarterText(options.quarter);
  const seed = options.seed.toLowerCase();
  const population = freezePopulation(input.customers);
  const ids = population.map((c) => c.id);
  const fingerprint = await populationFingerprint(ids);
  const n = sampleSize(options.rate, ids.length);

  const order = await hmacOrder(seed, quarter, ids);
  const rank = new Map(order.map((id, i) => [id, i]));
  const candidates = keyCandidates(population, input, options.quarter, options.findings ?? []);
  const keyOrder = order.filter((id) => candidates.has(id));

  const members: Record<Stratum, string[]> = { high: [], medium: [], low: [] };
  const strataOf = new Map<string, { stratum: Stratum; why: string }>();
  // Changes indexed by customer keep stratumOf's lookup linear in the log size per call; fine for
  // the sizes a workbook holds, but index them once anyway.
  const changesById = new Map<string, AuditInput["changes"]>();
  for (const ch of input.changes) (changesById.get(ch.customerId) ?? changesById.set(ch.customerId, []).get(ch.customerId)!).push(ch);
  const loansById = new Map<string, NonNullable<AuditInput["loans"]>>();
  for (const loan of input.loans ?? []) (loansById.get(loan.customerId) ?? loansById.set(loan.customerId, []).get(loan.customerId)!).push(loan);
  for (const c of population) {
    const s = stratumOf(c, { ...input, changes: changesById.get(c.id) ?? [], loans: loansById.get(c.id) ?? [] }, options.quarter);
    strataOf.set(c.id, s);
    members[s.stratum].push(c.id);
  }
  for (const s of STRATA) members[s].sort((a, b) => rank.get(a)! - rank.get(b)!);

  const taken = new Set<string>();
  const next: Record<Stratum, number> = { high: 0, medium: 0, low: 0 };
  const randomDraws: Record<Stratum, number> = { high: 0, medium: 0, low: 0 };
  const picked: SampledCustomer[] = [];
  let keyNext = 0;
  // Key turns consumed so far; a candidate already drawn at random uses up its turn without a new pick.
  let keyTaken = 0;
  const nextFree = (s: Stratum): string | undefined => {
    while (next[s] < members[s].length && taken.has(members[s][next[s]])) next[s]++;
    return members[s][next[s]];
  };
  for (let p = 1; p <= n; p++) {
    let pickedKey = false;
    while (!pickedKey && keyTaken < Math.min(keyOrder.length, Math.floor(p / 3))) {
      const id = keyOrder[keyNext++];
      keyTaken++;
      if (taken.has(id)) continue;
      taken.add(id);
      picked.push({ id, stratum: strataOf.get(id)!.stratum, keyItem: true, reason: candidates.get(id)!.reason, position: p });
      pickedKey = true;
    }
    if (pickedKey) continue;
    const open = STRATA.filter((s) => nextFree(s) !== undefined);
    const unrepresented = open.find((s) => randomDraws[s] === 0);
    let chosen: Stratum = unrepresented ?? open[0];
    if (!unrepresented) {
      let best = -1;
      for (const s of open) {
        const priority = (members[s].length * STRATUM_WEIGHT[s]) / (randomDraws[s] + 0.5);
        if (priority > best) { best = priority; chosen = s; }
      }
    }
    const id = nextFree(chosen)!;
    taken.add(id);
    randomDraws[chosen]++;
    picked.push({ id, stratum: chosen, keyItem: false, reason: `random: stratum ${chosen} (${strataOf.get(id)!.why})`, position: p });
  }
  // A candidate drawn at random before its key turn came is a key item all the same.
  const keyTurn = new Set(keyOrder.slice(0, keyTaken));
  for (const s of picked) {
    if (!s.keyItem && keyTurn.has(s.id)) {
      s.keyItem = true;
      s.reason = candidates.get(s.id)!.reason;
    }
  }
  const strata = Object.fromEntries(STRATA.map((s) => [s, { size: members[s].length, drawn: picked.filter((x) => x.stratum === s).length }])) as Record<Stratum, StratumCount>;
  const listed = [
    ...picked.filter((x) => x.keyItem).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!),
    ...STRATA.flatMap((s) => picked.filter((x) => !x.keyItem && x.stratum === s).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!)),
  ];
  return {
    quarter, seed, algorithm: ALGORITHM, population: ids.length, fingerprint, rate: options.rate, sampleSize: n,
    keyItems: listed.filter((x) => x.keyItem).length, strata, sample: listed,
  };
}

