-- CreateTable
CREATE TABLE "Offer" (
    "campaignId" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "terms" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "perMember" INTEGER NOT NULL,
    "claimed" INTEGER NOT NULL DEFAULT 0,
    "codeSource" TEXT NOT NULL,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("campaignId")
);

-- CreateTable
CREATE TABLE "OfferClaim" (
    "id" SERIAL NOT NULL,
    "campaignId" TEXT NOT NULL,
    "serial" INTEGER NOT NULL,
    "memberId" TEXT,
    "memberSlot" INTEGER NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "redeemedAt" TIMESTAMP(3),

    CONSTRAINT "OfferClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferCode" (
    "campaignId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "brandId" TEXT NOT NULL,
    "code" TEXT NOT NULL,

    CONSTRAINT "OfferCode_pkey" PRIMARY KEY ("campaignId","slot")
);

-- CreateTable
CREATE TABLE "BrandApiKey" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "secretSha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BrandApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Offer_ref_key" ON "Offer"("ref");

-- CreateIndex
CREATE INDEX "OfferClaim_memberId_idx" ON "OfferClaim"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "OfferClaim_campaignId_serial_key" ON "OfferClaim"("campaignId", "serial");

-- CreateIndex
CREATE UNIQUE INDEX "OfferClaim_campaignId_memberId_memberSlot_key" ON "OfferClaim"("campaignId", "memberId", "memberSlot");

-- CreateIndex
CREATE UNIQUE INDEX "OfferCode_brandId_code_key" ON "OfferCode"("brandId", "code");

-- CreateIndex
CREATE INDEX "BrandApiKey_brandId_idx" ON "BrandApiKey"("brandId");

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferClaim" ADD CONSTRAINT "OfferClaim_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Offer"("campaignId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferClaim" ADD CONSTRAINT "OfferClaim_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferCode" ADD CONSTRAINT "OfferCode_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Offer"("campaignId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandApiKey" ADD CONSTRAINT "BrandApiKey_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;
