import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelegramDriver, waitUntil } from "../telegram/telegram.driver.ts";
import { runOfferScenarios } from "./offer-scenarios.ts";

runOfferScenarios(() => new TelegramDriver());

describe("offers on telegram, for a member who never started the bot", () => {
  const driver = new TelegramDriver();
  beforeAll(() => driver.start(), 60_000);
  afterAll(() => driver.stop(), 60_000);

  it("claims with a link into the private chat, and gets the code there with Details once started", async () => {
    const { emulator, app } = driver;
    const owner = emulator.person({ firstName: "Owner" });
    const group = emulator.group("Forno", owner);
    group.addBot(owner);
    const platformId = String(group.id);
    await waitUntil(
      async () => (await app.database.repositories.communities.findByPlatformId("telegram", platformId)) !== null,
      "the community",
    );
    group.join(owner, "administrator");
    owner.hasStartedBot();
    owner.say("/offer create Warm focaccia --quantity 3", group);
    const post = await emulator.waitFor(
      () =>
        emulator.botMessages(group.id).find((m) => m.replyTo === null && emulator.seen(m).buttons.includes("Claim")),
      "the offer's post",
    );

    const shy = emulator.person({ languageCode: "en" });
    group.join(shy);
    const query = shy.press(post, "Claim");
    const answer = await emulator.waitFor(() => emulator.callbackAnswer(query), "the answer to Claim");
    expect(answer.url).toMatch(new RegExp(`^https://t\\.me/${emulator.botUsername}\\?start=`));
    expect(emulator.botMessages(shy.id)).toHaveLength(0);
    expect(await app.database.prisma.offerClaim.count()).toBe(1);

    shy.start(new URL(answer.url!).searchParams.get("start")!);
    await emulator.waitFor(() => emulator.botMessages(shy.id)[0], "the private chat's greeting");
    const details = shy.press(post, "Details");
    await emulator.waitFor(() => emulator.callbackAnswer(details), "the answer to Details");
    const seen = emulator.seen(emulator.botMessages(shy.id).at(-1)!);
    expect(seen.text).toMatch(/(?:[0-9A-HJKMNP-TV-Z]{4}-){31}[0-9A-HJKMNP-TV-Z]{4}/);
    expect(seen.text).toContain("Warm focaccia");
  }, 60_000);
});
