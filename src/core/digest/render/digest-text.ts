import type { Locale } from "../../domain/platform.ts";
import type { Translate } from "../../i18n/translator.ts";
import type {
  CommunityDigest,
  Comparison,
  Figure,
  Headline,
  HourSlot,
  KindRate,
  PeerComparison,
  Recommendation,
} from "../digest.ts";
import { addDays } from "../digest-week.ts";
import { metricDefinitions } from "../metric-definitions.ts";

/** Formats numbers the way readers of one locale expect ("1,234.5" / "1.234,5", "12.5%" / "12,5%"). */
export class NumberFormats {
  readonly #percent: Intl.NumberFormat;
  readonly #change: Intl.NumberFormat;
  readonly #number: Intl.NumberFormat;
  readonly #p: Intl.NumberFormat;
  readonly #weekday: Intl.DateTimeFormat;
  readonly #day: Intl.DateTimeFormat;

  constructor(readonly locale: Locale) {
    const tag = locale === "it" ? "it-IT" : "en-GB";
    this.#percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
    this.#change = new Intl.NumberFormat(tag, {
      style: "percent",
      maximumFractionDigits: 0,
      signDisplay: "exceptZero",
    });
    this.#number = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
    this.#p = new Intl.NumberFormat(tag, { maximumFractionDigits: 3, minimumFractionDigits: 3 });
    this.#weekday = new Intl.DateTimeFormat(tag, { weekday: "short", timeZone: "UTC" });
    this.#day = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }

  percent(share: number): string {
    return this.#percent.format(share);
  }

  /** A relative change with its sign: "+12%", "−8%". */
  change(change: number): string {
    return this.#change.format(change).replace("-", "−");
  }

  number(value: number): string {
    return this.#number.format(value);
  }

  /** A p-value as read in a sentence: "p = 0.012", or "p < 0.001" below that. */
  p(p: number): string {
    return p < 0.001 ? `p < ${this.#p.format(0.001)}` : `p = ${this.#p.format(p)}`;
  }

  /** Short weekday name, 0 = Monday. */
  weekday(weekday: number): string {
    // 2024-01-01 was a Monday.
    return this.#weekday.format(new Date(Date.UTC(2024, 0, 1 + weekday)));
  }

  /** A local calendar day, "24 Nov 2026". */
  day(day: string): string {
    return this.#day.format(new Date(`${day}T00:00:00Z`));
  }
}

/** Localized sentences about a digest, shared by every renderer (chat, Markdown, HTML). */
export class DigestText {
  readonly t: Translate;
  readonly n: NumberFormats;

  constructor(t: Translate, locale: Locale) {
    this.t = t;
    this.n = new NumberFormats(locale);
  }

  title(digest: CommunityDigest): string {
    return this.t("digest.title", { community: digest.community.title, week: digest.week.label });
  }

  /** "23 Nov 2026 – 29 Nov 2026, Europe/Rome" */
  period(digest: CommunityDigest): string {
    return this.t("digest.period", {
      from: this.n.day(digest.week.startDay),
      to: this.n.day(addDays(digest.week.endDay, -1)),
      timeZone: digest.community.timeZone,
    });
  }

  metric(figure: Pick<Figure, "metric">): string {
    return this.t(`digest.metric.${figure.metric}`);
  }

  /** A figure's value as text: "24.5%", "120", "withheld", "n/a". */
  value(figure: Figure): string {
    if (figure.status === "withheld") return this.t("digest.status.withheld");
    if (figure.status === "unavailable" || figure.value === null) return this.t("digest.status.unavailable");
    const unit = metricDefinitions[figure.metric].unit;
    if (unit === "share" || unit === "ratio") return this.n.percent(figure.value);
    if (unit === "hours") return this.t("digest.hours", { hours: this.n.number(figure.value) });
    return this.n.number(figure.value);
  }

  /** A comparison's reference value in the figure's unit: "—" when no earlier week was alike, or "withheld". */
  reference(headline: Headline, comparison: Comparison): string {
    if (comparison.weeksBack.length === 0) return this.t("digest.reference.none");
    if (comparison.reference === null) return this.t("digest.status.withheld");
    return this.inUnit(headline, comparison.reference);
  }

  /** A value of a headline figure in its unit: "48%", "21", "6.3". */
  inUnit(headline: Headline, value: number): string {
    return metricDefinitions[headline.figure.metric].unit === "share"
      ? this.n.percent(value)
      : this.n.number(Math.round(value * 10) / 10);
  }

  /** What the comparison was against: "last week", "the latest week with a campaign", "the 4-week average". */
  referenceLabel(comparison: Comparison): string {
    return this.t(`digest.reference.${comparison.basis}.${comparison.cadence}`);
  }

  /** A comparison as a table cell: "31% (−23%, p = 0.012)"; a comparison not tested shows only its reference. */
  comparison(headline: Headline, comparison: Comparison): string {
    const reference = this.reference(headline, comparison);
    if (comparison.change === null) return reference;
    const p = comparison.adjustedPValue === null ? "" : `, ${this.n.p(comparison.adjustedPValue)}`;
    return `${reference} (${this.n.change(comparison.change)}${p})`;
  }

