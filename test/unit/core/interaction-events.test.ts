// Every command, subcommand and action of the registry, driven through the real pipeline, against what the recorder
// writes and what the metric definitions count: one interaction is exactly one event, of its own kind.
import { afterAll, describe, expect, it } from "vitest";
import { registry } from "../../../commands/index.ts";
import { metricDefinitions } from "../../../src/core/digest/metric-definitions.ts";
import { type EngagementKind, engagementKindSchema } from "../../../src/core/domain/engagement.ts";
import { campaignScenarios } from "./support/campaign-scenarios.ts";
import { commandScenarios } from "./support/command-scenarios.ts";
import { interactionWorld } from "./support/interaction-world.ts";

const scenarios = [...commandScenarios, ...campaignScenarios];

/** Every entry of the registry a member or moderator can invoke, named as the scenarios name them. */
const entries = [
  ...registry.commands.flatMap((c) =>
    c.subcommands ? Object.keys(c.subcommands).map((sub) => `/${c.name} ${sub}`) : [`/${c.name}`],
  ),
  ...registry.actions.map((a) => `action:${a.name}`),
];

/** The kinds that concern one campaign (a poll, an offer, a Q&A session): their events name it. */
const campaignKinds: readonly EngagementKind[] = [
  "vote",
  "vote_change",
  "results_view",
  "offer_view",
  "claim",
  "ask",
  "upvote",
  "answer",
];

/** Every string reachable from a value (objects, arrays, maps, sets), except inside the `skip` objects. */
function strings(value: unknown, skip: readonly object[], seen = new Set<unknown>()): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object" || skip.includes(value) || seen.has(value)) return [];
  seen.add(value);
  const children =
    value instanceof Map
      ? [...value.keys(), ...value.values()]
      : value instanceof Set
        ? [...value]
        : Object.values(value);
  return children.flatMap((child) => strings(child, skip, seen));
}

const recorded = new Map<EngagementKind, number>();

afterAll(() => {
  const perKind = [...recorded].map(([kind, n]) => `${kind} ${n}`).join(", ");
  console.log(
    `interaction events: ${scenarios.length} interactions over ${entries.length} registry entries: ${perKind}`,
  );
});

describe("the events the registry's interactions record", () => {
  it("covers every command, subcommand and action of the registry, and nothing else", () => {
    const covered = new Set(scenarios.map((s) => s.entry));
    expect(entries.filter((entry) => !covered.has(entry))).toEqual([]);
    expect([...covered].filter((entry) => !entries.includes(entry))).toEqual([]);
  });

  it.each(scenarios.map((s) => [`${s.entry}: ${s.does} records one ${s.kind} event`, s] as const))(
    "%s",
    async (_, s) => {
      const w = await interactionWorld();
      const acted = await s.run(w);
      expect(w.acts, "a scenario sends exactly one interaction under test").toBe(1);
      expect(acted.outcome.outcome).toBe("ok");
      expect(acted.events.map((e) => e.kind)).toEqual([s.kind]);
      const [event] = acted.events;
      if (!event) return;
      const kind = engagementKindSchema.parse(event.kind);
      recorded.set(kind, (recorded.get(kind) ?? 0) + 1);

      // What the definitions count: an interaction is one, and makes its actor active; a consent choice is neither.
      const counted = kind !== "consent_change";
      expect(metricDefinitions.interactions.kinds.includes(kind)).toBe(counted);
      expect(metricDefinitions.active_members_7d.kinds.includes(kind)).toBe(counted);
      expect(event.campaignId !== null).toBe(campaignKinds.includes(kind));
      const actor = await w.memberOf(acted.who);
      expect(event.memberId).toBe(s.names === "actor" ? actor?.id : null);

      if (!s.unlinkable) {
        expect(event.dedupeKey).toBe(`discord:${acted.updateId}`);
        return;
      }
      // Nothing links an anonymous poll's event to the member: no member, no event of theirs at that instant, and a
      // replay key that appears nowhere else (not the update's id, which ProcessedUpdate holds).
      expect(event.dedupeKey).not.toBeNull();
      expect(event.dedupeKey).not.toContain(`discord:${acted.updateId}`);
      // The store's index of event keys is the event's own column, not another place.
      expect(strings(w.core.repositories, [event, w.store.dedupeKeys])).not.toContain(event.dedupeKey);
      expect(w.store.events.filter((e) => e.at.getTime() === acted.at.getTime() && e.memberId !== null)).toEqual([]);
    },
  );
});
