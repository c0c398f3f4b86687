import { describe, expect, it } from "vitest";
import { z } from "zod";
import { registry as realRegistry } from "../../../commands/index.ts";
import { buildCore } from "../../../src/core/build-core.ts";
import { type CommandRegistry, defineCommand } from "../../../src/core/commands/command.ts";
import { option } from "../../../src/core/commands/option-meta.ts";
import { ok } from "../../../src/core/errors/result.ts";
import type { Inbound } from "../../../src/core/pipeline/inbound.ts";
import type { PlatformCapabilities } from "../../../src/core/ports/chat-platform.port.ts";
import { silentLogger } from "../../../src/core/ports/logger.port.ts";
import { createInMemoryRepositories } from "../../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { CronScheduler } from "../../../src/scheduling/cron-scheduler.ts";
import { FakeCharts } from "../../support/fake-charts.ts";

const capabilities: PlatformCapabilities = {
  ephemeralReplies: true,
  modals: true,
  selectMenus: true,
  nativePolls: false,
  maxMessageLength: 2000,
  maxButtonsPerRow: 5,
  maxActionRows: 5,
};

const echoCommand = defineCommand({
  name: "echo",
  description: { en: "Echo a number", it: "Ripete un numero" },
  audience: "member",
  scope: "community",
  options: z.object({ times: option(z.number().int().min(1).max(3), { en: "How many", it: "Quante" }) }),
  async run(_ctx, input) {
    return ok({ type: "notice", text: `echo ${input.times}` });
  },
});

const purgeCommand = defineCommand({
  name: "purge",
  description: { en: "Moderators only", it: "Solo moderatori" },
  audience: "moderator",
  scope: "community",
  options: z.object({}),
  async run() {
    return ok({ type: "notice", text: "purged" });
  },
});

function setup(extra: Partial<CommandRegistry> = {}) {
  const repositories = createInMemoryRepositories();
  const clock = { now: () => new Date("2026-11-29T10:00:00Z") };
  const registry: CommandRegistry = {
    commands: [...realRegistry.commands, echoCommand, purgeCommand, ...(extra.commands ?? [])],
    actions: [...realRegistry.actions, ...(extra.actions ?? [])],
  };
  // The real features are built too: the privacy panel's buttons (pv_t) are the real ones.
  const { pipeline, services } = buildCore({
    repositories,
    registry,
    scheduler: new CronScheduler({ repository: repositories.schedules, clock, logger: silentLogger }),
    clock,
    logger: silentLogger,
    secret: "pipeline-test-secret-0123456789abcdef",
    chart: new FakeCharts(),
    communityDefaults: { brandId: "b", brandName: "Brand", timeZone: "Europe/Rome", locale: "en" },
  });
  return { pipeline, repositories, engagement: services.engagement };
}

let nextUpdate = 1;
function inbound(
  request: Inbound["request"],
  over: Partial<Inbound> & { languageTag?: string; isAdmin?: boolean } = {},
): Inbound {
  return {
    platform: "telegram",
    updateId: String(nextUpdate++),
    receivedAt: new Date("2026-11-29T10:00:00Z"),
    community: { platformId: "-100123", title: "Gelateria" },
    user: { id: "4242", languageTag: over.languageTag ?? "en", isAdmin: over.isAdmin ?? false, roles: [] },
    request,
    ...over,
  };
}

const text = (reply: unknown) => JSON.stringify(reply);

