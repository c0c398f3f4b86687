import { createHash } from "node:crypto";
import type { z } from "zod";
import { type BenchmarkSnapshot, benchmarkSnapshotSchema } from "./benchmark-snapshot.schema.ts";

/** A snapshot file read: the snapshot, or every problem found, each naming the file, the path and what is expected. */
export type BenchmarkReading =
  | { readonly ok: true; readonly snapshot: BenchmarkSnapshot }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Validates a snapshot file's text; `file` is how problems name it. */
export function readBenchmarkSnapshot(text: string, file: string): BenchmarkReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${file}: not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = benchmarkSnapshotSchema.safeParse(json);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${file}: ${pathOf(issue)}: ${inWords(issue)}`) };
}

/**
 * The snapshot's identity as a file: sha256 of its canonical JSON (the validated fields in the schema's order),
 * so the same snapshot re-indented or with its keys reordered is still the same.
 */
export function benchmarkDigest(snapshot: BenchmarkSnapshot): string {
  const canonical = {
    format: snapshot.format,
    source: snapshot.source,
    week: snapshot.week,
    k: snapshot.k,
    epsilon: snapshot.epsilon,
    peers: snapshot.peers.map((peer) => ({
      participation: peer.participation.map((rate) =>
        rate ? { responders: rate.responders, reach: rate.reach } : null,
      ),
      active: peer.active,
    })),
  };
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

function inWords(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: a snapshot carries only the fields of docs/benchmark-snapshot.schema.json (no ids, no names)`;
  }
  if (issue.code === "invalid_type" && issue.input === undefined) return `missing: ${issue.message}`;
  return issue.message;
}

function pathOf(issue: z.core.$ZodIssue): string {
  return (
    issue.path
      .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
      .join("") || "(top level)"
  );
}