  /** One line per headline figure: the value, and either the changes called out or "no significant change". */
  headline(headline: Headline): string {
    const metric = this.metric(headline.figure);
    if (headline.call === "withheld") return this.t("digest.change.withheld", { metric });
    if (headline.figure.status === "unavailable") return this.t("digest.change.unavailable", { metric });
    const value = this.value(headline.figure);
    const [previous, baseline] = headline.comparisons;
    if (headline.call === "no_significant_change" || !previous || !baseline) {
      return this.t("digest.change.none", {
        metric,
        value,
        previousLabel: previous ? this.referenceLabel(previous) : "",
        previous: previous ? this.reference(headline, previous) : "—",
        baselineLabel: baseline ? this.referenceLabel(baseline) : "",
        baseline: baseline ? this.reference(headline, baseline) : "—",
      });
    }
    // A called-out comparison always has a change and an adjusted p-value (headline.ts).
    const reasons = headline.comparisons
      .filter((c) => c.calledOut && c.change !== null && c.adjustedPValue !== null)
      .map((c) =>
        this.t("digest.basis", {
          change: this.n.change(c.change as number),
          against: this.t(`digest.against.${c.basis}.${c.cadence}`),
          reference: this.reference(headline, c),
          p: this.n.p(c.adjustedPValue as number),
        }),
      );
    return this.t(`digest.change.${headline.call}`, { metric, value, reasons: reasons.join("; ") });
  }

  /**
   * The figure's trend in plain words: "Participation rose over 8 weeks: 48% → 66%, a clear trend.";
   * `withP` adds the adjusted p-value (the full report; the chat message leaves it out).
   */
  trend(headline: Headline, withP: boolean): string {
    const { trend } = headline;
    const metric = this.metric(headline.figure);
    const line =
      trend.from === null || trend.to === null
        ? { from: "—", to: "—" }
        : { from: this.inUnit(headline, trend.from), to: this.inUnit(headline, trend.to) };
    const p = withP && trend.adjustedPValue !== null ? this.n.p(trend.adjustedPValue) : null;
    return this.t(`digest.trend.${trend.call}`, {
      metric,
      weeks: trend.span,
      alike: this.t(`digest.trend.alike.${trend.cadence}`),
      evidence: p === null ? "" : trend.call === "no_clear_trend" ? `, ${p}` : ` (${p})`,
      ...line,
    });
  }

  /** The brand-or-market verdict with its evidence. */
  peers(peers: PeerComparison): string {
    const verdict = this.t(`digest.verdict.${peers.verdict}`);
    const origins = this.peerOrigins(peers);
    if (peers.verdict === "not_enough_peers") return this.t("digest.peers.tooFew", { verdict, origins });
    if (peers.verdict === "no_data") return verdict;
    return this.t("digest.peers.line", {
      verdict,
      origins,
      metric: this.t(`digest.metric.${peers.metric}`),
      own: this.n.change(peers.ownChange ?? 0),
      median: this.n.change(peers.peerMedianChange ?? 0),
      peers: peers.peers,
      p: this.n.p(peers.pValue ?? 1),
    });
  }

  /** "5 peers: 3 from this deployment, 2 from the benchmark “Agency X 2026-W47”", or that there are none. */
  peerOrigins(peers: PeerComparison): string {
    if (peers.peers === 0) return this.t("digest.peers.none");
    const parts = peers.origins.map((origin) =>
      origin.kind === "deployment"
        ? this.t("digest.peers.fromDeployment", { count: origin.peers })
        : this.t("digest.peers.fromBenchmark", { count: origin.peers, name: `${origin.source} ${origin.week}` }),
    );
    return this.t("digest.peers.origins", { count: peers.peers, parts: parts.join(", ") });
  }

  /** A recommendation and the figures it rests on. */
  recommendation(r: Recommendation): string {
    switch (r.type) {
      case "unanswered_questions":
        return r.oldestHours === null
          ? this.t("digest.advice.unansweredQuestions", { count: r.count })
          : this.t("digest.advice.unansweredQuestionsSince", { count: r.count, hours: r.oldestHours });
      case "offers_running_out":
        return this.t("digest.advice.offersRunningOut", {
          offers: r.offers
            .map((o) =>
              this.t(o.remaining !== null ? "digest.advice.offerLeft" : "digest.advice.offerCloses", {
                title: o.title,
                hours: o.hoursLeft ?? "—",
                remaining: o.remaining ?? "—",
              }),
            )
            .join(", "),
        });
      case "best_hours":
        return this.t("digest.advice.bestHours", {
          slots: r.slots.map((s) => this.slot(s)).join(", "),
          share: this.n.percent(r.slots.reduce((sum, s) => sum + s.share, 0)),
          total: this.n.number(r.total),
          weeks: r.weeks,
        });
      case "best_campaign_kind":
        return this.t("digest.advice.bestKind", {
          best: this.t(`digest.kind.${r.best.kind}`),
          bestRate: this.rate(r.best),
          runnerUp: this.t(`digest.kind.${r.runnerUp.kind}`),
          runnerUpRate: this.rate(r.runnerUp),
          weeks: r.weeks,
          evidence:
            r.pValue === null
              ? this.t("digest.advice.untested")
              : r.pValue < 0.05
                ? this.t("digest.advice.significant", { p: this.n.p(r.pValue) })
                : this.t("digest.advice.notSignificant", { p: this.n.p(r.pValue) }),
        });
      case "try_another_kind":
        return this.t("digest.advice.tryAnotherKind", {
          kind: this.t(`digest.kind.${r.only.kind}`),
          rate: this.rate(r.only),
          weeks: r.weeks,
        });
    }
  }

  /** "Tue 18:00–19:00 (42)" */
  slot(slot: HourSlot): string {
    const from = `${String(slot.hour).padStart(2, "0")}:00`;
    const to = `${String((slot.hour + 1) % 24).padStart(2, "0")}:00`;
    return `${this.n.weekday(slot.weekday)} ${from}–${to} (${this.n.number(slot.count)})`;
  }

  /** "31% (62 of 200)" */
  rate(rate: Pick<KindRate, "responders" | "reach">): string {
    return this.t("digest.rate", {
      rate: this.n.percent(rate.responders / rate.reach),
      part: this.n.number(rate.responders),
      whole: this.n.number(rate.reach),
    });
  }
}
