-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('discord', 'telegram');

-- CreateEnum
CREATE TYPE "ConsentPurpose" AS ENUM ('analytics', 'personalization', 'direct_messages');

-- CreateEnum
CREATE TYPE "ConsentAction" AS ENUM ('granted', 'withdrawn', 'erased');

-- CreateEnum
CREATE TYPE "CampaignKind" AS ENUM ('poll', 'offer', 'qa');

-- CreateEnum
CREATE TYPE "CampaignState" AS ENUM ('draft', 'scheduled', 'live', 'closed');

-- CreateEnum
CREATE TYPE "ScheduleState" AS ENUM ('active', 'paused', 'cancelled', 'finished');

-- CreateTable
CREATE TABLE "Brand" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Brand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Community" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "platformId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Community_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "communityId" TEXT NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3),
    "roles" JSONB NOT NULL,
    "locale" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentGrant" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "memberId" TEXT,
    "purpose" "ConsentPurpose",
    "action" "ConsentAction" NOT NULL,
    "noticeVersion" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "communityId" TEXT NOT NULL,
    "kind" "CampaignKind" NOT NULL,
    "state" "CampaignState" NOT NULL,
    "title" TEXT NOT NULL,
    "segment" JSONB NOT NULL,
    "payload" JSONB NOT NULL,
    "channelId" TEXT,
    "externalKey" TEXT,
    "startsAt" TIMESTAMP(3),
    "closesAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EngagementEvent" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "campaignId" TEXT,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "memberId" TEXT,
    "dedupeKey" TEXT,

    CONSTRAINT "EngagementEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyRollup" (
    "communityId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "anonymousCount" INTEGER NOT NULL DEFAULT 0,
    "distinctMembers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DailyRollup_pkey" PRIMARY KEY ("communityId","day","kind")
);

-- CreateTable
CREATE TABLE "HourlyRollup" (
    "communityId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "HourlyRollup_pkey" PRIMARY KEY ("communityId","hour","kind")
);

-- CreateTable
CREATE TABLE "MemberActivityDay" (
    "communityId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MemberActivityDay_pkey" PRIMARY KEY ("communityId","memberId","day","kind")
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "platform" "Platform" NOT NULL,
    "updateId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcessedUpdate_pkey" PRIMARY KEY ("platform","updateId")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "communityId" TEXT,
    "campaignId" TEXT,
    "job" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "cron" TEXT,
    "runAt" TIMESTAMP(3),
    "timeZone" TEXT NOT NULL,
    "endsAt" TIMESTAMP(3),
    "remaining" INTEGER,
    "state" "ScheduleState" NOT NULL DEFAULT 'active',
    "nextFireAt" TIMESTAMP(3),
    "lastFireAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleRun" (
    "scheduleId" TEXT NOT NULL,
    "fireAt" TIMESTAMP(3) NOT NULL,
    "owner" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "ScheduleRun_pkey" PRIMARY KEY ("scheduleId","fireAt")
);

-- CreateTable
CREATE TABLE "SystemSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SystemSetting_pkey" PRIMARY KEY ("key")
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

-- AddForeignKey
ALTER TABLE "Community" ADD CONSTRAINT "Community_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentGrant" ADD CONSTRAINT "ConsentGrant_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentGrant" ADD CONSTRAINT "ConsentGrant_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementEvent" ADD CONSTRAINT "EngagementEvent_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementEvent" ADD CONSTRAINT "EngagementEvent_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementEvent" ADD CONSTRAINT "EngagementEvent_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyRollup" ADD CONSTRAINT "DailyRollup_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HourlyRollup" ADD CONSTRAINT "HourlyRollup_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberActivityDay" ADD CONSTRAINT "MemberActivityDay_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberActivityDay" ADD CONSTRAINT "MemberActivityDay_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleRun" ADD CONSTRAINT "ScheduleRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
