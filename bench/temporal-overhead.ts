// Temporal's per-node overhead over the in-process (embedded) executor, same pipeline, same
// process, same inference runtime, runs alternated; and the value transfer it adds (each node's
// outputs written to the blob store, its inputs read back) against the store's raw bandwidth.
import { randomBytes } from 'node:crypto';
import type { BlobStore } from '../server/blobs/store';
import { createRunDepsFor } from '../server/runs/deps';
import type { ServiceDeps } from '../server/context';
import { createEmbeddedExecutor } from '../workflows/embedded';
import { createTemporalExecutor } from '../workflows/temporal-executor';
import type { Executor, RunBlobs } from '../workflows/contract';
import type { InferenceRuntime } from '../runtimes/core/inference';
import type { Prepared } from '../test/material';
import type { TemporalTestServer } from '../workflows/dev-server';
import { queueRuns } from './throughput-setup';
import { historyBreakdown } from './temporal-history';

const MiB = 1024 * 1024;
const r1 = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Raw write (putBytes: hash + temp file + fsync + link) and read bandwidth of the blob store, MiB/s. */
export async function blobBandwidth(blobs: BlobStore, mib = 64, reps = 3) {
  const w: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < reps; i++) {
    const bytes = randomBytes(mib * MiB);
    let t = performance.now();
    const { sha256 } = await blobs.putBytes(bytes);
    w.push(mib / ((performance.now() - t) / 1000));
    t = performance.now();
    await blobs.read(sha256);
    r.push(mib / ((performance.now() - t) / 1000));
  }
  return { blobMiB: mib, reps, writeMiBps: r1(median(w)), readMiBps: r1(median(r)) };
}

/** The store with the time spent in it and the bytes through it counted. */
function timed(blobs: RunBlobs) {
  const c = { ms: 0, bytes: 0 };
  const wrapped: RunBlobs = {
    path: blobs.path?.bind(blobs),
    async putBytes(b) {
      const t = performance.now();
      try {
        return await blobs.putBytes(b);
      } finally {
        c.ms += performance.now() - t;
        c.bytes += b.byteLength;
      }
    },
    async read(sha) {
      const t = performance.now();
      const out = await blobs.read(sha);
      c.ms += performance.now() - t;
      c.bytes += out.byteLength;
      return out;
    },
  };
  return { wrapped, c };
}

/**
 * A store that keeps what is written in memory under a counter (not a content hash) and reads
 * everything else (the scan, the model) from `blobs`: with it, what Temporal adds is the
 * orchestration alone (server round trips, value encode/decode, the node records), no storage.
 */
function inMemory(blobs: RunBlobs): RunBlobs {
  const kept = new Map<string, Uint8Array>();
  let n = 0;
  return {
    path: blobs.path?.bind(blobs),
    async putBytes(b) {
      const sha256 = (++n).toString(16).padStart(64, '0');
      kept.set(sha256, b);
      return { sha256, size: b.byteLength };
    },
    async read(sha) {
      return kept.get(sha) ?? blobs.read(sha);
    },
  };
}

export async function temporalOverhead(o: { svc: ServiceDeps; blobs: BlobStore; server: TemporalTestServer; inference: InferenceRuntime; p: Prepared; runs?: number; store: { writeMiBps: number; readMiBps: number } }) {
  const runs = o.runs ?? 5;
  const base = createRunDepsFor(o.svc.db, o.blobs, o.inference);
  const sides = {
    embedded: timed(o.blobs),
    temporal: timed(o.blobs),
  };
  const embedded = createEmbeddedExecutor({ ...base, blobs: sides.embedded.wrapped });
  const temporal = createTemporalExecutor({ address: o.server.address, namespace: o.server.namespace, taskQueue: 'bench-overhead', inProcessWorker: { ...base, blobs: sides.temporal.wrapped } });
  const memory = inMemory(o.blobs);
  const embeddedMem = createEmbeddedExecutor({ ...base, blobs: memory });
  const temporalMem = createTemporalExecutor({ address: o.server.address, namespace: o.server.namespace, taskQueue: 'bench-overhead-mem', inProcessWorker: { ...base, blobs: memory } });
  const temporalIds: string[] = [];
  const one = async (ex: Executor) => {
    const t = performance.now();
    const [id] = await queueRuns(o.svc, ex, o.p, 1);
    const res = await ex.wait(id);
    if (res.status !== 'succeeded') throw new Error(`overhead run ${ex.name}: ${res.status} ${res.error?.message}`);
    if (ex === temporal) temporalIds.push(id);
    return performance.now() - t;
  };
  try {
    // warm-up: ORT session, workflow bundle, worker start
    for (const ex of [embedded, temporal, embeddedMem, temporalMem]) await one(ex);
    for (const s of Object.values(sides)) Object.assign(s.c, { ms: 0, bytes: 0 });
    temporalIds.length = 0;
    const ms = { embedded: [] as number[], temporal: [] as number[], embeddedMem: [] as number[], temporalMem: [] as number[] };
    for (let i = 0; i < runs; i++) {
      ms.embedded.push(await one(embedded));
      ms.temporal.push(await one(temporal));
      ms.embeddedMem.push(await one(embeddedMem));
      ms.temporalMem.push(await one(temporalMem));
    }
    const nodes = o.p.graph.nodes.length;
    const deltaMs = median(ms.temporal) - median(ms.embedded);
    // Bytes and store time Temporal adds per run: values written after each node, read before the next.
    const xferMs = (sides.temporal.c.ms - sides.embedded.c.ms) / runs;
    const xferMiB = (sides.temporal.c.bytes - sides.embedded.c.bytes) / runs / MiB;
    const xferMiBps = xferMiB / (xferMs / 1000);
    const rawMiBps = 2 / (1 / o.store.writeMiBps + 1 / o.store.readMiBps); // one write + one read per byte
    return {
      pipeline: o.p.graph.name,
      nodes,
      runs,
      embeddedMedianMs: r1(median(ms.embedded)),
      temporalMedianMs: r1(median(ms.temporal)),
      perNodeOverheadMs: r1(deltaMs / nodes),
      // Both executors on the in-memory store: Temporal's orchestration alone, per node.
      inMemoryStore: { embeddedMedianMs: r1(median(ms.embeddedMem)), temporalMedianMs: r1(median(ms.temporalMem)), perNodeOverheadMs: r1((median(ms.temporalMem) - median(ms.embeddedMem)) / nodes) },
      valueTransferPerRun: { MiB: r1(xferMiB), ms: r1(xferMs), MiBps: r1(xferMiBps) },
      valueTransferOverStoreBandwidth: r1(xferMiBps / rawMiBps, 3),
      history: await historyBreakdown(o.server.address, o.server.namespace, temporalIds),
      goals: { perNodeOverheadMs: 20, valueTransferOverStoreBandwidth: 0.5 },
      note: 'perNodeOverheadMs: (temporal - embedded median wall) / nodes on the real store; inMemoryStore: the same with values kept in memory (orchestration alone: round trips, encode/decode, node records). valueTransferPerRun: time spent inside the store by the Temporal side beyond the embedded side (writes overlap the next node, so it is not all on the critical path)',
    };
  } finally {
    await temporal.close();
    await temporalMem.close();
  }
}
