-- CreateTable
CREATE TABLE "LimitMarker" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "campaignId" TEXT NOT NULL,
    "marker" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "questionId" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "LimitMarker_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LimitMarker_campaignId_marker_idx" ON "LimitMarker"("campaignId", "marker");
