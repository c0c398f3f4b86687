import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { registry } from "../../../commands/index.ts";
import type { CommandDefinition } from "../../../src/core/commands/command.ts";
import type { InboundRequest } from "../../../src/core/pipeline/inbound.ts";
import { commandSchema, type PipelineOutcome } from "../../../src/core/pipeline/update-pipeline.ts";
import { parseArguments } from "../../../src/platforms/telegram/telegram.arguments.ts";
import { refusalProblem, replyText, showsRawError } from "./support/catalogue.ts";
import { hostileString, hostileValue } from "./support/hostile.ts";
import { FaultWorld, type Who } from "./support/world.ts";

/**
 * The bulk of the bad-input faults: generated commands and button actions go straight into the update
 * pipeline (the path both adapters call, after their own parsing) of the real app on SQLite, as a plain member
 * and as a moderator, in English and in Italian. No input may crash a handler, every refusal must be the
 * catalogue's message for its code in the member's language, and a refused input must change no row.
 */
describe("bad input through the core command dispatch", () => {
  let world: FaultWorld;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const tally = {
    typed: 0,
    typedDispatched: 0,
    inputs: 0,
    dispatches: 0,
    refused: 0,
    accepted: 0,
    crashes: 0,
    changedOnRefusal: 0,
  };

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    world = await FaultWorld.start();
  }, 60_000);

  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await world?.stop();
  });

  /** Ids that belong to community B, or to nobody, which inputs in community A carry. */
  const foreignIds = () => [
    ...world.b.qaSessionIds,
    ...world.b.qaQuestionIds,
    world.b.platformId,
    world.b.id,
    ...world.b.pollNumbers.map(String),
    ...world.b.offerNumbers.map(String),
    "123456789012345678",
    "-1001999999999",
  ];

  /** Sends a request in English and in Italian and checks both answers; returns nothing, asserts everything. */
  async function dispatch(request: InboundRequest, who: Who): Promise<void> {
    tally.inputs += 1;
    const typed = JSON.stringify(request) ?? "";
    const answers: PipelineOutcome[] = [];
    for (const locale of ["en", "it"] as const) {
      const mark = world.changes.mark();
      const outcome = await world.send(request, { ...who, locale });
      tally.dispatches += 1;
      const text = replyText(outcome.reply);
      if (outcome.outcome === "failure") {
        tally.crashes += 1;
        expect.fail(`a handler failed on ${typed.slice(0, 300)}`);
      }
      expect(outcome.outcome).not.toBe("duplicate");
      if (outcome.outcome.startsWith("error:")) {
        tally.refused += 1;
        const code = outcome.outcome.slice("error:".length);
        const problem = refusalProblem(text, code, locale, typed);
        if (problem) expect.fail(`${problem}\n  for ${typed.slice(0, 300)}`);
        const changes = world.changes.since(mark);
        if (changes.length > 0) {
          tally.changedOnRefusal += 1;
          expect.fail(`refused with ${code} but changed ${JSON.stringify(changes)} for ${typed.slice(0, 300)}`);
        }
      } else {
        tally.accepted += 1;
        expect(showsRawError(text, typed)).toBe(false);
        await world.settle();
      }
      answers.push(outcome);
    }
    const [en, italian] = answers as [PipelineOutcome, PipelineOutcome];
    if (en.outcome.startsWith("error:") && en.outcome === italian.outcome) {
      expect(replyText(italian.reply)).not.toBe(replyText(en.reply));
    }
  }

  const who = fc.record({
    moderator: fc.boolean(),
    user: fc.constantFrom("7001", "7002", "7003"),
  });

  /** Structured options as Discord delivers them (or a forged client could): any value for any option. */
  function structuredCommand(): fc.Arbitrary<InboundRequest> {
    return fc.constantFrom(...registry.commands).chain((command) => {
      const names = command.subcommands ? Object.keys(command.subcommands) : [];
      const subcommand: fc.Arbitrary<string | null> = command.subcommands
        ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: hostileString() })
        : fc.constant(null);
      return subcommand.chain((sub) => {
        const schema = commandSchema(command, sub) ?? z.object({});
        const fields = Object.keys(schema.shape);
        const value = hostileValue(foreignIds());
        const known = fc.record(Object.fromEntries(fields.map((f) => [f, value])), { requiredKeys: [] });
        const extra = fc.dictionary(fc.constantFrom("__proto__", "constructor", "zz", ...fields), value, {
          maxKeys: 2,
        });
        return fc.tuple(known, extra).map(
          ([options, more]): InboundRequest => ({
            type: "command",
            name: command.name,
            subcommand: sub,
            options: { ...Object.fromEntries(Object.entries(more)), ...options },
          }),
        );
      });
    });
  }

  /** Telegram text after `/name`, parsed by the adapter's own parser; what parses goes on to the pipeline. */
  function typedCommand(): fc.Arbitrary<{ command: CommandDefinition; text: string }> {
    return fc.constantFrom(...registry.commands).chain((command) => {
      const schema = command.subcommands ? null : command.options;
      const words = [
        ...Object.keys(command.subcommands ?? {}),
        ...Object.keys(schema?.shape ?? {}).map((f) => `--${f}`),
        "|",
        "--",
        '"',
      ];
      const word = fc.oneof(fc.constantFrom(...words), hostileString(foreignIds()));
      return fc.array(word, { maxLength: 8 }).map((parts) => ({ command, text: parts.join(" ") }));
    });
  }

  /** A button or form action with whatever arguments: as if a signed payload carried them. */
  function action(): fc.Arbitrary<InboundRequest> {
    const a = () => world.a;
    const arg = fc.oneof(
      hostileString(foreignIds()),
      fc.constantFrom(
        ...a().qaSessionIds,
        ...a().qaQuestionIds,
        ...foreignIds(),
        "1",
        "2",
        "0",
        "999999999",
        "analytics",
        "direct_messages",
        "none",
        "c",
        "p",
      ),
    );
    return fc.record(
      {
        type: fc.constant("action" as const),
        name: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...registry.actions.map((x) => x.name)) },
          { weight: 1, arbitrary: hostileString() },
        ),
        args: fc.array(arg, { maxLength: 4 }),
        values: fc.array(hostileString(foreignIds()), { maxLength: 3 }),
        fields: fc.dictionary(fc.constantFrom("text", "question", "answer", "x"), hostileString(), { maxKeys: 2 }),
      },
      { requiredKeys: ["type", "name", "args"] },
    );
  }

  it("survives generated commands with structured options, refusing them clearly and changing nothing", async () => {
    await fc.assert(
      fc.asyncProperty(structuredCommand(), who, (request, person) => dispatch(request, person)),
      { numRuns: 3500 },
    );
  }, 600_000);

  it("survives generated Telegram command text parsed by the adapter, then dispatched", async () => {
    await fc.assert(
      fc.asyncProperty(typedCommand(), who, async ({ command, text }, person) => {
        tally.typed += 1;
        const parsed = parseArguments(command, text);
        if (!parsed.ok) return;
        tally.typedDispatched += 1;
        await dispatch(
          { type: "command", name: command.name, subcommand: parsed.subcommand, options: parsed.options },
          person,
        );
      }),
      { numRuns: 3000 },
    );
  }, 600_000);

  it("survives generated button and form actions, refusing forged ones and other communities' ids", async () => {
    await fc.assert(
      fc.asyncProperty(action(), who, (request, person) => dispatch(request, person)),
      { numRuns: 3000 },
    );
  }, 600_000);

  it("saw no unhandled rejection and reports its figures", () => {
    expect(unhandled).toEqual([]);
    expect(tally.crashes).toBe(0);
    expect(tally.changedOnRefusal).toBe(0);
    expect(tally.refused).toBeGreaterThan(tally.inputs);
    console.log(
      `bad input (core dispatch, SQLite): ${tally.inputs} generated inputs dispatched ` +
        `(${tally.typedDispatched} of them read from ${tally.typed} generated Telegram lines by the adapter's parser), ` +
        `${tally.dispatches} dispatches (en + it), ` +
        `${tally.refused} refusals with a localized catalogue message, ${tally.accepted} accepted, ` +
        `${tally.crashes} crashes, ${unhandled.length} unhandled rejections, ${tally.changedOnRefusal} database changes on refusal`,
    );
  });
});
