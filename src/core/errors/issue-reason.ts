import type { z } from "zod";

/**
 * The first problem zod found, as one of a schema's reason codes (the messages its refinements carry, such as
 * `too_few_options`) and the values its sentence needs; any other problem is `"invalid"`.
 */
export function reasonOf<R extends string>(
  reasons: readonly (R | "invalid")[],
  issues: readonly z.core.$ZodIssue[],
): { reason: R | "invalid"; params: Record<string, string> } {
  const issue = issues[0];
  const message = issue?.message ?? "";
  const known = (reasons as readonly string[]).includes(message);
  const params: Record<string, string> = {};
  const raw = (issue as { params?: Record<string, unknown> } | undefined)?.params ?? {};
  for (const [key, value] of Object.entries(raw)) if (typeof value === "string") params[key] = value;
  return { reason: known ? (message as R) : "invalid", params };
}
