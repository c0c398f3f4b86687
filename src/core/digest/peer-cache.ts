import type { Community } from "../domain/community.ts";
import type { BenchmarkPeerSet } from "./digest.repository.port.ts";
import type { PeerInput } from "./peers.ts";

/** How long a peer's figures are reused: long enough for one Monday's run, short enough to see new data. */
export const PEER_CACHE_MS = 15 * 60_000;

/**
 * Peers' figures shared by the digests built close together (every community of a time zone fires at the same
 * Monday 09:00). Without it each digest would read every opted-in peer again, and a deployment's weekly run
 * would grow with the square of its communities. The week's imported benchmark snapshots are read once too.
 * Entries expire after PEER_CACHE_MS.
 */
export class PeerCache {
  readonly #now: () => number;
  readonly #ttlMs: number;
  readonly #inputs = new Map<string, { readonly at: number; readonly value: Promise<PeerInput> }>();
  #peers: { readonly at: number; readonly value: Promise<Community[]> } | null = null;
  readonly #benchmarks = new Map<string, { readonly at: number; readonly value: Promise<BenchmarkPeerSet[]> }>();

  constructor(options: { now: () => number; ttlMs?: number }) {
    this.#now = options.now;
    this.#ttlMs = options.ttlMs ?? PEER_CACHE_MS;
  }

  /** The opted-in communities, read at most once per TTL. */
  peers(load: () => Promise<Community[]>): Promise<Community[]> {
    const now = this.#now();
    if (!this.#peers || now - this.#peers.at > this.#ttlMs) this.#peers = { at: now, value: load() };
    return this.#peers.value;
  }

  /** The benchmark snapshots imported for a week, read at most once per TTL. */
  benchmarks(week: string, load: () => Promise<BenchmarkPeerSet[]>): Promise<BenchmarkPeerSet[]> {
    return this.#remember(this.#benchmarks, week, load);
  }

  /** A peer's figures for a week, read at most once per TTL. */
  input(key: string, load: () => Promise<PeerInput>): Promise<PeerInput> {
    return this.#remember(this.#inputs, key, load);
  }

  #remember<T>(
    entries: Map<string, { readonly at: number; readonly value: Promise<T> }>,
    key: string,
    load: () => Promise<T>,
  ) {
    const now = this.#now();
    const cached = entries.get(key);
    if (cached && now - cached.at <= this.#ttlMs) return cached.value;
    for (const [stale, entry] of entries) if (now - entry.at > this.#ttlMs) entries.delete(stale);
    const value = load();
    // A failed read is not remembered: the next digest tries again.
    value.catch(() => entries.delete(key));
    entries.set(key, { at: now, value });
    return value;
  }
}
