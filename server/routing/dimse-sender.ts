import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Destination } from '../../domain/routing/rule';
import { storeScu } from '../dimse/scu';
import type { InstanceToSend, SendOutcome } from './sender-types';

/** Past the delivery's own timeout (its signal), the association is aborted by storeScu. */
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Delivery to a DICOM AE by C-STORE (server/dimse/scu.ts): the instances are written to a
 * private temp directory (the SCU reads files), sent as they are (never transcoded), and the
 * directory removed. Success and warning statuses count as delivered; any other status, or
 * an instance not sent (refused association, no presentation context, timeout), fails the
 * delivery with each refusal named, so its queue retries it and finally dead-letters it.
 */
export async function sendDimse(dest: Extract<Destination, { kind: 'dimse' }>, instances: InstanceToSend[], opts: { signal: AbortSignal; timeoutMs?: number }): Promise<SendOutcome> {
  if (opts.signal.aborted) return { ok: false, error: 'timed out before sending' };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-cstore-'));
  try {
    const files: string[] = [];
    for (const [i, inst] of instances.entries()) {
      const file = path.join(dir, `${i}.dcm`);
      await writeFile(file, inst.bytes);
      files.push(file);
    }
    const results = await storeScu({ aeTitle: dest.aeTitle, host: dest.host, port: dest.port }, files, {
      callingAet: dest.callingAet,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    const failed = results
      .map((r, i) => ({ r, name: instances[i].name }))
      .filter(({ r }) => r.outcome !== 'success' && r.outcome !== 'warning')
      .map(({ r, name }) => `${name}: ${r.status !== undefined ? `status 0x${r.status.toString(16).padStart(4, '0').toUpperCase()}` : 'not sent'}${r.reason ? ` (${r.reason})` : ''}`);
    return failed.length ? { ok: false, error: `C-STORE to ${dest.aeTitle}@${dest.host}:${dest.port} refused ${failed.length} of ${results.length}: ${failed.join('; ')}` } : { ok: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
