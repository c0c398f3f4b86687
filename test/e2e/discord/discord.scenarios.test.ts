import { runPlatformScenarios } from "../../scenarios/platform-scenarios.ts";
import { DiscordDriver } from "./discord.driver.ts";

runPlatformScenarios(() => new DiscordDriver());
