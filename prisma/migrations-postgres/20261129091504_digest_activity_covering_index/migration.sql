-- DropIndex
DROP INDEX "MemberActivityDay_communityId_day_idx";

-- CreateIndex
CREATE INDEX "MemberActivityDay_communityId_day_memberId_kind_idx" ON "MemberActivityDay"("communityId", "day", "memberId", "kind");
