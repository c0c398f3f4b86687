-- AlterTable
ALTER TABLE "Community" ADD COLUMN "formerPlatformId" TEXT;

-- CreateIndex
CREATE INDEX "Community_platform_formerPlatformId_idx" ON "Community"("platform", "formerPlatformId");
