// The scenarios of the polls', Q&A sessions' and offers' buttons and forms: one per way a press can succeed with a
// different event (a first vote or a change, an anonymous poll or an attributed one, results shown or hidden, ...).
import { type Acted, action, type InteractionWorld, type Scenario, scenario } from "./interaction-world.ts";

/** A vote on the world's first poll, after `before` (earlier votes by the same member). */
async function vote(w: InteractionWorld, poll: Record<string, unknown>, before: readonly string[], option: string) {
  const number = await w.poll(poll);
  for (const earlier of before) await w.send(action("pl_v", [number, earlier]), w.ada);
  return w.act(action("pl_v", [number, option]), w.ada);
}

async function results(w: InteractionWorld, poll: Record<string, unknown>): Promise<Acted> {
  return w.act(action("pl_r", [await w.poll(poll)]), w.ada);
}

const anonymous = { anonymity: "anonymous" };
const attributed = { anonymity: "attributed" };

const polls: Scenario[] = [
  scenario({
    entry: "action:pl_v",
    does: "a first vote on an anonymous poll",
    kind: "vote",
    names: "nobody",
    unlinkable: true,
    run: (w) => vote(w, anonymous, [], "0"),
  }),
  scenario({
    entry: "action:pl_v",
    does: "a changed vote on an anonymous poll",
    kind: "vote_change",
    names: "nobody",
    unlinkable: true,
    run: (w) => vote(w, anonymous, ["0"], "1"),
  }),
  scenario({
    entry: "action:pl_v",
    does: "a first vote on an attributed poll",
    kind: "vote",
    run: (w) => vote(w, attributed, [], "1"),
  }),
  scenario({
    entry: "action:pl_v",
    does: "an option toggled off on an attributed multiple-choice poll",
    kind: "vote_change",
    run: (w) => vote(w, { ...attributed, multi: true }, ["0", "1"], "0"),
  }),
  scenario({
    entry: "action:pl_r",
    does: "live results of an anonymous poll",
    kind: "results_view",
    names: "nobody",
    unlinkable: true,
    run: (w) => results(w, anonymous),
  }),
  scenario({
    entry: "action:pl_r",
    does: "live results of an attributed poll",
    kind: "results_view",
    run: (w) => results(w, attributed),
  }),
  scenario({
    entry: "action:pl_r",
    does: "the member's own vote while the results are hidden",
    kind: "command",
    run: (w) => results(w, { results: "after_close" }),
  }),
  scenario({
    entry: "action:pl_c",
    does: "a moderator closes a poll",
    kind: "command",
    run: async (w) => w.act(action("pl_c", [await w.poll()]), w.moderator),
  }),
];

/** An open session with ada's question on the board. */
async function onTheBoard(w: InteractionWorld) {
  const session = await w.session();
  return { session, question: await w.question(session, w.ada) };
}

const qa: Scenario[] = [
  scenario({
    entry: "action:qa_ask",
    does: "the board's Ask button opens the form",
    kind: "command",
    run: async (w) => w.act(action("qa_ask", [await w.session()]), w.bea),
  }),
  scenario({
    entry: "action:qa_q",
    does: "a question submitted with the form",
    kind: "ask",
    run: async (w) =>
      w.act(action("qa_q", [await w.session()], { question: "Is there a vegan option this winter?" }), w.bea),
  }),
  scenario({
    entry: "action:qa_up",
    does: "an upvote",
    kind: "upvote",
    run: async (w) => w.act(action("qa_up", [(await onTheBoard(w)).question]), w.bea),
  }),
  scenario({
    entry: "action:qa_up",
    does: "a second press on an upvoted question (nothing counted twice)",
    kind: "command",
    run: async (w) => {
      const { question } = await onTheBoard(w);
      await w.send(action("qa_up", [question]), w.bea);
      return w.act(action("qa_up", [question]), w.bea);
    },
  }),
  scenario({
    entry: "action:qa_wd",
    does: "an upvote taken back",
    kind: "command",
    run: async (w) => {
      const { question } = await onTheBoard(w);
      await w.send(action("qa_up", [question]), w.bea);
      return w.act(action("qa_wd", [question]), w.bea);
    },
  }),
  ...(["qa_ok", "qa_no", "qa_mg"] as const).map((name) =>
    scenario({
      entry: `action:${name}`,
      does: { qa_ok: "a waiting question approved", qa_no: "rejected", qa_mg: "the merge menu" }[name],
      kind: "command",
      run: async (w) => {
        const session = await w.session(true);
        const waiting = await w.question(session, w.ada);
        return w.act(action(name, [waiting, "p"]), w.moderator);
      },
    }),
  ),
  scenario({
    entry: "action:qa_mi",
    does: "a waiting duplicate merged",
    kind: "command",
    run: async (w) => {
      const { first, waiting } = await w.duplicate();
      return w.act(action("qa_mi", [waiting, first, "p"]), w.moderator);
    },
  }),
  scenario({
    entry: "action:qa_bk",
    does: "back from the merge menu",
    kind: "command",
    run: async (w) => {
      const waiting = await w.question(await w.session(true), w.ada);
      return w.act(action("qa_bk", [waiting, "p"]), w.moderator);
    },
  }),
  ...(["qa_rv", "qa_ans"] as const).map((name) =>
    scenario({
      entry: `action:${name}`,
      does: name === "qa_rv" ? "the review queue" : "the board's Answer button",
      kind: "command",
      run: async (w) => w.act(action(name, [(await onTheBoard(w)).session]), w.moderator),
    }),
  ),
  scenario({
    entry: "action:qa_af",
    does: "a question picked to answer opens the form",
    kind: "command",
    run: async (w) => w.act(action("qa_af", [(await onTheBoard(w)).question]), w.moderator),
  }),
  scenario({
    entry: "action:qa_as",
    does: "an answer submitted with the form",
    kind: "answer",
    run: async (w) => w.act(action("qa_as", [(await onTheBoard(w)).question], { answer: "Next week!" }), w.moderator),
  }),
];

const offers: Scenario[] = [
  scenario({
    entry: "action:of_c",
    does: "a code claimed",
    kind: "claim",
    run: async (w) => w.act(action("of_c", [await w.offer()]), w.ada),
  }),
  scenario({
    entry: "action:of_d",
    does: "an offer's details",
    kind: "offer_view",
    run: async (w) => w.act(action("of_d", [await w.offer()]), w.ada),
  }),
];

export const campaignScenarios: readonly Scenario[] = [...polls, ...qa, ...offers];
