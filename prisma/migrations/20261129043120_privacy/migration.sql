-- AlterTable
ALTER TABLE "Member" ADD COLUMN "consentAskedAt" DATETIME;

-- CreateTable
CREATE TABLE "MemberContact" (
    "memberId" TEXT NOT NULL PRIMARY KEY,
    "sealed" TEXT NOT NULL,
    "storedAt" DATETIME NOT NULL,
    CONSTRAINT "MemberContact_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PersonLink" (
    "memberId" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "linkedAt" DATETIME NOT NULL,
    CONSTRAINT "PersonLink_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LinkCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "memberId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "LinkCode_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CampaignMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "campaignId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "memberId" TEXT,
    CONSTRAINT "CampaignMessage_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignMessage_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CampaignMessage" ("at", "campaignId", "channelId", "id", "messageId", "platform", "role") SELECT "at", "campaignId", "channelId", "id", "messageId", "platform", "role" FROM "CampaignMessage";
DROP TABLE "CampaignMessage";
ALTER TABLE "new_CampaignMessage" RENAME TO "CampaignMessage";
CREATE INDEX "CampaignMessage_campaignId_role_idx" ON "CampaignMessage"("campaignId", "role");
CREATE INDEX "CampaignMessage_memberId_idx" ON "CampaignMessage"("memberId");
CREATE UNIQUE INDEX "CampaignMessage_campaignId_platform_channelId_messageId_key" ON "CampaignMessage"("campaignId", "platform", "channelId", "messageId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PersonLink_personId_idx" ON "PersonLink"("personId");

-- CreateIndex
CREATE INDEX "LinkCode_memberId_idx" ON "LinkCode"("memberId");

-- CreateIndex
CREATE INDEX "LinkCode_expiresAt_idx" ON "LinkCode"("expiresAt");
