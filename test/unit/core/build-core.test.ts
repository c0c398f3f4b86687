import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../../../src/core/commands/command.ts";
import { digestWeeklyJob } from "../../../src/core/digest/digest-delivery.ts";
import { ok } from "../../../src/core/errors/result.ts";
import { retentionJob } from "../../../src/core/privacy/retention.service.ts";
import { coreHarness } from "../../support/core-harness.ts";
import { FakeChat, textOf } from "../polls/support/fake-chat.ts";

const moderator = { userId: "900", admin: true };

/** A platform whose edits take a while to land, as over a slow network. */
class SlowChat extends FakeChat {
  override async edit(...args: Parameters<FakeChat["edit"]>): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await super.edit(...args);
  }
}

describe("buildCore", () => {
  it("arms the daily retention and each active community's weekly digest, and nothing before it is asked to", async () => {
    const h = coreHarness();
    await h.send({ type: "command", name: "help", options: {} });
    expect(await h.scheduler.list()).toEqual([]);
    await h.core.lifecycle.arm();
    const jobs = (await h.scheduler.list()).map((s) => s.job).sort();
    expect(jobs).toEqual([digestWeeklyJob, retentionJob].sort());
  });

  it("waits in idle until every feature's background edits have landed", async () => {
    const h = coreHarness();
    const chat = new SlowChat("telegram");
    h.chat.register(chat);
    const poll = { question: "Best flavour?", option1: "Vanilla", option2: "Pistachio", closes: "2d" };
    expect((await h.send({ type: "command", name: "poll", options: poll }, moderator)).outcome).toBe("ok");
    await h.send({ type: "action", name: "pl_v", args: ["1", "1"] }, { userId: "1001" });
    expect(chat.edits).toHaveLength(0);
    await h.core.lifecycle.idle();
    const [posted] = chat.sent;
    expect(textOf(chat.current(posted!.ref))).toContain("Pistachio: 1 (100%)");
  });

  it("hands every handler the features it built, by name", async () => {
    const seen: unknown[] = [];
    const probe = defineCommand({
      name: "probe",
      description: { en: "Probe", it: "Sonda" },
      audience: "member",
      scope: "community",
      options: z.object({}),
      async run(ctx) {
        const { polls, offers, qa, digest, privacy } = ctx.services;
        seen.push(polls, offers, qa, digest, privacy);
        return ok({ type: "notice", text: "probed" });
      },
    });
    const h = coreHarness({ registry: { commands: [probe], actions: [] } });
    expect((await h.send({ type: "command", name: "probe", options: {} })).outcome).toBe("ok");
    const { polls, offers, qa, digest, privacy } = h.core.services;
    expect(seen).toHaveLength(5);
    for (const [i, feature] of [polls, offers, qa, digest, privacy].entries()) expect(seen[i]).toBe(feature);
  });
});
