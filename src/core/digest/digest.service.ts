import type { Community } from "../domain/community.ts";
import type { Locale } from "../domain/platform.ts";
import type { Translator } from "../i18n/translator.ts";
import type { Clock } from "../ports/clock.port.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { BrandRepository, CommunityRepository } from "../ports/repositories.port.ts";
import type { MessageView } from "../ports/view.ts";
import type { CampaignMetricsSource } from "./campaign-metrics.port.ts";
import type { ChartRenderer, LineChart, RenderedChart } from "./chart.port.ts";
import type { DigestRepository } from "./digest.repository.port.ts";
import type { BrandDigest, CommunityDigest } from "./digest.ts";
import { DigestBuilder } from "./digest-builder.ts";
import type { DigestWeek } from "./digest-week.ts";
import { PeerCache } from "./peer-cache.ts";
import { brandDigestView, chartAttachment, communityDigestView } from "./render/chat-view.ts";
import { DigestText } from "./render/digest-text.ts";
import { brandChart, communityCharts } from "./render/participation-chart.ts";

/** What the digest service is built from. */
export interface DigestServiceDeps {
  readonly communities: CommunityRepository;
  readonly brands: BrandRepository;
  readonly digests: DigestRepository;
  readonly campaigns: CampaignMetricsSource;
  readonly chart: ChartRenderer;
  readonly translator: Translator;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Builds and renders digests: one community's or a whole brand's (every community, on both platforms, each
 * read in its own time zone for the same seven calendar days).
 */
export class DigestService {
  readonly #deps: DigestServiceDeps;
  readonly #peers: PeerCache;

  constructor(deps: DigestServiceDeps) {
    this.#deps = deps;
    this.#peers = new PeerCache({ now: () => deps.clock.now().getTime() });
  }

  /** The stores behind the digest (subscriptions and deliveries live in `digests`). */
  get repository(): DigestRepository {
    return this.#deps.digests;
  }

  /** A builder whose peers' figures are shared with every digest this service builds within PEER_CACHE_MS. */
  builder(): DigestBuilder {
    return new DigestBuilder(
      { communities: this.#deps.communities, digests: this.#deps.digests, campaigns: this.#deps.campaigns },
      this.#peers,
    );
  }

  /** One community's digest for a week, generated at `now` (default: the clock's now). */
  async community(
    community: Community,
    week: DigestWeek,
    options: { now?: Date; builder?: DigestBuilder } = {},
  ): Promise<CommunityDigest> {
    const builder = options.builder ?? this.builder();
    return builder.build(community, week, options.now ?? this.#deps.clock.now());
  }

  /** The brand's digest: its active communities in title order; null when there is no such brand. */
  async brand(
    brandId: string,
    week: DigestWeek,
    options: { now?: Date; builder?: DigestBuilder; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<BrandDigest | null> {
    const brand = await this.#deps.brands.get(brandId);
    if (!brand) return null;
    const communities = (await this.#deps.communities.listByBrand(brandId))
      .filter((c) => c.active)
      .sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1));
    const builder = options.builder ?? this.builder();
    const now = options.now ?? this.#deps.clock.now();
    const digests: CommunityDigest[] = [];
    for (const community of communities) {
      digests.push(await builder.build(community, week, now));
      options.onProgress?.(digests.length, communities.length);
    }
    return { brandId, brandName: brand.name, weekLabel: week.label, communities: digests };
  }

  /** Sentences in a locale. */
  text(locale: Locale): DigestText {
    return new DigestText(this.#deps.translator.for(locale), locale);
  }

  /** Draws a chart; null (logged) when drawing fails, so a digest still goes out without its chart. */
  async draw(chart: LineChart): Promise<RenderedChart | null> {
    try {
      return await this.#deps.chart.render(chart);
    } catch (error) {
      this.#deps.logger.error({ err: error }, "digest chart could not be drawn");
      return null;
    }
  }

  /**
   * A community's digest as a chat message with its charts, in `locale`: participation first (named
   * `digest-<week>.png`), then the others (`digest-<week>-<chart>.png`); a chart that cannot be drawn is left out.
   */
  async communityView(digest: CommunityDigest, locale: Locale): Promise<MessageView> {
    const text = this.text(locale);
    const charts = digest.withheld ? [] : communityCharts(digest, text);
    // Drawn together: each chart's rasterizing runs in a worker thread while the next is laid out.
    const drawn = await Promise.all(charts.map(({ chart }) => this.draw(chart)));
    const attachments = charts.flatMap(({ id }, index) => {
      const png = drawn[index]?.png;
      const name = id === "participation" ? `digest-${digest.week.label}` : `digest-${digest.week.label}-${id}`;
      return png ? [chartAttachment(png, name)] : [];
    });
    return communityDigestView(digest, text, attachments);
  }

  /** A brand's digest as a chat message with one chart of all its communities, in `locale`. */
  async brandView(digest: BrandDigest, locale: Locale): Promise<MessageView> {
    const text = this.text(locale);
    const reported = digest.communities.some((d) => !d.withheld);
    const chart = reported ? await this.draw(brandChart(digest, text)) : null;
    return brandDigestView(digest, text, chart ? chartAttachment(chart.png, `digest-${digest.weekLabel}`) : null);
  }
}
