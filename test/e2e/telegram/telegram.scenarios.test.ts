import { runPlatformScenarios } from "../../scenarios/platform-scenarios.ts";
import { TelegramDriver } from "./telegram.driver.ts";

runPlatformScenarios(() => new TelegramDriver());
