import { ApplicationCommandOptionType, type CommandInteractionOption } from "discord.js";
import { describe, expect, it } from "vitest";
import { commandOptions } from "../../../src/platforms/discord/discord.inbound.ts";

describe("slash-command options on the way in", () => {
  it("reads option values by name", () => {
    const data: CommandInteractionOption[] = [
      { name: "question", type: ApplicationCommandOptionType.String, value: "Gelato?" },
      { name: "hours", type: ApplicationCommandOptionType.Integer, value: 24 },
      { name: "multi", type: ApplicationCommandOptionType.Boolean, value: false },
      { name: "role", type: ApplicationCommandOptionType.Role, value: "1234567890123456789" },
    ];
    expect(commandOptions(data)).toEqual({
      subcommand: null,
      options: { question: "Gelato?", hours: 24, multi: false, role: "1234567890123456789" },
    });
  });

  it("reads a subcommand and its own options", () => {
    const data: CommandInteractionOption[] = [
      {
        name: "export",
        type: ApplicationCommandOptionType.Subcommand,
        options: [{ name: "format", type: ApplicationCommandOptionType.String, value: "json" }],
      },
    ];
    expect(commandOptions(data)).toEqual({ subcommand: "export", options: { format: "json" } });
  });

  it("reads a subcommand without options", () => {
    const data: CommandInteractionOption[] = [{ name: "erase", type: ApplicationCommandOptionType.Subcommand }];
    expect(commandOptions(data)).toEqual({ subcommand: "erase", options: {} });
  });
});
