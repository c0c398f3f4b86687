// The weekly digest's cost: one community's digest over 10 thousand, 1 million and 10 million stored events,
// and the weekly run over every community of a 1,000-community deployment, on the real app (startTestApp on the
// generated database: its repositories, its digest feature, its chart renderer). Nothing is sent: the platforms
// are stand-ins that accept every message, so the figures are the digest's own work.
import type { DigestFeature } from "../src/core/digest/digest-feature.ts";
import type { Platform } from "../src/core/domain/platform.ts";
import type { ChatPlatform, MessageRef } from "../src/core/ports/chat-platform.port.ts";
import { telegramCapabilities } from "../src/platforms/telegram/telegram.chat.ts";
import { startTestApp } from "../test/support/test-app.ts";
import { createBenchDatabase, type DatabaseTarget } from "./bench-database.ts";
import { type DigestDataset, generateDigestDataset } from "./digest-dataset.ts";
import { type Figure, figure, ratio, type Section, type Unmeasured } from "./report.ts";
import { since } from "./stats.ts";

export interface DigestOptions {
  readonly target: DatabaseTarget;
  readonly communities: number;
  readonly scaling: readonly number[];
  /** Digests built per scaling community (a fresh builder each, as every weekly fire makes one). */
  readonly runs: number;
  /** Weekly runs over the whole deployment, as many as fit in `deploymentBudgetMs` (at least one is started). */
  readonly deploymentRuns: number;
  /** Deliveries in flight at once: the scheduler starts the fires due in a tick together, up to its batch size. */
  readonly deploymentConcurrency: number;
  /** A run still going after this long is stopped: its time is then only a lower bound. */
  readonly deploymentCapMs: number;
  readonly progress?: (line: string) => void;
}

export const digestTargetMs = 200;
export const deploymentTargetSeconds = 30;

export async function measureDigest(options: DigestOptions): Promise<Section> {
  const name = options.target.provider === "sqlite" ? "SQLite" : "PostgreSQL";
  const database = await createBenchDatabase(options.target);
  try {
    const generated = performance.now();
    const dataset = await generateDigestDataset(database, {
      communities: options.communities,
      brands: Math.max(1, Math.round(options.communities / 10)),
      scaling: options.scaling,
      ...(options.progress ? { progress: options.progress } : {}),
    });
    const generationSeconds = since(generated) / 1000;
    options.progress?.(
      `digest data: ${dataset.rows.toLocaleString("en-US")} rows in ${Math.round(generationSeconds)} s`,
    );
    const method = [
      `${options.communities.toLocaleString("en-US")} communities in ${Math.round(options.communities / 10)} brands (a third opted in to peer comparison), 20–1,000 members each; ${options.scaling.length} of them have 2,000 members and ${options.scaling.map((n) => n.toLocaleString("en-US")).join(" / ")} stored events over 26 weeks.`,
      `Generated in ${Math.round(generationSeconds)} s (${dataset.rows.toLocaleString("en-US")} rows) straight into the database: the scaling communities' raw events by SQL, every rollup computed for exactly those events; the other communities get rollups over the windows the digest reads, not their raw events.`,
      "Built by the app's own digest feature (startApp on that database) for week 2026-W48; messages go to stand-in platforms, so network and rate limits are not included.",
      "A digest reads rollups, never raw events; its largest read is the distinct (member, day) pairs of seven weeks, bounded by members × days: build time grows with stored events only until every member is active every day (about 1 million events for 2,000 members), then stays flat.",
      `The weekly run builds, draws (Vega-Lite chart, PNG rasterized in worker threads) and posts every community's digest, ${options.deploymentConcurrency} at a time, as the scheduler runs the fires due in one tick (its batch size).`,
    ];
    const app = await startTestApp({ DATABASE_URL: database.url });
    try {
      const feature = app.services.digest;
      const sent = { count: 0 };
      for (const platform of ["telegram", "discord"] as const) app.services.chat.register(standIn(platform, sent));
      const scaling = await scalingFigures(feature, app.services.repositories.communities, dataset, options);
      const deployment = await deploymentFigure(feature, dataset, options, async () => {
        await app.database.prisma.$executeRawUnsafe(`DELETE FROM "DigestDelivery"`);
      });
      return {
        id: `digest-${options.target.provider}`,
        title: `Digest on ${name}`,
        method,
        figures: [...scaling, ...deployment.figures],
        unmeasured: deployment.unmeasured,
      };
    } finally {
      await app.dispose();
    }
  } finally {
    await database.drop();
  }
}

