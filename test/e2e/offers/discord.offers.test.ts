import { DiscordDriver } from "../discord/discord.driver.ts";
import { runOfferScenarios } from "./offer-scenarios.ts";

runOfferScenarios(() => new DiscordDriver());
