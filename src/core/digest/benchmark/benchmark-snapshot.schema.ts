import { z } from "zod";
import { countVisible, shareVisible } from "../../privacy/k-anonymity.ts";
import { parseIsoWeek } from "../digest-week.ts";
import { PARTICIPATION_WEEKS } from "../participation-figures.ts";

/** The version of the snapshot layout; a change that breaks readers bumps it. */
export const benchmarkFormat = "circolo-benchmark/1";

/** Weeks of active members a snapshot carries per peer: its week and the four-week baseline. */
export const BENCHMARK_ACTIVE_WEEKS = 5;

const wholeNumber = "expected a whole number of 0 or more";
const count = z.number({ error: wholeNumber }).int({ error: wholeNumber }).min(0, { error: wholeNumber });

/** Responders and reach of one week's campaigns, or null where the figure was withheld. */
const weekRateSchema = z
  .strictObject({
    /** Members who took part, summed over the week's campaigns. */
    responders: count,
    /** Members reached, summed over the same campaigns. */
    reach: count,
  })
  .refine((rate) => rate.responders <= rate.reach, { error: "expected responders to be at most reach" })
  .nullable();

/** One anonymous community: its weekly figures and nothing that says which community it is. */
export const benchmarkPeerSchema = z.strictObject({
  /** Participation per week: index 0 the snapshot's week, then each week before it; null where withheld. */
  participation: z
    .array(weekRateSchema, { error: `expected ${PARTICIPATION_WEEKS} weeks, the snapshot's week first` })
    .length(PARTICIPATION_WEEKS, { error: `expected ${PARTICIPATION_WEEKS} weeks, the snapshot's week first` })
    .describe(
      "Responders and reach of each week's campaigns: the snapshot's week first, then each week before; null where withheld.",
    ),
  /** Distinct active members per week, indexed the same way; null where withheld. */
  active: z
    .array(count.nullable(), { error: `expected ${BENCHMARK_ACTIVE_WEEKS} weeks, the snapshot's week first` })
    .length(BENCHMARK_ACTIVE_WEEKS, { error: `expected ${BENCHMARK_ACTIVE_WEEKS} weeks, the snapshot's week first` })
    .describe("Distinct active members per week, indexed the same way; null where withheld."),
});

/**
 * A benchmark snapshot: the anonymous weekly figures of a deployment's opted-in communities (`circolo benchmark
 * export`), which another deployment adds to its peers (`circolo benchmark import`). It carries no id and no name
 * of any community, brand or member; every figure is 0 or at least `k` (a share: its whole at least `k`, its part
 * and the rest 0 or at least `k`), or null where it was withheld.
 */
export const benchmarkSnapshotSchema = z
  .strictObject({
    format: z.literal(benchmarkFormat, { error: `expected "${benchmarkFormat}"` }).describe("The layout's version."),
    /** Who published it, as digests name it: "the benchmark 'Agency X 2026-W47'". */
    source: z
      .string({ error: "expected a name of 1-80 characters" })
      .trim()
      .min(1, { error: "expected a name of 1-80 characters" })
      .max(80, { error: "expected a name of 1-80 characters" })
      .describe("Who published it; digests name it as the benchmark '<source> <week>'."),
    /** The ISO week it describes; it gives peers to digests of that week. */
    week: z
      .string({ error: "expected an ISO week such as 2026-W47" })
      .regex(/^\d{4}-W\d{2}$/, { error: "expected an ISO week such as 2026-W47" })
      .refine((week) => parseIsoWeek(week) !== null, { error: "expected an ISO week such as 2026-W47" })
      .describe("The ISO week the snapshot describes; it gives peers to the digests of that week."),
    /** The k-anonymity threshold every figure obeys. */
    k: z
      .number({ error: "expected a whole number from 2 to 100" })
      .int({ error: "expected a whole number from 2 to 100" })
      .min(2, { error: "expected a whole number from 2 to 100" })
      .max(100, { error: "expected a whole number from 2 to 100" })
      .describe(
        "Every figure is 0 or at least k (a share: its whole at least k, its part and the rest 0 or at least k), or null.",
      ),
    /** The ε of the Laplace noise added to every count (scale 1/ε), or null when none was added. */
    epsilon: z
      .number({ error: "expected a positive number or null" })
      .positive({ error: "expected a positive number or null" })
      .nullable()
      .describe("The ε of the Laplace noise (scale 1/ε) added to every count, or null when none was added."),
    peers: z
      .array(benchmarkPeerSchema, { error: "expected a list of communities' figures" })
      .max(100_000)
      .describe("One entry per opted-in community, in random order, with no id and no name."),
  })
  .superRefine((snapshot, context) => {
    snapshot.peers.forEach((peer, index) => {
      peer.participation.forEach((rate, week) => {
        if (rate && !shareVisible(rate.responders, rate.reach, snapshot.k))
          context.addIssue({
            code: "custom",
            path: ["peers", index, "participation", week],
            message: `expected a share k-anonymous for k = ${snapshot.k} (reach at least k; responders and the rest 0 or at least k), or null`,
          });
      });
      peer.active.forEach((active, week) => {
        if (active !== null && !countVisible(active, snapshot.k))
          context.addIssue({
            code: "custom",
            path: ["peers", index, "active", week],
            message: `expected 0, at least k = ${snapshot.k}, or null`,
          });
      });
    });
  });

/** A benchmark snapshot as validated. */
export type BenchmarkSnapshot = z.output<typeof benchmarkSnapshotSchema>;
/** One anonymous community of a snapshot. */
export type BenchmarkPeer = BenchmarkSnapshot["peers"][number];

/** The JSON Schema of benchmark snapshots, published as docs/benchmark-snapshot.schema.json. */
export function benchmarkSnapshotJsonSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Circolo benchmark snapshot",
    ...z.toJSONSchema(benchmarkSnapshotSchema, { io: "input", unrepresentable: "any" }),
  };
}
