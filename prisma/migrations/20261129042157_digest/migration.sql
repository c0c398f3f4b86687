-- CreateTable
CREATE TABLE "DigestSubscription" (
    "communityId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("communityId", "memberId", "scope"),
    CONSTRAINT "DigestSubscription_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DigestSubscription_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DigestDelivery" (
    "communityId" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "memberId" TEXT,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("communityId", "week", "target"),
    CONSTRAINT "DigestDelivery_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DigestDelivery_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DigestDelivery_memberId_idx" ON "DigestDelivery"("memberId");
