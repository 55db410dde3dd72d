import { PassThrough, Writable } from 'node:stream';
import type { BlobStore, StagedBlob } from '../blobs/store';

export type SinkOutcome = { staged: StagedBlob } | { tooLarge: true; bytes: number } | { error: Error };

/**
 * Where dcmjs-dimse writes the dataset of one C-STORE as its PDVs arrive: the Part 10 head
 * first, then the bytes straight to a staged blob file (hashed on the way, never whole in memory).
 * The library ignores a full stream after its first write, so backpressure goes to the socket
 * instead (`flow.pause()` until the file has caught up): at most ~2 MiB per association in memory.
 * Past `maxBytes` the rest is read and dropped, so the peer still gets a status (A700) when its
 * dataset ends; `abort()` (association gone mid-instance) removes the staged file. `outcome`
 * settles once the dataset ended (or the sink was aborted) and never rejects.
 */
export class StoreSink extends Writable {
  readonly outcome: Promise<SinkOutcome>;
  private readonly pass = new PassThrough({ highWaterMark: 1 << 20 });
  private bytes = 0;
  private overLimit = false;

  constructor(
    blobs: BlobStore,
    head: Uint8Array,
    private readonly maxBytes: number,
    private readonly flow: { pause(): void; resume(): void },
  ) {
    super({ highWaterMark: 1 << 20 });
    // An abort before staging starts reading would otherwise be an unhandled 'error': staging reports it.
    this.pass.on('error', () => {});
    this.pass.write(head);
    const staging = blobs.stage(this.pass);
    this.outcome = staging.then(
      async (staged): Promise<SinkOutcome> => {
        if (!this.overLimit) return { staged };
        await staged.discard();
        return { tooLarge: true, bytes: this.bytes };
      },
      (e: unknown): SinkOutcome => (this.overLimit ? { tooLarge: true, bytes: this.bytes } : { error: e instanceof Error ? e : new Error(String(e)) }),
    );
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes && !this.overLimit) {
      this.overLimit = true;
      this.pass.destroy(); // staging fails and unlinks its temp file; the rest is dropped below
    }
    if (this.overLimit || this.pass.destroyed) return done();
    if (this.pass.write(chunk)) return done();
    this.flow.pause();
    const go = () => {
      this.pass.off('drain', go).off('close', go);
      this.flow.resume();
      done();
    };
    this.pass.on('drain', go).on('close', go);
  }

  override _final(done: (e?: Error | null) => void): void {
    if (!this.pass.destroyed) this.pass.end();
    done();
  }

  /** The association ended before the dataset did: nothing of it is kept. */
  abort(): void {
    this.pass.destroy(new Error('association ended before the dataset was complete'));
  }
}
