-- CreateTable
CREATE TABLE "QaSession" (
    "campaignId" TEXT NOT NULL PRIMARY KEY,
    "communityId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "openChannelKey" TEXT,
    "moderated" BOOLEAN NOT NULL,
    "maxOpenPerMember" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL DEFAULT 0,
    "boardMessageId" TEXT,
    CONSTRAINT "QaSession_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QaQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "askerId" TEXT,
    "text" TEXT,
    "state" TEXT NOT NULL,
    "mergedIntoId" TEXT,
    "askedAt" DATETIME NOT NULL,
    "publishedAt" DATETIME,
    "firstAnsweredAt" DATETIME,
    "answerCount" INTEGER NOT NULL DEFAULT 0,
    "notifyAddress" TEXT,
    "reviewChannelId" TEXT,
    "reviewMessageId" TEXT,
    CONSTRAINT "QaQuestion_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "QaSession" ("campaignId") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QaQuestion_askerId_fkey" FOREIGN KEY ("askerId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QaUpvote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "questionId" TEXT NOT NULL,
    "memberId" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "QaUpvote_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "QaQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QaUpvote_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
