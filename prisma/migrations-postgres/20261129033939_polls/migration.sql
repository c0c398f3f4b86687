-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "number" INTEGER,
ADD COLUMN     "reach" INTEGER;

-- CreateTable
CREATE TABLE "PollVote" (
    "id" SERIAL NOT NULL,
    "campaignId" TEXT NOT NULL,
    "voterKey" TEXT NOT NULL,
    "optionIndex" INTEGER NOT NULL,
    "memberId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PollVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignMessage" (
    "id" SERIAL NOT NULL,
    "campaignId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignAudience" (
    "campaignId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,

    CONSTRAINT "CampaignAudience_pkey" PRIMARY KEY ("campaignId","memberId")
);

-- CreateTable
CREATE TABLE "PromptDelivery" (
    "id" SERIAL NOT NULL,
    "communityId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "memberId" TEXT,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "deliverAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PromptDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PollVote_memberId_idx" ON "PollVote"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "PollVote_campaignId_voterKey_optionIndex_key" ON "PollVote"("campaignId", "voterKey", "optionIndex");

-- CreateIndex
CREATE INDEX "CampaignMessage_campaignId_role_idx" ON "CampaignMessage"("campaignId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignMessage_campaignId_platform_channelId_messageId_key" ON "CampaignMessage"("campaignId", "platform", "channelId", "messageId");

-- CreateIndex
CREATE INDEX "CampaignAudience_memberId_idx" ON "CampaignAudience"("memberId");

-- CreateIndex
CREATE INDEX "PromptDelivery_memberId_status_deliverAt_idx" ON "PromptDelivery"("memberId", "status", "deliverAt");

-- CreateIndex
CREATE UNIQUE INDEX "PromptDelivery_campaignId_memberId_key" ON "PromptDelivery"("campaignId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_communityId_number_key" ON "Campaign"("communityId", "number");

-- AddForeignKey
ALTER TABLE "PollVote" ADD CONSTRAINT "PollVote_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollVote" ADD CONSTRAINT "PollVote_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignMessage" ADD CONSTRAINT "CampaignMessage_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignAudience" ADD CONSTRAINT "CampaignAudience_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignAudience" ADD CONSTRAINT "CampaignAudience_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptDelivery" ADD CONSTRAINT "PromptDelivery_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptDelivery" ADD CONSTRAINT "PromptDelivery_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromptDelivery" ADD CONSTRAINT "PromptDelivery_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;
