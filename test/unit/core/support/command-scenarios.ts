// The scenarios of the commands and of the privacy actions (campaign-scenarios.ts has the polls', offers' and Q&A's
// buttons): one per way an interaction can succeed with a different event.
import { action, buttonArgs, command, type InteractionWorld, type Scenario, scenario } from "./interaction-world.ts";

/** A consent choice: a consent_change naming nobody, whatever was chosen. */
const consent = (does: string, entry: string, run: Scenario["run"]): Scenario =>
  scenario({ entry, does, kind: "consent_change", names: "nobody", run });

const weekly = { question: "Flavour of the week?", option1: "Vanilla", option2: "Pistachio", repeat: "0 18 * * 1" };

/** A weekly poll scheduled from chat; returns its schedule's id. */
async function scheduled(w: InteractionWorld): Promise<string> {
  await w.send(command("poll", weekly), w.moderator);
  const [schedule] = await w.core.scheduler.list({ communityId: w.community.id, states: ["active", "paused"] });
  if (!schedule) throw new Error("no schedule");
  return schedule.id;
}

const commands: Scenario[] = [
  scenario({ entry: "/help", does: "shows the help", kind: "command", run: (w) => w.act(command("help"), w.ada) }),
  scenario({
    entry: "/privacy",
    does: "shows the panel",
    kind: "command",
    run: (w) => w.act(command("privacy"), w.ada),
  }),
  scenario({
    entry: "/mydata export",
    does: "exports the member's data",
    kind: "command",
    run: (w) => w.act(command("mydata", {}, "export"), w.ada),
  }),
  scenario({
    entry: "/mydata erase",
    does: "asks to confirm an erasure",
    kind: "command",
    run: (w) => w.act(command("mydata", {}, "erase"), w.ada),
  }),
  scenario({ entry: "/link", does: "gives a link code", kind: "command", run: (w) => w.act(command("link"), w.ada) }),
  scenario({
    entry: "/ask",
    does: "asks a question",
    kind: "ask",
    run: async (w) => {
      await w.session();
      return w.act(command("ask", { question: "When does pistachio come back?" }), w.ada);
    },
  }),
  scenario({
    entry: "/ask",
    does: "opens the question form",
    kind: "command",
    run: async (w) => {
      await w.session();
      return w.act(command("ask"), w.ada);
    },
  }),
  scenario({
    entry: "/campaign list",
    does: "lists the schedules",
    kind: "command",
    run: async (w) => {
      await scheduled(w);
      return w.act(command("campaign", {}, "list"), w.moderator);
    },
  }),
  ...(["pause", "cancel"] as const).map((sub) =>
    scenario({
      entry: `/campaign ${sub}`,
      does: `${sub}s a schedule`,
      kind: "command",
      run: async (w) => w.act(command("campaign", { id: await scheduled(w) }, sub), w.moderator),
    }),
  ),
  scenario({
    entry: "/campaign resume",
    does: "resumes a schedule",
    kind: "command",
    run: async (w) => {
      const id = await scheduled(w);
      await w.send(command("campaign", { id }, "pause"), w.moderator);
      return w.act(command("campaign", { id }, "resume"), w.moderator);
    },
  }),
  scenario({
    entry: "/settings show",
    does: "shows the settings",
    kind: "command",
    run: (w) => w.act(command("settings", {}, "show"), w.moderator),
  }),
  scenario({
    entry: "/settings set",
    does: "sets quiet hours",
    kind: "command",
    run: (w) => w.act(command("settings", { quiet: "22:00-08:00" }, "set"), w.moderator),
  }),
  scenario({
    entry: "/poll",
    does: "posts a poll",
    kind: "command",
    run: (w) => w.act(command("poll", { question: "Best?", option1: "A", option2: "B" }), w.moderator),
  }),
  scenario({
    entry: "/poll",
    does: "schedules a weekly poll",
    kind: "command",
    run: (w) => w.act(command("poll", weekly), w.moderator),
  }),
  scenario({
    entry: "/polls list",
    does: "lists the open polls",
    kind: "command",
    run: async (w) => {
      await w.poll();
      return w.act(command("polls", {}, "list"), w.moderator);
    },
  }),
  scenario({
    entry: "/polls close",
    does: "closes a poll early",
    kind: "command",
    run: async (w) => w.act(command("polls", { number: Number(await w.poll()) }, "close"), w.moderator),
  }),
  ...(["now", "subscribe", "unsubscribe"] as const).map((sub) =>
    scenario({
      entry: `/digest ${sub}`,
      does: `${sub === "now" ? "shows the digest" : `${sub}s`}`,
      kind: "command",
      run: (w) => w.act(command("digest", { scope: "community" }, sub), w.moderator),
    }),
  ),
  scenario({
    entry: "/digest channel",
    does: "sets the staff channel",
    kind: "command",
    run: (w) => w.act(command("digest", {}, "channel"), w.moderator),
  }),
  scenario({
    entry: "/qa open",
    does: "opens a session",
    kind: "command",
    run: (w) => w.act(command("qa", { topic: "New flavours" }, "open"), w.moderator),
  }),
  ...(["close", "queue"] as const).map((sub) =>
    scenario({
      entry: `/qa ${sub}`,
      does: sub === "close" ? "closes the session" : "shows the review queue",
      kind: "command",
      run: async (w) => {
        await w.session(sub === "queue");
        return w.act(command("qa", {}, sub), w.moderator);
      },
    }),
  ),
  scenario({
    entry: "/qa hide",
    does: "hides a question",
    kind: "command",
    run: async (w) => {
      await w.question(await w.session(), w.ada);
      return w.act(command("qa", { number: 1 }, "hide"), w.moderator);
    },
  }),
  scenario({
    entry: "/qa merge",
    does: "merges a duplicate",
    kind: "command",
    run: async (w) => {
      await w.duplicate();
      return w.act(command("qa", { from: 2, into: 1 }, "merge"), w.moderator);
    },
  }),
  scenario({
    entry: "/answer",
    does: "answers a question",
    kind: "answer",
    run: async (w) => {
      await w.question(await w.session(), w.ada);
      return w.act(command("answer", { number: 1, text: "Next week!" }), w.moderator);
    },
  }),
  scenario({
    entry: "/answer",
    does: "opens the answer form",
    kind: "command",
    run: async (w) => {
      await w.question(await w.session(), w.ada);
      return w.act(command("answer", { number: 1 }), w.moderator);
    },
  }),
  scenario({
    entry: "/offer create",
    does: "posts an offer",
    kind: "command",
    run: (w) => w.act(command("offer", { title: "Free espresso", quantity: 5 }, "create"), w.moderator),
  }),
  scenario({
    entry: "/offer list",
    does: "lists the offers",
    kind: "command",
    run: async (w) => {
      await w.offer();
      return w.act(command("offer", {}, "list"), w.moderator);
    },
  }),
  scenario({
    entry: "/offer close",
    does: "closes an offer early",
    kind: "command",
    run: async (w) => w.act(command("offer", { number: Number(await w.offer()) }, "close"), w.moderator),
  }),
];