async function scalingFigures(
  feature: DigestFeature,
  communities: { get(id: string): Promise<import("../src/core/domain/community.ts").Community | null> },
  dataset: DigestDataset,
  options: DigestOptions,
): Promise<Figure[]> {
  const builds: number[][] = [];
  const messages: number[][] = [];
  for (const { communityId, events } of dataset.scaling) {
    const community = await communities.get(communityId);
    if (!community) throw new Error(`community ${communityId} is missing`);
    const built: number[] = [];
    const rendered: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const started = performance.now();
      const digest = await feature.service.community(community, dataset.week, { now: dataset.now });
      built.push(since(started));
      await feature.service.communityView(digest, community.locale);
      rendered.push(since(started));
    }
    options.progress?.(
      `digest ${events.toLocaleString("en-US")} events: build ${Math.round(median(built))} ms, with message ${Math.round(median(rendered))} ms`,
    );
    builds.push(built);
    messages.push(rendered);
  }
  const label = (events: number) =>
    `${events >= 1_000_000 ? `${events / 1_000_000} million` : `${events / 1_000} thousand`} events`;
  const largest = dataset.scaling.length - 1;
  return dataset.scaling.flatMap(({ events }, i) => {
    const isLargest = i === largest;
    return [
      figure(`digest.build.${events}`, `one community, ${label(events)}: build`, "ms", builds[i]!, {
        ratios: i > 0 ? [ratio(`the ${label(dataset.scaling[0]!.events)} case`, builds[i]!, builds[0]!, "times")] : [],
        targets: isLargest ? [{ text: `≤ ${digestTargetMs} ms`, met: median(builds[i]!) <= digestTargetMs }] : [],
      }),
      figure(
        `digest.message.${events}`,
        `one community, ${label(events)}: build + message with chart`,
        "ms",
        messages[i]!,
        {
          targets: isLargest ? [{ text: `≤ ${digestTargetMs} ms`, met: median(messages[i]!) <= digestTargetMs }] : [],
        },
      ),
    ];
  });
}

async function deploymentFigure(
  feature: DigestFeature,
  dataset: DigestDataset,
  options: DigestOptions,
  forgetDeliveries: () => Promise<void>,
): Promise<{ figures: Figure[]; unmeasured: Unmeasured[] }> {
  const seconds: number[] = [];
  for (let run = 0; run < options.deploymentRuns; run++) {
    await forgetDeliveries();
    const started = performance.now();
    let done = 0;
    let next = 0;
    // As the scheduler runs a tick's due fires: up to its batch of them at once.
    const runner = async () => {
      while (next < dataset.communityIds.length && since(started) <= options.deploymentCapMs) {
        await feature.delivery.deliver(dataset.communityIds[next++]!, dataset.now);
        done += 1;
      }
    };
    await Promise.all(Array.from({ length: options.deploymentConcurrency }, runner));
    const elapsed = since(started) / 1000;
    options.progress?.(
      `digest deployment run ${run + 1}: ${done} of ${dataset.communityIds.length} communities in ${elapsed.toFixed(1)} s`,
    );
    if (done < dataset.communityIds.length) {
      return {
        figures: [],
        unmeasured: [
          {
            id: "digest.deployment",
            label: `all ${dataset.communityIds.length.toLocaleString("en-US")} communities: weekly run`,
            reason: `stopped at the ${options.deploymentCapMs / 1000} s cap after ${done} communities (${(done / elapsed).toFixed(1)} per second)`,
            missedTarget: `≤ ${deploymentTargetSeconds} s`,
          },
        ],
      };
    }
    seconds.push(elapsed);
  }
  return {
    figures: [
      figure(
        "digest.deployment",
        `all ${dataset.communityIds.length.toLocaleString("en-US")} communities: weekly run`,
        "s",
        seconds,
        {
          targets: [{ text: `≤ ${deploymentTargetSeconds} s`, met: median(seconds) <= deploymentTargetSeconds }],
        },
      ),
    ],
    unmeasured: [],
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A platform that takes every message at once (the digest's own cost, without the network's). */
function standIn(platform: Platform, sent: { count: number }): ChatPlatform {
  const ref = (channelId: string): MessageRef => ({ platform, channelId, messageId: String(++sent.count) });
  return {
    platform,
    capabilities: telegramCapabilities,
    send: async (target) => ref(target.channelId),
    edit: async () => {},
    sendPrivate: async (contact) => ref(contact),
  };
}
