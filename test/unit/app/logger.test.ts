import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/app/logger.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, destination };
}

const token = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678";
const secret = "a-very-long-circolo-secret-that-must-never-be-logged";

describe("the logger", () => {
  it("redacts tokens and secrets in well-known fields", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "debug", pretty: false, secrets: [], destination });
    logger.info(
      { token: "t0k3n-value", headers: { authorization: "Bot abc.def" }, config: { DISCORD_TOKEN: "xyz-123" } },
      "hi",
    );
    const out = lines.join("");
    expect(out).not.toContain("t0k3n-value");
    expect(out).not.toContain("Bot abc.def");
    expect(out).not.toContain("xyz-123");
    expect(out).toContain("[redacted]");
  });

  it("scrubs configured secret values from messages, fields and errors", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "debug", pretty: false, secrets: [token, secret], destination });
    logger.error({ err: new Error(`request to https://api.telegram.org/bot${token}/getMe failed`) }, "call failed");
    logger.warn({ url: `http://x/bot${token}/sendMessage` }, `using ${secret}`);
    logger.child({ component: "x" }).info({ nested: { deeper: [secret] } }, "child");
    const out = lines.join("");
    expect(lines).toHaveLength(3);
    expect(out).not.toContain(token);
    expect(out).not.toContain(secret);
    expect(out).toContain("getMe failed");
  });

  it("writes one JSON object per line", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "info", pretty: false, secrets: [], destination });
    logger.info({ platform: "telegram", updateId: "42", outcome: "ok" }, "update handled");
    const parsed = JSON.parse(lines[0] ?? "");
    expect(parsed).toMatchObject({ platform: "telegram", updateId: "42", outcome: "ok", msg: "update handled" });
  });
});
