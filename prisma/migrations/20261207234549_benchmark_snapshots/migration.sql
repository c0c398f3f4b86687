-- CreateTable
CREATE TABLE "BenchmarkSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "k" INTEGER NOT NULL,
    "epsilon" REAL,
    "peers" JSONB NOT NULL,
    "importedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "BenchmarkSnapshot_week_idx" ON "BenchmarkSnapshot"("week");

-- CreateIndex
CREATE UNIQUE INDEX "BenchmarkSnapshot_source_week_key" ON "BenchmarkSnapshot"("source", "week");
