-- CreateTable
CREATE TABLE "Brand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Community" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "brandId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Community_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "communityId" TEXT NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "joinedAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME,
    "roles" JSONB NOT NULL,
    "locale" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Member_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsentGrant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "memberId" TEXT,
    "purpose" TEXT,
    "action" TEXT NOT NULL,
    "noticeVersion" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "ConsentGrant_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsentGrant_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "communityId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "segment" JSONB NOT NULL,
    "payload" JSONB NOT NULL,
    "channelId" TEXT,
    "externalKey" TEXT,
    "startsAt" DATETIME,
    "closesAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EngagementEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "communityId" TEXT NOT NULL,
    "campaignId" TEXT,
    "kind" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "memberId" TEXT,
    "dedupeKey" TEXT,
    CONSTRAINT "EngagementEvent_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EngagementEvent_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "EngagementEvent_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DailyRollup" (
    "communityId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "anonymousCount" INTEGER NOT NULL DEFAULT 0,
    "distinctMembers" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("communityId", "day", "kind"),
    CONSTRAINT "DailyRollup_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HourlyRollup" (
    "communityId" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("communityId", "hour", "kind"),
    CONSTRAINT "HourlyRollup_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemberActivityDay" (
    "communityId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("communityId", "memberId", "day", "kind"),
    CONSTRAINT "MemberActivityDay_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MemberActivityDay_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "platform" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "updateId")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "communityId" TEXT,
    "campaignId" TEXT,
    "job" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "cron" TEXT,
    "runAt" DATETIME,
    "timeZone" TEXT NOT NULL,
    "endsAt" DATETIME,
    "remaining" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'active',
    "nextFireAt" DATETIME,
    "lastFireAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Schedule_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Schedule_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduleRun" (
    "scheduleId" TEXT NOT NULL,
    "fireAt" DATETIME NOT NULL,
    "owner" TEXT NOT NULL,
    "leaseUntil" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "outcome" TEXT,

    PRIMARY KEY ("scheduleId", "fireAt"),
    CONSTRAINT "ScheduleRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SystemSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Community_brandId_idx" ON "Community"("brandId");

-- CreateIndex
CREATE UNIQUE INDEX "Community_platform_platformId_key" ON "Community"("platform", "platformId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_communityId_pseudonym_key" ON "Member"("communityId", "pseudonym");

-- CreateIndex
CREATE INDEX "ConsentGrant_memberId_purpose_at_idx" ON "ConsentGrant"("memberId", "purpose", "at");

-- CreateIndex
CREATE INDEX "ConsentGrant_communityId_at_idx" ON "ConsentGrant"("communityId", "at");

-- CreateIndex
CREATE INDEX "Campaign_communityId_state_idx" ON "Campaign"("communityId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_communityId_externalKey_key" ON "Campaign"("communityId", "externalKey");

-- CreateIndex
CREATE UNIQUE INDEX "EngagementEvent_dedupeKey_key" ON "EngagementEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "EngagementEvent_communityId_at_idx" ON "EngagementEvent"("communityId", "at");

-- CreateIndex
CREATE INDEX "EngagementEvent_memberId_idx" ON "EngagementEvent"("memberId");

-- CreateIndex
CREATE INDEX "MemberActivityDay_communityId_day_idx" ON "MemberActivityDay"("communityId", "day");

-- CreateIndex
CREATE INDEX "ProcessedUpdate_at_idx" ON "ProcessedUpdate"("at");

-- CreateIndex
CREATE INDEX "Schedule_state_nextFireAt_idx" ON "Schedule"("state", "nextFireAt");
