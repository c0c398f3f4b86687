import type {
  BrandApiKeyRepository,
  ClaimOutcome,
  LiveOfferFacts,
  NewOffer,
  OfferPeriodFacts,
  OfferRepository,
  RedeemOutcome,
  StoredApiKey,
} from "../../../core/offers/offer.repository.port.ts";
import { median, type Offer, type OfferClaim, type OfferStats } from "../../../core/offers/offer.ts";
import type { MessageRef } from "../../../core/ports/chat-platform.port.ts";
import { type InMemoryStore, rowKey } from "./in-memory-store.ts";

/** An OfferClaim row. */
export interface StoredClaim {
  readonly offerId: string;
  readonly serial: number;
  memberId: string | null;
  readonly memberSlot: number;
  readonly claimedAt: Date;
  redeemedAt: Date | null;
}

/** The offer tables of one store. */
export interface OfferTables {
  readonly offers: Map<string, Offer>;
  readonly claims: StoredClaim[];
  /** Offer id → its pool, slot n at index n - 1. */
  readonly pools: Map<string, readonly string[]>;
  /** (brand, code) → the offer and slot holding it. */
  readonly poolIndex: Map<string, { offerId: string; slot: number }>;
  readonly messages: Map<string, MessageRef[]>;
  readonly audience: Set<string>;
  readonly apiKeys: Map<string, StoredApiKey>;
}

// Kept beside the shared store rather than in it, so that every repository set built on one store (a second
// "instance" in tests) sees the same offers.
const tablesOf = new WeakMap<InMemoryStore, OfferTables>();

/** The offer tables kept beside a store (created on first use). */
export function offerTablesOf(store: InMemoryStore): OfferTables {
  let found = tablesOf.get(store);
  if (!found) {
    found = {
      offers: new Map(),
      claims: [],
      pools: new Map(),
      poolIndex: new Map(),
      messages: new Map(),
      audience: new Set(),
      apiKeys: new Map(),
    };
    tablesOf.set(store, found);
  }
  return found;
}

/**
 * Offers in memory with the database's semantics: numbers unique per community, pool codes unique per brand,
 * claims and redemptions applied atomically (each runs to completion without yielding). Claims of a member
 * erased from the shared store read as the database's SET NULL leaves them.
 */
export class OfferRepositoryInMemory implements OfferRepository {
  readonly #store: InMemoryStore;
  readonly #t: OfferTables;

  constructor(store: InMemoryStore) {
    this.#store = store;
    this.#t = offerTablesOf(store);
  }

