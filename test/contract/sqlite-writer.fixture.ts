// A second process writing engagement batches to a SQLite file, for the test that two processes sharing one
// file keep the rollups exact. Reads { url, batches } as JSON on stdin; prints "ready" once the database is
// open (so the test can start its own writes), then { inserted } as JSON on a line of its own.
import type { EngagementRow } from "../../src/core/domain/engagement.ts";
import { openDatabase } from "../../src/persistence/database.ts";

interface Job {
  url: string;
  batches: (Omit<EngagementRow, "at" | "hour"> & { at: string; hour: string })[][];
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Job;
const database = await openDatabase(job.url);
process.stdout.write("ready\n");
try {
  let inserted = 0;
  for (const batch of job.batches) {
    const rows = batch.map((row) => ({ ...row, at: new Date(row.at), hour: new Date(row.hour) }));
    inserted += await database.repositories.engagement.writeBatch(rows);
  }
  process.stdout.write(`${JSON.stringify({ inserted })}\n`);
} finally {
  await database.close();
}
