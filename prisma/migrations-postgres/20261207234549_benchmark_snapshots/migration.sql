-- CreateTable
CREATE TABLE "BenchmarkSnapshot" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "k" INTEGER NOT NULL,
    "epsilon" DOUBLE PRECISION,
    "peers" JSONB NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BenchmarkSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BenchmarkSnapshot_week_idx" ON "BenchmarkSnapshot"("week");

-- CreateIndex
CREATE UNIQUE INDEX "BenchmarkSnapshot_source_week_key" ON "BenchmarkSnapshot"("source", "week");