const cy = { userId: "1003", admin: false };

const privacy: Scenario[] = [
  consent("allows analytics", "action:pv_t", (w) => w.act(action("pv_t", ["analytics", "1"]), cy)),
  consent("stops analytics", "action:pv_t", (w) => w.act(action("pv_t", ["analytics", "0"]), w.ada)),
  consent("allows direct messages", "action:pv_t", (w) => w.act(action("pv_t", ["direct_messages", "1"]), w.ada)),
  consent("answers the first-reply question", "action:pv_a", (w) => w.act(action("pv_a", ["personalization"]), w.ada)),
  consent("declines the first-reply question", "action:pv_a", (w) => w.act(action("pv_a", ["none"]), w.ada)),
  scenario({
    entry: "action:md_e",
    does: "erases the member (who is then named by nothing)",
    kind: "command",
    names: "nobody",
    run: async (w) => {
      const asked = await w.send(command("mydata", {}, "erase"), w.ada);
      return w.act(action("md_e", buttonArgs(asked.reply, "md_e")), w.ada);
    },
  }),
  scenario({
    entry: "action:md_k",
    does: "keeps the data",
    kind: "command",
    run: (w) => w.act(action("md_k", []), w.ada),
  }),
  scenario({
    entry: "action:lk_u",
    does: "unlinks accounts",
    kind: "command",
    run: (w) => w.act(action("lk_u", []), w.ada),
  }),
];

export const commandScenarios: readonly Scenario[] = [...commands, ...privacy];
