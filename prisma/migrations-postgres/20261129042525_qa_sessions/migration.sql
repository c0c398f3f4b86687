-- CreateEnum
CREATE TYPE "QaQuestionState" AS ENUM ('pending', 'published', 'rejected', 'merged', 'hidden');

-- CreateTable
CREATE TABLE "QaSession" (
    "campaignId" TEXT NOT NULL,
    "communityId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "openChannelKey" TEXT,
    "moderated" BOOLEAN NOT NULL,
    "maxOpenPerMember" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL DEFAULT 0,
    "boardMessageId" TEXT,

    CONSTRAINT "QaSession_pkey" PRIMARY KEY ("campaignId")
);

-- CreateTable
CREATE TABLE "QaQuestion" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "askerId" TEXT,
    "text" TEXT,
    "state" "QaQuestionState" NOT NULL,
    "mergedIntoId" TEXT,
    "askedAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "firstAnsweredAt" TIMESTAMP(3),
    "answerCount" INTEGER NOT NULL DEFAULT 0,
    "notifyAddress" TEXT,
    "reviewChannelId" TEXT,
    "reviewMessageId" TEXT,

    CONSTRAINT "QaQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaUpvote" (
    "id" SERIAL NOT NULL,
    "questionId" TEXT NOT NULL,
    "memberId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QaUpvote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QaSession_openChannelKey_key" ON "QaSession"("openChannelKey");

-- CreateIndex
CREATE INDEX "QaSession_communityId_idx" ON "QaSession"("communityId");

-- CreateIndex
CREATE INDEX "QaQuestion_sessionId_state_idx" ON "QaQuestion"("sessionId", "state");

-- CreateIndex
CREATE INDEX "QaQuestion_askerId_idx" ON "QaQuestion"("askerId");

-- CreateIndex
CREATE UNIQUE INDEX "QaQuestion_sessionId_number_key" ON "QaQuestion"("sessionId", "number");

-- CreateIndex
CREATE INDEX "QaUpvote_memberId_idx" ON "QaUpvote"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "QaUpvote_questionId_memberId_key" ON "QaUpvote"("questionId", "memberId");

-- AddForeignKey
ALTER TABLE "QaSession" ADD CONSTRAINT "QaSession_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaQuestion" ADD CONSTRAINT "QaQuestion_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "QaSession"("campaignId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaQuestion" ADD CONSTRAINT "QaQuestion_askerId_fkey" FOREIGN KEY ("askerId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaUpvote" ADD CONSTRAINT "QaUpvote_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "QaQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaUpvote" ADD CONSTRAINT "QaUpvote_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;
