import { describe, expect, it } from "vitest";
import { parseCommunityChanges } from "../../../src/core/community/community-settings.ts";

const reasonOf = (input: unknown) => {
  const parsed = parseCommunityChanges(input);
  return parsed.ok ? null : parsed.error.details?.reason;
};

describe("a change of community settings", () => {
  it("reads what moderators type: quiet hours past midnight, on and off, numbers as text", () => {
    const parsed = parseCommunityChanges({
      quietHours: " 22:30-06:00 ",
      benchmark: "ON",
      weeklyCap: "0",
      kAnonymity: "12",
      locale: "IT",
      timeZone: "Asia/Tokyo",
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        quietHours: "22:30-06:00",
        benchmark: true,
        weeklyCap: 0,
        kAnonymity: 12,
        locale: "it",
        timeZone: "Asia/Tokyo",
      },
    });
    expect(parseCommunityChanges({ quietHours: "off", benchmark: "off" })).toMatchObject({
      ok: true,
      value: { quietHours: "off", benchmark: false },
    });
  });

  it("names the one value that is wrong", () => {
    expect(reasonOf({ timeZone: "Europe/Atlantis" })).toBe("time_zone");
    expect(reasonOf({ locale: "fr" })).toBe("language");
    expect(reasonOf({ quietHours: "24:00-07:00" })).toBe("quiet_hours");
    expect(reasonOf({ quietHours: "22-7" })).toBe("quiet_hours");
    expect(reasonOf({ weeklyCap: "51" })).toBe("weekly_cap");
    expect(reasonOf({ weeklyCap: "1.5" })).toBe("weekly_cap");
    expect(reasonOf({ weeklyCap: "many" })).toBe("weekly_cap");
    expect(reasonOf({ kAnonymity: "1" })).toBe("k_anonymity");
    expect(reasonOf({ benchmark: "maybe" })).toBe("benchmark");
    expect(reasonOf({})).toBe("nothing");
  });
});
