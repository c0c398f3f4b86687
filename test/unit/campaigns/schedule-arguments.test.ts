import { describe, expect, it } from "vitest";
import { registry } from "../../../commands/index.ts";
import { offerCommand } from "../../../commands/offer.command.ts";
import { pollCommand } from "../../../commands/poll.command.ts";
import { qaCommand } from "../../../commands/qa.command.ts";
import { toDiscordCommands } from "../../../src/platforms/discord/discord.commands.ts";
import { parseArguments } from "../../../src/platforms/telegram/telegram.arguments.ts";

describe("the scheduling options on both platforms", () => {
  it("reads the README's Telegram examples: a flag's value, spaces and cron stars included, runs to the next flag", () => {
    const poll = parseArguments(
      pollCommand,
      "Flavour of the week? | Vanilla | Pistachio --closes 2d --repeat 0 18 * * 1 --until 2027-03-31 23:59",
    );
    expect(poll.ok && poll.options).toMatchObject({ repeat: "0 18 * * 1", until: "2027-03-31 23:59", closes: "2d" });
    const offer = parseArguments(
      offerCommand,
      "create Launch espresso --quantity 50 --ends 2d --start 2026-12-05 10:00",
    );
    expect(offer.ok && offer.options).toMatchObject({
      title: "Launch espresso",
      start: "2026-12-05 10:00",
      ends: "2d",
    });
    const qa = parseArguments(qaCommand, "open Winter menu --ends 1h --start in 2h");
    expect(qa.ok && qa.options).toMatchObject({ topic: "Winter menu", start: "in 2h" });
  });

  it("registers start, repeat and until as optional string options on Discord, within its 25 options", () => {
    const json = toDiscordCommands(registry.commands);
    const [poll, offer, qa] = ["poll", "offer", "qa"].map((name) => json.find((c) => c.name === name));
    const names = (options: readonly { name: string; required?: boolean }[] | undefined) =>
      (options ?? []).filter((o) => ["start", "repeat", "until"].includes(o.name)).map((o) => [o.name, o.required]);
    expect(names(poll?.options)).toEqual([
      ["start", false],
      ["repeat", false],
      ["until", false],
    ]);
    expect(poll?.options?.length).toBeLessThanOrEqual(25);
    const sub = (command: typeof offer, name: string) =>
      ((command?.options ?? []) as { name: string; options?: { name: string; required?: boolean }[] }[]).find(
        (o) => o.name === name,
      )?.options;
    expect(names(sub(offer, "create"))).toHaveLength(3);
    expect(names(sub(qa, "open"))).toHaveLength(3);
  });
});
