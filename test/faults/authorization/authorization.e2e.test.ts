import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registry } from "../../../commands/index.ts";
import type { ActionRef } from "../../../src/core/ports/view.ts";
import type { Change } from "../bad-input/support/change-log.ts";
import { refusalCode } from "../bad-input/support/refusal-prefixes.ts";
import {
  type AuthPlatform,
  membersPerCommunity,
  type Options,
  startDiscordPlatform,
  startTelegramPlatform,
} from "./support/auth-platforms.ts";

/**
 * Who may do what. Every command, subcommand and button action of the registry must be listed here with the
 * audience it declares: a new command fails this suite until it is classified, and a moderator command that
 * loses its moderator audience fails it too. Each moderator entry carries a valid input, so that only the
 * permission check stands between a plain member and its effect.
 */
const expectedAudience: Readonly<Record<string, "member" | "moderator">> = {
  help: "member",
  privacy: "member",
  "mydata export": "member",
  "mydata erase": "member",
  link: "member",
  ask: "member",
  "campaign list": "moderator",
  "campaign pause": "moderator",
  "campaign resume": "moderator",
  "campaign cancel": "moderator",
  "settings show": "moderator",
  "settings set": "moderator",
  poll: "moderator",
  "polls list": "moderator",
  "polls close": "moderator",
  "digest now": "moderator",
  "digest subscribe": "moderator",
  "digest unsubscribe": "moderator",
  "digest channel": "moderator",
  "qa open": "moderator",
  "qa close": "moderator",
  "qa queue": "moderator",
  "qa hide": "moderator",
  "qa merge": "moderator",
  answer: "moderator",
  "offer create": "moderator",
  "offer list": "moderator",
  "offer close": "moderator",
  "action:pv_t": "member",
  "action:pv_a": "member",
  "action:md_e": "member",
  "action:md_k": "member",
  "action:lk_u": "member",
  "action:pl_v": "member",
  "action:pl_r": "member",
  "action:pl_c": "moderator",
  "action:qa_ask": "member",
  "action:qa_q": "member",
  "action:qa_up": "member",
  "action:qa_wd": "member",
  "action:qa_ok": "moderator",
  "action:qa_no": "moderator",
  "action:qa_mg": "moderator",
  "action:qa_mi": "moderator",
  "action:qa_bk": "moderator",
  "action:qa_rv": "moderator",
  "action:qa_ans": "moderator",
  "action:qa_af": "moderator",
  "action:qa_as": "moderator",
  "action:of_c": "member",
  "action:of_d": "member",
};

/** What a community holds after the setup, read from the database. */
interface Objects {
  readonly polls: readonly number[];
  readonly offers: readonly number[];
  readonly session: string;
  readonly questions: readonly { id: string; number: number }[];
  readonly schedule: string;
}

/** A valid input for every moderator command, made from the acting community's objects. */
const commandSamples: Readonly<Record<string, (o: Objects) => Options>> = {
  "campaign list": () => ({}),
  "campaign pause": (o) => ({ id: o.schedule }),
  "campaign resume": (o) => ({ id: o.schedule }),
  "campaign cancel": (o) => ({ id: o.schedule }),
  "settings show": () => ({}),
  "settings set": () => ({ timezone: "Europe/London" }),
  poll: () => ({ question: "Cone or cup?", option1: "Cone", option2: "Cup" }),
  "polls list": () => ({}),
  "polls close": (o) => ({ number: o.polls.at(-1)! }),
  "digest now": () => ({}),
  "digest subscribe": () => ({}),
  "digest unsubscribe": () => ({}),
  "digest channel": () => ({}),
  "qa open": () => ({ topic: "Another session", ends: "1h" }),
  "qa close": () => ({}),
  "qa queue": () => ({}),
  "qa hide": (o) => ({ number: o.questions.at(-1)!.number }),
  "qa merge": (o) => ({ from: o.questions.at(-1)!.number, into: o.questions[0]!.number }),
  answer: (o) => ({ number: o.questions.at(-1)!.number, text: "Next week!" }),
  "offer create": () => ({ title: "Free cone", quantity: 2, ends: "2d" }),
  "offer list": () => ({}),
  "offer close": (o) => ({ number: o.offers.at(-1)! }),
};

