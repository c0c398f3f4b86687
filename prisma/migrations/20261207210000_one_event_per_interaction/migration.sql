-- One interaction is one engagement event, of its own kind. Until now every interaction with a kind of its own (a
-- vote, a claim, ...) also wrote a "command" twin, consent choices were written as "command", and the event of an
-- anonymous poll could be joined to its twin, which named the voter. This migration:
--   1. deletes the twins: a "command" whose dedupeKey plus ":<kind>" is the dedupeKey of an event of that kind in
--      the same community (the old keys were "platform:update" and "platform:update:kind").
--   2. turns consent choices into consent_change events naming nobody. The ledger says when each choice was made,
--      by whom, and whether the member then held analytics (so whether the command named them). Per community,
--      instant and named member (or nobody), as many "command" events as there were such choices are re-kinded.
--      Those events are alike in every column a figure reads, so which of them is re-kinded changes nothing.
--      Not recognisable: "No, thanks" answers (they left no ledger row), and choices of erased members (their
--      ledger rows are gone): they stay "command".
--   3. unlinks the events of anonymous polls: no member and no replay key (their updates are long marked processed).
--   4. moves DailyRollup, HourlyRollup and MemberActivityDay by exactly what the deleted and re-kinded events had
--      added, so past weeks read as if the events had been recorded right. Days whose raw events retention has
--      already deleted cannot be told apart and keep their counts. The events of an erased member no longer say
--      whether they were attributed: their deleted twins are taken as anonymous ones.
-- SQLite has no time-zone database: circolo_local_day(at, timeZone) is the local day of the engagement recorder,
-- registered by the migrator of Circolo (src/persistence/migrations/sqlite-functions.ts): run it with `circolo migrate`
-- or the bot, not with the Prisma CLI.

-- The events to fix, with the rollup keys they had moved.
CREATE TEMP TABLE "_EventFix" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "fix" TEXT NOT NULL,
    "communityId" TEXT NOT NULL,
    "memberId" TEXT,
    "day" TEXT NOT NULL,
    "hour" TEXT NOT NULL
);

-- From each event of a kind of its own to the "command" of the same update. CROSS JOIN keeps that order: the
-- command is then found by its unique key (SQLite has no statistics to prefer it to the community index).
INSERT INTO "_EventFix" ("id", "fix", "communityId", "memberId", "day", "hour")
SELECT DISTINCT e."id", 'twin', e."communityId", e."memberId", circolo_local_day(e."at", c."timeZone"),
       strftime('%Y-%m-%dT%H:00:00.000+00:00', e."at")
FROM "EngagementEvent" AS s
CROSS JOIN "EngagementEvent" AS e
JOIN "Community" AS c ON c."id" = e."communityId"
WHERE s."kind" IN ('vote', 'vote_change', 'results_view', 'offer_view', 'claim', 'ask', 'upvote', 'answer')
  AND substr(s."dedupeKey", -length(s."kind") - 1) = ':' || s."kind"
  AND e."dedupeKey" = substr(s."dedupeKey", 1, length(s."dedupeKey") - length(s."kind") - 1)
  AND e."kind" = 'command' AND e."communityId" = s."communityId";

-- Each consent choice, with whom its command named: the member if their latest analytics choice, this one
-- included, was a grant (in ledger order: time, then id).
CREATE TEMP TABLE "_Choice" AS
SELECT g."communityId", g."at",
       CASE WHEN (
           SELECT h."action" FROM "ConsentGrant" AS h
           WHERE h."memberId" = g."memberId" AND h."purpose" = 'analytics' AND h."action" IN ('granted', 'withdrawn')
             AND (h."at" < g."at" OR (h."at" = g."at" AND h."id" <= g."id"))
           ORDER BY h."at" DESC, h."id" DESC LIMIT 1
       ) = 'granted' THEN g."memberId" END AS "memberId"
FROM "ConsentGrant" AS g
WHERE g."memberId" IS NOT NULL AND g."action" IN ('granted', 'withdrawn');

INSERT INTO "_EventFix" ("id", "fix", "communityId", "memberId", "day", "hour")
SELECT r."id", 'consent', r."communityId", r."memberId", circolo_local_day(r."at", r."timeZone"),
       strftime('%Y-%m-%dT%H:00:00.000+00:00', r."at")
