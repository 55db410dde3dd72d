import { unlink } from 'node:fs/promises';
import type { LocalBlobStore } from './local-store';
import { errno } from './store';

/** What the cache saved (hits) and cost (misses: a download from the object store each). */
export interface CacheStats {
  hits: number;
  /** Bytes served from disk on hits: the downloads the cache saved. */
  bytesHit: number;
  misses: number;
  /** Bytes downloaded on misses. */
  bytesFetched: number;
  evictions: number;
  /** Bytes held now. */
  bytes: number;
}

/**
 * Bookkeeping of a local read-through cache of a remote blob store: a LocalBlobStore of its own
 * under STUDIO_DATA_DIR holding verified copies, at most `capBytes` of them (least recently used
 * evicted first; the most recent entry is always kept, so one blob larger than the cap is still
 * served from a file). Blobs are immutable and content addressed, so a cached copy is never stale.
 * The index lives in memory and is rebuilt from the folder (oldest mtime first) on first use.
 */
export class BlobCache {
  private readonly entries = new Map<string, number>(); // sha -> size, in recency order
  private loaded: Promise<void> | undefined;
  private held = 0;
  private readonly counts = { hits: 0, bytesHit: 0, misses: 0, bytesFetched: 0, evictions: 0 };

  constructor(
    readonly local: LocalBlobStore,
    readonly capBytes: number,
  ) {}

  stats(): CacheStats {
    return { ...this.counts, bytes: this.held };
  }

  /** Whether the blob is cached (a hit moves it to the most recent end). */
  async lookup(sha: string): Promise<boolean> {
    await this.load();
    const size = this.entries.get(sha);
    if (size === undefined) return false;
    if (!(await this.local.has(sha))) {
      // Removed behind our back (an operator cleaning the folder): forget it.
      this.forget(sha);
      return false;
    }
    this.entries.delete(sha);
    this.entries.set(sha, size);
    this.counts.hits++;
    this.counts.bytesHit += size;
    return true;
  }

  /** Counts a download of `size` bytes made because the blob was not cached. */
  missed(size: number): void {
    this.counts.misses++;
    this.counts.bytesFetched += size;
  }

  /** Records a blob just committed into `local`, then evicts down to the cap. */
  async admit(sha: string, size: number): Promise<void> {
    await this.load();
    this.forget(sha);
    this.entries.set(sha, size);
    this.held += size;
    for (const old of [...this.entries.keys()]) {
      if (this.held <= this.capBytes || old === sha) break;
      this.forget(old);
      await unlink(this.local.path(old)).catch((e) => {
        if (errno(e) !== 'ENOENT') throw e;
      });
      this.counts.evictions++;
    }
  }

  /** Drops a blob from the cache (it was removed from the remote store). */
  async evict(sha: string): Promise<void> {
    await this.load();
    this.forget(sha);
    await unlink(this.local.path(sha)).catch(() => {});
  }

  private forget(sha: string): void {
    const size = this.entries.get(sha);
    if (size === undefined) return;
    this.entries.delete(sha);
    this.held -= size;
  }

  private load(): Promise<void> {
    return (this.loaded ??= (async () => {
      const found: { sha256: string; mtimeMs: number; size: number }[] = [];
      for await (const b of this.local.list()) {
        const st = await this.local.statOrNull(b.sha256);
        if (st) found.push({ ...b, size: st.size });
      }
      for (const b of found.sort((x, y) => x.mtimeMs - y.mtimeMs)) {
        this.entries.set(b.sha256, b.size);
        this.held += b.size;
      }
    })());
  }
}
