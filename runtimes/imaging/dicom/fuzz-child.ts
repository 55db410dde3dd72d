// Child process of decode.fuzz.test.ts (run with `node --import cli/register.mjs`): decodes the
// files it is sent and reports how each decode ended. A separate process so that the parent
// can enforce a per-file timeout (a hung WASM call cannot be interrupted in-process) and
// survive a crash.
import { decodeStoredPixels } from './decode';
import { parseDicom } from './parse';

interface Job { id: number; bytes: Uint8Array }
export type FuzzOutcome = { id: number; outcome: 'ok'; values: number; expected: number } | { id: number; outcome: 'error'; code: string } | { id: number; outcome: 'uncaught'; message: string };

process.on('message', async (job: Job) => {
  let reply: FuzzOutcome;
  try {
    const { info, data } = await decodeStoredPixels(parseDicom(job.bytes, 'fuzz'), 'fuzz');
    reply = { id: job.id, outcome: 'ok', values: data.length, expected: info.frames * info.rows * info.cols * info.samples };
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string };
    reply = err?.name === 'RuntimeError' && typeof err.code === 'string'
      ? { id: job.id, outcome: 'error', code: err.code }
      : { id: job.id, outcome: 'uncaught', message: `${err?.name}: ${err?.message ?? String(e)}` };
  }
  process.send!(reply);
});
process.send!({ ready: true });