FROM (
    SELECT e."id", e."communityId", e."memberId", e."at", c."timeZone",
           ROW_NUMBER() OVER (PARTITION BY e."communityId", e."at", e."memberId" ORDER BY e."id") AS "rank"
    FROM "EngagementEvent" AS e JOIN "Community" AS c ON c."id" = e."communityId"
    WHERE e."kind" = 'command' AND e."id" NOT IN (SELECT "id" FROM "_EventFix")
) AS r
JOIN (
    SELECT "communityId", "at", "memberId", COUNT(*) AS "choices" FROM "_Choice" GROUP BY "communityId", "at", "memberId"
) AS k ON k."communityId" = r."communityId" AND k."at" = r."at" AND k."memberId" IS r."memberId"
WHERE r."rank" <= k."choices";

-- 4. The rollups, moved by exactly what those events had added as "command" events.
UPDATE "MemberActivityDay" SET "count" = "MemberActivityDay"."count" - f."n"
FROM (
    SELECT "communityId", "memberId", "day", COUNT(*) AS "n" FROM "_EventFix"
    WHERE "memberId" IS NOT NULL GROUP BY "communityId", "memberId", "day"
) AS f
WHERE "MemberActivityDay"."communityId" = f."communityId" AND "MemberActivityDay"."memberId" = f."memberId"
  AND "MemberActivityDay"."day" = f."day" AND "MemberActivityDay"."kind" = 'command';

UPDATE "DailyRollup" SET "distinctMembers" = MAX(0, "DailyRollup"."distinctMembers" - g."gone")
FROM (
    SELECT "communityId", "day", COUNT(*) AS "gone" FROM "MemberActivityDay"
    WHERE "kind" = 'command' AND "count" <= 0 GROUP BY "communityId", "day"
) AS g
WHERE "DailyRollup"."communityId" = g."communityId" AND "DailyRollup"."day" = g."day"
  AND "DailyRollup"."kind" = 'command';

DELETE FROM "MemberActivityDay" WHERE "count" <= 0;

UPDATE "DailyRollup"
SET "count" = "DailyRollup"."count" - f."n",
    "anonymousCount" = MAX(0, MIN("DailyRollup"."anonymousCount" - f."anonymous", "DailyRollup"."count" - f."n"))
FROM (
    SELECT "communityId", "day", COUNT(*) AS "n", SUM(CASE WHEN "memberId" IS NULL THEN 1 ELSE 0 END) AS "anonymous"
    FROM "_EventFix" GROUP BY "communityId", "day"
) AS f
WHERE "DailyRollup"."communityId" = f."communityId" AND "DailyRollup"."day" = f."day"
  AND "DailyRollup"."kind" = 'command';

UPDATE "HourlyRollup" SET "count" = "HourlyRollup"."count" - f."n"
FROM (SELECT "communityId", "hour", COUNT(*) AS "n" FROM "_EventFix" GROUP BY "communityId", "hour") AS f
WHERE "HourlyRollup"."communityId" = f."communityId" AND "HourlyRollup"."hour" = f."hour"
  AND "HourlyRollup"."kind" = 'command';

DELETE FROM "DailyRollup" WHERE "count" <= 0;
DELETE FROM "HourlyRollup" WHERE "count" <= 0;

-- ... and by what the re-kinded ones add as consent_change events, which name nobody.
INSERT INTO "DailyRollup" ("communityId", "day", "kind", "count", "anonymousCount", "distinctMembers")
SELECT "communityId", "day", 'consent_change', COUNT(*), COUNT(*), 0
FROM "_EventFix" WHERE "fix" = 'consent' GROUP BY "communityId", "day"
ON CONFLICT ("communityId", "day", "kind") DO UPDATE SET
    "count" = "DailyRollup"."count" + excluded."count",
    "anonymousCount" = "DailyRollup"."anonymousCount" + excluded."anonymousCount";

INSERT INTO "HourlyRollup" ("communityId", "hour", "kind", "count")
SELECT "communityId", "hour", 'consent_change', COUNT(*)
FROM "_EventFix" WHERE "fix" = 'consent' GROUP BY "communityId", "hour"
ON CONFLICT ("communityId", "hour", "kind") DO UPDATE SET "count" = "HourlyRollup"."count" + excluded."count";

-- 1 and 2: the events themselves.
DELETE FROM "EngagementEvent" WHERE "id" IN (SELECT "id" FROM "_EventFix" WHERE "fix" = 'twin');
UPDATE "EngagementEvent" SET "kind" = 'consent_change', "memberId" = NULL
WHERE "id" IN (SELECT "id" FROM "_EventFix" WHERE "fix" = 'consent');

-- 3. The events of anonymous polls.
UPDATE "EngagementEvent" SET "memberId" = NULL, "dedupeKey" = NULL
WHERE "campaignId" IN (
    SELECT "id" FROM "Campaign" WHERE "kind" = 'poll' AND json_extract("payload", '$.anonymity') = 'anonymous');

DROP TABLE temp."_Choice";
DROP TABLE temp."_EventFix";