/** Valid arguments for every action that names a community's objects. */
const actionSamples: Readonly<Record<string, ((o: Objects) => string[]) | null>> = {
  pv_t: null,
  pv_a: null,
  md_e: null,
  md_k: null,
  lk_u: null,
  pl_v: (o) => [String(o.polls.at(-1)), "0"],
  pl_r: (o) => [String(o.polls.at(-1))],
  pl_c: (o) => [String(o.polls.at(-1))],
  qa_ask: (o) => [o.session],
  qa_q: (o) => [o.session],
  qa_up: (o) => [o.questions.at(-1)!.id],
  qa_wd: (o) => [o.questions.at(-1)!.id],
  qa_ok: (o) => [o.questions.at(-1)!.id, "p"],
  qa_no: (o) => [o.questions.at(-1)!.id, "p"],
  qa_mg: (o) => [o.questions.at(-1)!.id, "p"],
  qa_mi: (o) => [o.questions.at(-1)!.id, o.questions[0]!.id, "p"],
  qa_bk: (o) => [o.questions.at(-1)!.id, "p"],
  qa_rv: (o) => [o.session],
  qa_ans: (o) => [o.session],
  qa_af: (o) => [o.questions.at(-1)!.id],
  qa_as: (o) => [o.questions.at(-1)!.id],
  of_c: (o) => [String(o.offers.at(-1))],
  of_d: (o) => [String(o.offers.at(-1))],
};

/** Every command and subcommand of the registry, as "name" or "name subcommand", with its declared audience. */
function declaredEntries(): { key: string; name: string; subcommand?: string; audience: string }[] {
  return [
    ...registry.commands.flatMap((c) =>
      c.subcommands
        ? Object.keys(c.subcommands).map((s) => ({
            key: `${c.name} ${s}`,
            name: c.name,
            subcommand: s,
            audience: c.audience,
          }))
        : [{ key: c.name, name: c.name, audience: c.audience }],
    ),
    ...registry.actions.map((a) => ({ key: `action:${a.name}`, name: a.name, audience: a.audience })),
  ];
}

describe("the authorization matrix", () => {
  it("classifies every command, subcommand and action of the registry, with a sample for each moderator one", () => {
    const unclassified = declaredEntries().filter((e) => expectedAudience[e.key] !== e.audience);
    expect(unclassified.map((e) => `${e.key} (declared ${e.audience})`)).toEqual([]);
    const commandsWithoutSample = declaredEntries().filter(
      (e) => !e.key.startsWith("action:") && e.audience === "moderator" && !commandSamples[e.key],
    );
    expect(commandsWithoutSample.map((e) => e.key)).toEqual([]);
    expect(registry.actions.filter((a) => !(a.name in actionSamples)).map((a) => a.name)).toEqual([]);
  });
});

const tally = { memberAttempts: 0, crossAttempts: 0, passed: 0, changed: 0 };