describe("the update pipeline", () => {
  it("runs a command with valid options and records one anonymous engagement event", async () => {
    const { pipeline, engagement, repositories } = setup();
    const outcome = await pipeline.handle(
      inbound({ type: "command", name: "echo", options: { times: 2 } }),
      capabilities,
    );
    expect(outcome.outcome).toBe("ok");
    expect(outcome.reply).toEqual({ type: "notice", text: "echo 2" });
    await engagement.flush();
    const community = await repositories.communities.findByPlatformId("telegram", "-100123");
    expect(community?.title).toBe("Gelateria");
    expect(repositories.store.events).toHaveLength(1);
    expect(repositories.store.events[0]).toMatchObject({ kind: "command", memberId: null, communityId: community?.id });
  });

  it("handles a redelivered update only once and records it once", async () => {
    const { pipeline, engagement, repositories } = setup();
    const update = inbound({ type: "command", name: "echo", options: { times: 1 } });
    expect((await pipeline.handle(update, capabilities)).outcome).toBe("ok");
    expect((await pipeline.handle(update, capabilities)).outcome).toBe("duplicate");
    await engagement.flush();
    expect(repositories.store.events).toHaveLength(1);
  });

  it("refuses out-of-range options with a localized message naming the option", async () => {
    const { pipeline } = setup();
    const en = await pipeline.handle(inbound({ type: "command", name: "echo", options: { times: 9 } }), capabilities);
    expect(en.outcome).toBe("error:INVALID_INPUT");
    expect(text(en.reply)).toContain("That didn't work");
    expect(text(en.reply)).toContain("times");
    const it = await pipeline.handle(
      inbound({ type: "command", name: "echo", options: { times: 9 } }, { languageTag: "it-IT" }),
      capabilities,
    );
    expect(text(it.reply)).toContain("Non ha funzionato");
  });

  it("refuses a moderator-only command to a member and runs it for an administrator", async () => {
    const { pipeline } = setup();
    const member = await pipeline.handle(inbound({ type: "command", name: "purge", options: {} }), capabilities);
    expect(member.outcome).toBe("error:NOT_A_MODERATOR");
    expect(text(member.reply)).toContain("Only this community's moderators");
    const admin = await pipeline.handle(
      inbound({ type: "command", name: "purge", options: {} }, { isAdmin: true }),
      capabilities,
    );
    expect(admin.outcome).toBe("ok");
  });

  it("refuses a community-only command in a private chat", async () => {
    const { pipeline } = setup();
    const outcome = await pipeline.handle(
      inbound({ type: "command", name: "privacy", options: {} }, { community: null }),
      capabilities,
    );
    expect(outcome.outcome).toBe("error:COMMUNITY_ONLY");
  });

  it("hands a community command's handler the community and the acting member, and a private chat neither", async () => {
    const seen: string[] = [];
    const whereCommand = defineCommand({
      name: "where",
      description: { en: "Where am I", it: "Dove sono" },
      audience: "member",
      scope: "community",
      options: z.object({}),
      async run(ctx) {
        seen.push(
          `${ctx.community.title}:${ctx.member.id === ctx.actor.member.id}:${ctx.member.communityId === ctx.community.id}`,
        );
        return ok({ type: "notice", text: "here" });
      },
    });
    const anywhereCommand = defineCommand({
      name: "anywhere",
      description: { en: "Anywhere", it: "Ovunque" },
      audience: "member",
      scope: "anywhere",
      options: z.object({}),
      async run(ctx) {
        seen.push(`${ctx.community?.title ?? "none"}:${ctx.member?.id ?? "nobody"}`);
        return ok({ type: "notice", text: "anywhere" });
      },
    });
    const { pipeline } = setup({ commands: [whereCommand, anywhereCommand] });
    await pipeline.handle(inbound({ type: "command", name: "where", options: {} }), capabilities);
    await pipeline.handle(
      inbound({ type: "command", name: "anywhere", options: {} }, { community: null }),
      capabilities,
    );
    const refused = await pipeline.handle(
      inbound({ type: "command", name: "where", options: {} }, { community: null }),
      capabilities,
    );
    expect(refused.outcome).toBe("error:COMMUNITY_ONLY");
    expect(seen).toEqual(["Gelateria:true:true", "none:nobody"]);
  });

  it("answers an unknown command and an unknown action without running anything", async () => {
    const { pipeline } = setup();
    expect((await pipeline.handle(inbound({ type: "command", name: "nope", options: {} }), capabilities)).outcome).toBe(
      "error:UNKNOWN_COMMAND",
    );
    const action = await pipeline.handle(inbound({ type: "action", name: "zz", args: [] }), capabilities);
    expect(action.outcome).toBe("error:STALE_OR_FORGED_ACTION");
    expect(action.reply.type).toBe("notice");
  });

  it("refuses a known action whose arguments do not validate", async () => {
    const { pipeline, repositories } = setup();
    const outcome = await pipeline.handle(
      inbound({ type: "action", name: "pv_t", args: ["everything", "1"] }),
      capabilities,
    );
    expect(outcome.outcome).toBe("error:STALE_OR_FORGED_ACTION");
    expect(repositories.store.consents).toHaveLength(0);
  });

  it("answers a handler's unexpected failure politely and never throws", async () => {
    const boom = defineCommand({
      name: "boom",
      description: { en: "Fails", it: "Fallisce" },
      audience: "member",
      scope: "anywhere",
      options: z.object({}),
      async run() {
        throw new Error("bug with secret details");
      },
    });
    const { pipeline } = setup({ commands: [boom] });
    const outcome = await pipeline.handle(inbound({ type: "command", name: "boom", options: {} }), capabilities);
    expect(outcome.outcome).toBe("failure");
    expect(text(outcome.reply)).toContain("Something went wrong on our side");
    expect(text(outcome.reply)).not.toContain("secret details");
  });

  it("grants consent through the privacy action and attributes later events to the member", async () => {
    const { pipeline, repositories, engagement } = setup();
    const granted = await pipeline.handle(
      inbound({ type: "action", name: "pv_t", args: ["analytics", "1"] }),
      capabilities,
    );
    expect(granted.outcome).toBe("ok");
    expect(granted.reply.type).toBe("update");
    await pipeline.handle(inbound({ type: "command", name: "echo", options: { times: 1 } }), capabilities);
    await engagement.flush();
    await pipeline.handle(inbound({ type: "action", name: "pv_t", args: ["analytics", "0"] }), capabilities);
    await pipeline.handle(inbound({ type: "command", name: "echo", options: { times: 1 } }), capabilities);
    await engagement.flush();
    const [member] = [...repositories.store.members.values()];
    expect(member?.pseudonym).not.toContain("4242");
    const ledger = await repositories.consents.history(member!.id);
    expect(ledger.map((e) => [e.purpose, e.action])).toEqual([
      ["analytics", "granted"],
      ["analytics", "withdrawn"],
    ]);
    // Each choice is a consent_change naming nobody; the echo after the grant is attributed, the one after the
    // withdrawal is not.
    expect(repositories.store.events.map((e) => [e.kind, e.memberId])).toEqual([
      ["consent_change", null],
      ["command", member!.id],
      ["consent_change", null],
      ["command", null],
    ]);
  });

  it("writes each interaction's event before answering, attributed only while analytics consent lasts", async () => {
    const { pipeline, repositories } = setup();
    await pipeline.handle(inbound({ type: "action", name: "pv_t", args: ["analytics", "1"] }), capabilities);
    await pipeline.handle(inbound({ type: "command", name: "echo", options: { times: 1 } }), capabilities);
    // No flush: the platform sees the answer only once the event is durable, so a crash cannot lose it.
    expect(repositories.store.events).toHaveLength(2);
    await pipeline.handle(inbound({ type: "action", name: "pv_t", args: ["analytics", "0"] }), capabilities);
    const [member] = [...repositories.store.members.values()];
    expect(repositories.store.events.map((e) => [e.kind, e.memberId])).toEqual([
      ["consent_change", null],
      ["command", member!.id],
      ["consent_change", null],
    ]);
  });
});