  async create(offer: NewOffer): Promise<Offer | { readonly codesInUse: string[] }> {
    this.#store.requireCommunity(offer.communityId);
    if (this.#t.offers.has(offer.id)) throw new Error(`unique violation: campaign ${offer.id} exists`);
    const pool = offer.pool ?? [];
    const inUse = pool.filter((code) => this.#t.poolIndex.has(rowKey(offer.brandId, code)));
    if (inUse.length > 0) return { codesInUse: inUse.sort() };
    let last = 0;
    for (const o of this.#t.offers.values()) if (o.communityId === offer.communityId) last = Math.max(last, o.number);
    const { brandId: _brand, pool: _pool, ...fields } = offer;
    const stored: Offer = { ...fields, number: last + 1, claimed: 0, state: "scheduled", closedAt: null, reach: null };
    this.#t.offers.set(offer.id, stored);
    if (offer.pool) this.#t.pools.set(offer.id, [...pool]);
    pool.forEach((code, index) => {
      this.#t.poolIndex.set(rowKey(offer.brandId, code), { offerId: offer.id, slot: index + 1 });
    });
    return copy(stored);
  }

  async get(id: string): Promise<Offer | null> {
    const offer = this.#live(id);
    return offer ? copy(offer) : null;
  }

  async findByNumber(communityId: string, number: number): Promise<Offer | null> {
    for (const offer of this.#t.offers.values()) {
      if (offer.communityId === communityId && offer.number === number && this.#live(offer.id)) return copy(offer);
    }
    return null;
  }

  async findByRef(ref: string): Promise<Offer | null> {
    for (const offer of this.#t.offers.values()) if (offer.ref === ref && this.#live(offer.id)) return copy(offer);
    return null;
  }

  async list(communityId: string, limit: number): Promise<Offer[]> {
    return [...this.#t.offers.values()]
      .filter((o) => o.communityId === communityId && this.#live(o.id))
      .sort((a, b) => b.number - a.number)
      .slice(0, limit)
      .map(copy);
  }

  async discard(id: string): Promise<void> {
    this.#t.offers.delete(id);
    this.#t.pools.delete(id);
    this.#t.messages.delete(id);
    for (const [key, entry] of this.#t.poolIndex) if (entry.offerId === id) this.#t.poolIndex.delete(key);
    for (let i = this.#t.claims.length - 1; i >= 0; i--)
      if (this.#t.claims[i]!.offerId === id) this.#t.claims.splice(i, 1);
  }

  async open(id: string, _at: Date, reach: number, audience: readonly string[] | null): Promise<Offer | null> {
    const offer = this.#live(id);
    if (offer?.state !== "scheduled") return null;
    for (const memberId of audience ?? []) this.#store.requireMember(memberId);
    const opened: Offer = { ...offer, state: "live", reach };
    this.#t.offers.set(id, opened);
    for (const memberId of audience ?? []) this.#t.audience.add(rowKey(id, memberId));
    return copy(opened);
  }

  async close(id: string, at: Date): Promise<{ offer: Offer; changed: boolean } | null> {
    const offer = this.#live(id);
    if (!offer) return null;
    if (offer.state === "closed") return { offer: copy(offer), changed: false };
    const closed: Offer = { ...offer, state: "closed", closedAt: new Date(at) };
    this.#t.offers.set(id, closed);
    return { offer: copy(closed), changed: true };
  }

  async inAudience(offerId: string, memberId: string): Promise<boolean> {
    return this.#store.members.has(memberId) && this.#t.audience.has(rowKey(offerId, memberId));
  }

  async claim(request: { offerId: string; memberId: string; at: Date; priorClaims?: number }): Promise<ClaimOutcome> {
    const { offerId, memberId, at } = request;
    const offer = this.#live(offerId);
    const time = at.getTime();
    if (offer?.state !== "live" || time < offer.startsAt.getTime() || time >= offer.endsAt.getTime()) {
      return { kind: "closed" };
    }
    this.#store.requireMember(memberId);
    if (offer.claimed >= offer.quantity) return { kind: "all_claimed" };
    const mine = this.#claimRows(offerId).filter((c) => this.#memberOf(c) === memberId);
    if (mine.length + (request.priorClaims ?? 0) >= offer.perMember) {
      return { kind: "limit_reached", claims: mine.map((c) => this.#toClaim(c)) };
    }
    const taken: Offer = { ...offer, claimed: offer.claimed + 1 };
    this.#t.offers.set(offerId, taken);
    const row: StoredClaim = {
      offerId,
      serial: taken.claimed,
      memberId,
      memberSlot: mine.length + 1,
      claimedAt: new Date(at),
      redeemedAt: null,
    };
    this.#t.claims.push(row);
    return { kind: "claimed", claim: this.#toClaim(row), offer: copy(taken) };
  }

  async claimsOf(offerId: string, memberId: string): Promise<OfferClaim[]> {
    return this.#claimRows(offerId)
      .filter((c) => this.#memberOf(c) === memberId)
      .sort((a, b) => a.serial - b.serial)
      .map((c) => this.#toClaim(c));
  }

  async claimBySerial(offerId: string, serial: number): Promise<OfferClaim | null> {
    const row = this.#claimRows(offerId).find((c) => c.serial === serial);
    return row ? this.#toClaim(row) : null;
  }

  async claimByPoolCode(brandId: string, code: string): Promise<{ offer: Offer; claim: OfferClaim } | null> {
    const entry = this.#t.poolIndex.get(rowKey(brandId, code));
    const offer = entry && this.#live(entry.offerId);
    const claim = entry && (await this.claimBySerial(entry.offerId, entry.slot));
    return offer && claim ? { offer: copy(offer), claim } : null;
  }

  async redeem(offerId: string, serial: number, at: Date): Promise<RedeemOutcome> {
    const row = this.#claimRows(offerId).find((c) => c.serial === serial);
    if (!row) return { kind: "not_found" };
    if (row.redeemedAt) return { kind: "already_redeemed", claim: this.#toClaim(row) };
    row.redeemedAt = new Date(at);
    return { kind: "redeemed", claim: this.#toClaim(row) };
  }

  async stats(offerId: string): Promise<OfferStats> {
    const redeemed = this.#claimRows(offerId).filter((c) => c.redeemedAt !== null);
    return {
      claimed: this.#live(offerId)?.claimed ?? 0,
      redeemed: redeemed.length,
      medianMsToRedeem: median(redeemed.map((c) => c.redeemedAt!.getTime() - c.claimedAt.getTime())),
    };
  }

  async periodFacts(communityId: string, from: Date, to: Date): Promise<OfferPeriodFacts> {
    const within = (at: Date | null) => at !== null && at >= from && at < to;
    const rows = this.#t.claims.filter((c) => this.#live(c.offerId)?.communityId === communityId);
    const redeemed = rows.filter((c) => within(c.redeemedAt));
    return {
      claims: rows.filter((c) => within(c.claimedAt)).length,
      redemptions: redeemed.length,
      medianHoursToRedeem: median(redeemed.map((c) => (c.redeemedAt!.getTime() - c.claimedAt.getTime()) / 3_600_000)),
    };
  }

  async liveOffers(communityId: string, at: Date): Promise<LiveOfferFacts[]> {
    return [...this.#t.offers.values()]
      .filter(
        (o) =>
          o.communityId === communityId && o.state === "live" && o.startsAt <= at && o.endsAt > at && this.#live(o.id),
      )
      .sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((o) => ({ title: o.title, closesAt: new Date(o.endsAt), remaining: Math.max(0, o.quantity - o.claimed) }));
  }

  async claimants(offerIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const id of offerIds) {
      const count = this.#claimRows(id).filter((c) => c.memberSlot === 1).length;
      if (count > 0) counts.set(id, count);
    }
    return counts;
  }

  async addMessage(offerId: string, ref: MessageRef, _at: Date): Promise<void> {
    const list = this.#t.messages.get(offerId) ?? [];
    if (!list.some((m) => m.channelId === ref.channelId && m.messageId === ref.messageId)) list.push({ ...ref });
    this.#t.messages.set(offerId, list);
  }

  async messages(offerId: string): Promise<MessageRef[]> {
    return (this.#t.messages.get(offerId) ?? []).map((m) => ({ ...m }));
  }

  /** The offer, unless its community was deleted (the database would have cascaded it away). */
  #live(id: string): Offer | undefined {
    const offer = this.#t.offers.get(id);
    return offer && this.#store.communities.has(offer.communityId) ? offer : undefined;
  }

  #claimRows(offerId: string): StoredClaim[] {
    return this.#live(offerId) ? this.#t.claims.filter((c) => c.offerId === offerId) : [];
  }

  #memberOf(claim: StoredClaim): string | null {
    return claim.memberId && this.#store.members.has(claim.memberId) ? claim.memberId : null;
  }

  #toClaim(row: StoredClaim): OfferClaim {
    return {
      offerId: row.offerId,
      serial: row.serial,
      memberId: this.#memberOf(row),
      claimedAt: new Date(row.claimedAt),
      redeemedAt: row.redeemedAt && new Date(row.redeemedAt),
      poolCode: this.#t.pools.get(row.offerId)?.[row.serial - 1] ?? null,
    };
  }
}

/** The brands' API keys in memory. */
export class BrandApiKeyRepositoryInMemory implements BrandApiKeyRepository {
  readonly #store: InMemoryStore;
  readonly #keys: Map<string, StoredApiKey>;

  constructor(store: InMemoryStore) {
    this.#store = store;
    this.#keys = offerTablesOf(store).apiKeys;
  }

  async create(key: StoredApiKey): Promise<void> {
    if (!this.#store.brands.has(key.brandId)) {
      throw new Error(`foreign key violation: brand ${key.brandId} does not exist`);
    }
    if (this.#keys.has(key.id)) throw new Error(`unique violation: api key ${key.id} exists`);
    this.#keys.set(key.id, { ...key, createdAt: new Date(key.createdAt) });
  }

  async get(id: string): Promise<StoredApiKey | null> {
    const key = this.#keys.get(id);
    return key && this.#store.brands.has(key.brandId) ? { ...key, createdAt: new Date(key.createdAt) } : null;
  }
}

function copy(offer: Offer): Offer {
  return {
    ...offer,
    startsAt: new Date(offer.startsAt),
    endsAt: new Date(offer.endsAt),
    closedAt: offer.closedAt && new Date(offer.closedAt),
  };
}