for (const start of [startTelegramPlatform, startDiscordPlatform]) {
  describe(`authorization through the real client (${start === startTelegramPlatform ? "telegram" : "discord"})`, () => {
    let platform: AuthPlatform;
    const objects: Record<"a" | "b", Objects> = {} as Record<"a" | "b", Objects>;

    beforeAll(async () => {
      platform = await start();
      const setup = async (community: "a" | "b", extra: boolean) => {
        const mod = (name: string, options: Options, sub?: string) =>
          platform.command(community, "moderator", name, options, sub);
        await mod("poll", { question: "Gelato or sorbet?", option1: "Gelato", option2: "Sorbet" });
        await mod("offer", { title: "Free espresso", quantity: 3, ends: "3d" }, "create");
        await mod("qa", { topic: "New flavours", ends: "2h", queue: true }, "open");
        for (const n of extra ? [1, 2, 3] : [1, 2])
          await platform.command(community, "asker", "ask", { question: `When does flavour number ${n} come back?` });
        if (extra) {
          await mod("poll", { question: "Cone or cup?", option1: "Cone", option2: "Cup" });
          await mod("offer", { title: "Free cone", quantity: 3, ends: "3d" }, "create");
        }
        // The people the matrix acts as, seen once so that their first sight is not counted as a change.
        for (let n = 0; n < membersPerCommunity; n++) await platform.command(community, "member", "help");
        const prisma = platform.app.database.prisma;
        const row = await prisma.community.findFirstOrThrow({ where: { platformId: platform.communityId(community) } });
        const campaigns = await prisma.campaign.findMany({
          where: { communityId: row.id },
          orderBy: { number: "asc" },
        });
        const session = await prisma.qaSession.findFirstOrThrow({ where: { communityId: row.id } });
        const questions = await prisma.qaQuestion.findMany({
          where: { sessionId: session.campaignId },
          orderBy: { number: "asc" },
        });
        const schedule = await prisma.schedule.findFirstOrThrow({ where: { communityId: row.id } });
        objects[community] = {
          polls: campaigns.filter((c) => c.kind === "poll").map((c) => c.number!),
          offers: campaigns.filter((c) => c.kind === "offer").map((c) => c.number!),
          session: session.campaignId,
          questions: questions.map((q) => ({ id: q.id, number: q.number })),
          schedule: schedule.id,
        };
      };
      await setup("a", false);
      await setup("b", true);
      expect(objects.a.questions).toHaveLength(2);
      expect(objects.b.questions).toHaveLength(3);
      platform.changes.mark();
    }, 180_000);

    afterAll(async () => {
      await platform?.stop();
    });

    /** Runs one attempt that must be refused; returns the refusal's code and what changed meanwhile. */
    async function attempt(
      run: () => Promise<string>,
    ): Promise<{ code: string | null; text: string; changes: Change[] }> {
      await platform.app.services.engagement.flush();
      const mark = platform.changes.mark();
      const text = await run();
      const code = refusalCode(text, "en");
      const changes = platform.changes.since(mark);
      if (!code) tally.passed += 1;
      if (changes.length > 0) tally.changed += 1;
      return { code, text, changes };
    }

    it("refuses every moderator command to a plain member, even when the server opened it to everyone", async () => {
      const refused: string[] = [];
      for (const entry of declaredEntries().filter((e) => e.audience === "moderator" && !e.key.startsWith("action:"))) {
        tally.memberAttempts += 1;
        const options = commandSamples[entry.key]!(objects.a);
        const result = await attempt(() => platform.command("a", "member", entry.name, options, entry.subcommand));
        expect([entry.key, result.code, result.changes]).toEqual([entry.key, "NOT_A_MODERATOR", []]);
        refused.push(entry.key);
      }
      expect(refused.length).toBeGreaterThanOrEqual(15);
    }, 180_000);

    it("refuses every moderator button to a plain member, even with a genuinely signed payload", async () => {
      for (const action of registry.actions.filter((a) => a.audience === "moderator")) {
        tally.memberAttempts += 1;
        const ref: ActionRef = { name: action.name, args: actionSamples[action.name]!(objects.a) };
        const result = await attempt(() => platform.press("a", "member", platform.sign("a", ref)));
        expect([action.name, result.code, result.changes]).toEqual([action.name, "NOT_A_MODERATOR", []]);
      }
    }, 180_000);

    it("refuses a moderator's commands aimed at another community's objects", async () => {
      const b = objects.b;
      const aimed: [string, Options, string?][] = [
        ["polls", { number: b.polls.at(-1)! }, "close"],
        ["offer", { number: b.offers.at(-1)! }, "close"],
        ["campaign", { id: b.schedule }, "pause"],
        ["campaign", { id: b.schedule }, "cancel"],
        ["qa", { number: b.questions.at(-1)!.number }, "hide"],
        ["qa", { from: b.questions.at(-1)!.number, into: 1 }, "merge"],
        ["answer", { number: b.questions.at(-1)!.number, text: "Next week!" }],
      ];
      for (const [name, options, sub] of aimed) {
        tally.crossAttempts += 1;
        const result = await attempt(() => platform.command("a", "moderator", name, options, sub));
        expect([name, sub, result.code === null ? result.text : "refused", result.changes]).toEqual([
          name,
          sub,
          "refused",
          [],
        ]);
      }
    }, 180_000);

    it("refuses every action carrying another community's ids, and every payload signed for another community", async () => {
      for (const action of registry.actions) {
        const sample = actionSamples[action.name];
        if (!sample) continue;
        const foreign: ActionRef = { name: action.name, args: sample(objects.b) };
        // Signed for A but naming B's objects (what a forged client could send if it knew the signing key's output).
        tally.crossAttempts += 1;
        const named = await attempt(() => platform.press("a", "moderator", platform.sign("a", foreign)));
        expect([action.name, named.code === null ? named.text : "refused", named.changes]).toEqual([
          action.name,
          "refused",
          [],
        ]);
        // B's genuine button replayed in A.
        tally.crossAttempts += 1;
        const replayed = await attempt(() => platform.press("a", "moderator", platform.sign("b", foreign)));
        expect([action.name, replayed.code, replayed.changes]).toEqual([action.name, "STALE_OR_FORGED_ACTION", []]);
      }
    }, 180_000);
  });
}

describe("the figures", () => {
  it("reports them", () => {
    expect(tally.passed).toBe(0);
    expect(tally.changed).toBe(0);
    console.log(
      `authorization: ${tally.memberAttempts} moderator-only actions tried as a plain member and ${tally.crossAttempts} ` +
        `cross-community attempts on both platforms; ${tally.passed} passed, ${tally.changed} changed the database`,
    );
  });
});
