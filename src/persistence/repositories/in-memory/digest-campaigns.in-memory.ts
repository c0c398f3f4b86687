import type {
  CampaignFacts,
  CampaignMetricsSource,
  LiveOffer,
  OfferFacts,
  OpenQuestions,
  QuestionFacts,
} from "../../../core/digest/campaign-metrics.port.ts";

/**
 * Campaign facts held in memory, as tests state them: the in-memory poll, offer and Q&A repositories keep their
 * rows to themselves, so core tests that need campaigns in a digest say here what the campaign tables would
 * answer. Offer and Q&A figures nobody stated answer null, as if those tables did not exist (the digest then
 * falls back to the rollups).
 */
export class CampaignMetricsInMemory implements CampaignMetricsSource {
  readonly #campaigns: { communityId: string; facts: CampaignFacts }[] = [];
  readonly #liveOffers: { communityId: string; offer: LiveOffer }[] = [];
  readonly #offers = new Map<string, OfferFacts>();
  readonly #questions = new Map<string, QuestionFacts>();
  readonly #open = new Map<string, OpenQuestions>();

  /** States what the offers table answers for the community (whatever the period). */
  stateOffers(communityId: string, facts: OfferFacts): void {
    this.#offers.set(communityId, { ...facts });
  }

  /** States what the Q&A table answers for the community: the period's questions, and those still waiting. */
  stateQuestions(communityId: string, facts: QuestionFacts, open: OpenQuestions): void {
    this.#questions.set(communityId, { ...facts });
    this.#open.set(communityId, { ...open });
  }

  /** States a campaign sent in a community. */
  add(communityId: string, facts: CampaignFacts): void {
    this.#campaigns.push({ communityId, facts: { ...facts } });
  }

  /** States a live offer of a community. */
  addLiveOffer(communityId: string, offer: LiveOffer): void {
    this.#liveOffers.push({ communityId, offer: { ...offer } });
  }

  async campaignsSent(communityId: string, from: Date, to: Date): Promise<CampaignFacts[]> {
    return this.#campaigns
      .filter((c) => c.communityId === communityId && c.facts.sentAt >= from && c.facts.sentAt < to)
      .map((c) => ({ ...c.facts }))
      .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || (a.id < b.id ? -1 : 1));
  }

  async offers(communityId: string, _from: Date, _to: Date): Promise<OfferFacts | null> {
    return this.#offers.get(communityId) ?? null;
  }

  async questions(communityId: string, _from: Date, _to: Date): Promise<QuestionFacts | null> {
    return this.#questions.get(communityId) ?? null;
  }

  async openQuestions(communityId: string, _at: Date): Promise<OpenQuestions | null> {
    return this.#open.get(communityId) ?? null;
  }

  async liveOffers(communityId: string, at: Date): Promise<LiveOffer[]> {
    return this.#liveOffers
      .filter((o) => o.communityId === communityId && (o.offer.closesAt === null || o.offer.closesAt > at))
      .map((o) => ({ ...o.offer }))
      .sort(
        (a, b) =>
          (a.closesAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.closesAt?.getTime() ?? Number.POSITIVE_INFINITY),
      );
  }
}
