// The one onnxruntime session cache, over the common InferenceSession API (onnxruntime-common,
// which onnxruntime-node and onnxruntime-web both implement). Plain JS so the server's inference
// thread (runtimes/server/ort-worker.mjs, spawned by file path from Next.js, tsx and the Temporal
// worker) imports the same code as the in-thread adapter (./runtime.ts). Types: sessions.d.mts.

/** onnxruntime-node session settings (server pool and edge runner). Measured on this VM: unset
 * intra-op threads is ~3x slower; arena + full optimisation on. `executionProviders`: a GPU
 * worker's provider first (STUDIO_WORKER_EP), CPU after it for the operators it lacks. */
export function nodeSessionOptions(intraOpNumThreads, executionProviders = ['cpu']) {
  return {
    executionProviders,
    intraOpNumThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    enableCpuMemArena: true,
  };
}

const LOAD_FAILED = Symbol('load failed');

/** Output data as a Float32Array that owns its buffer (so it can be transferred); other numeric types widened. */
function toFloat32(name, t) {
  if (t.type === 'string') throw new Error(`output ${name} is a string tensor, not numeric`);
  const data = t.data;
  if (data instanceof Float32Array) return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
  return Float32Array.from(data, Number);
}

/**
 * One session per model sha256 for the cache's lifetime (creating/releasing sessions leaks);
 * concurrent first calls share the pending creation, a failed load is forgotten (may be retried).
 * `run` never throws for ORT's own failures: it reports the phase, for the caller's error mapping.
 */
export function createSessionCache(ort, sessionOptions) {
  const sessions = new Map();

  function entry(sha256, source) {
    const hit = sessions.get(sha256);
    if (hit) return { pending: hit, created: false };
    const pending = Promise.resolve()
      .then(source)
      .then((src) => ort.InferenceSession.create(src, sessionOptions).catch((e) => {
        throw Object.assign(new Error(String(e?.message ?? e)), { [LOAD_FAILED]: true });
      }));
    sessions.set(sha256, pending);
    pending.catch(() => sessions.delete(sha256));
    return { pending, created: true };
  }

  return {
    get size() {
      return sessions.size;
    },
    async run(sha256, source, feeds) {
      const { pending, created } = entry(sha256, source);
      let session;
      try {
        session = await pending;
      } catch (e) {
        if (e?.[LOAD_FAILED]) return { ok: false, phase: 'load', message: e.message };
        throw e; // the model source itself failed (e.g. a fetch): the caller's error, unchanged
      }
      const t0 = performance.now();
      try {
        const ortFeeds = {};
        for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, t.dims);
        const results = await session.run(ortFeeds);
        const ms = performance.now() - t0;
        const outputs = {};
        for (const [name, t] of Object.entries(results)) outputs[name] = { dims: [...t.dims], data: toFloat32(name, t) };
        return { ok: true, outputs, sessionCreated: created, ms };
      } catch (e) {
        return { ok: false, phase: 'run', message: String(e?.message ?? e) };
      }
    },
    async release() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((p) => p.then((s) => s.release()).catch(() => {})));
    },
  };
}
