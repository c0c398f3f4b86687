-- CreateTable
CREATE TABLE "LimitMarker" (
    "id" SERIAL NOT NULL,
    "campaignId" TEXT NOT NULL,
    "marker" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "questionId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LimitMarker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LimitMarker_campaignId_marker_idx" ON "LimitMarker"("campaignId", "marker");

-- AddForeignKey
ALTER TABLE "LimitMarker" ADD CONSTRAINT "LimitMarker_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
