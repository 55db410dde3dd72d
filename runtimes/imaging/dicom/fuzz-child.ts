// Child process of decode.fuzz.test.ts (run with `node --import cli/register.mjs`): decodes the
// files it is sent (colour ones on to RGB, through YBR conversion or the palette LUTs, plain or
// segmented) and reports how each decode ended. A separate process so that the parent
// can enforce a per-file timeout (a hung WASM call cannot be interrupted in-process) and
// survive a crash.
import { toRgb } from './colour';
import { decodeStoredPixels } from './decode';
import { parseDicom } from './parse';

interface Job { id: number; bytes: Uint8Array }
export type FuzzOutcome = { id: number; outcome: 'ok'; values: number; expected: number } | { id: number; outcome: 'error'; code: string } | { id: number; outcome: 'uncaught'; message: string };

process.on('message', async (job: Job) => {
  let reply: FuzzOutcome;
  try {
    const ds = parseDicom(job.bytes, 'fuzz');
    const { info, data } = await decodeStoredPixels(ds, 'fuzz');
    const pixels = info.frames * info.rows * info.cols;
    reply = { id: job.id, outcome: 'ok', values: data.length, expected: pixels * info.samples };
    if (reply.values === reply.expected && (info.samples === 3 || info.photometric === 'PALETTE COLOR')) {
      reply = { id: job.id, outcome: 'ok', values: toRgb(data, info, ds, 'fuzz').length, expected: pixels * 3 };
    }
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string };
    reply = err?.name === 'RuntimeError' && typeof err.code === 'string'
      ? { id: job.id, outcome: 'error', code: err.code }
      : { id: job.id, outcome: 'uncaught', message: `${err?.name}: ${err?.message ?? String(e)}` };
  }
  process.send!(reply);
});
process.send!({ ready: true });
