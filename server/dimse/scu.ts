import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { DimseDestination } from '../../domain/dicom/ae';
import { readPart10Meta } from '../../runtimes/imaging/dicom/parse';
import { dimse, type Association } from './lib';
import { instanceOutcome, type InstanceOutcome } from './outcome';

/** The meta header of a Part 10 file is in its first few KiB; 64 KiB leaves room for long private meta. */
const META_PREFIX_BYTES = 64 * 1024;

export interface StoreScuOptions {
  /** The studio's AE title as the calling AE (default: STUDIO_DICOM_AET's default, STUDIO). */
  callingAet?: string;
  /** Whole exchange (connect, associate, every instance, release); past it the association is aborted. */
  timeoutMs?: number;
}

/** Per file: what the peer answered (status) or why it was not sent. */
export interface InstanceResult {
  file: string;
  sopClassUid?: string;
  sopInstanceUid?: string;
  /** The peer's C-STORE status (PS3.4), when it answered. */
  status?: number;
  outcome: InstanceOutcome;
  /** Why it failed or was not sent (peer's error comment, rejection, network error, no context). */
  reason?: string;
}

/**
 * The dataset of a Part 10 file sent as it is stored: its bytes after the meta header, read when
 * the request goes out (one instance in memory at a time). The association proposes only the
 * file's transfer syntax (see `associate`), so dcmjs-dimse never needs to transcode (parse) it.
 */
class StoredDataset extends dimse.Dataset {
  constructor(private readonly file: string, private readonly meta: ReturnType<typeof readPart10Meta>) {
    super({ SOPClassUID: meta.sopClassUid, SOPInstanceUID: meta.sopInstanceUid }, meta.transferSyntaxUid);
  }
  override getDenaturalizedDataset(): Buffer {
    return readFileSync(this.file).subarray(this.meta.datasetOffset);
  }
}

async function metaOf(file: string) {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(META_PREFIX_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return readPart10Meta(buf.subarray(0, bytesRead), file);
  } finally {
    await fh.close();
  }
}

type Pending = { index: number; request: InstanceType<typeof dimse.requests.CStoreRequest> };

/**
 * C-STORE SCU: sends Part 10 files (blob paths) to `dest` as they are stored, never transcoded,
 * and resolves with one result per file, in order. Files are grouped by transfer syntax, one
 * association per group, each proposing only that syntax: dcmjs-dimse would otherwise also
 * propose both uncompressed syntaxes and transcode to the one the peer picks (its transcoder
 * refuses 1-bit SEG pixel data). Never rejects for the peer's behaviour: a refused association,
 * a network error or the timeout fail the files that had no answer, with the reason.
 */
export async function storeScu(dest: DimseDestination, files: readonly string[], opts: StoreScuOptions = {}): Promise<InstanceResult[]> {
  const peer = DimseDestination.parse(dest);
  const results: InstanceResult[] = files.map((file) => ({ file, outcome: 'not-sent' }));
  const groups = new Map<string, Pending[]>();
  for (const [index, file] of files.entries()) {
    try {
      const meta = await metaOf(file);
      Object.assign(results[index], { sopClassUid: meta.sopClassUid, sopInstanceUid: meta.sopInstanceUid });
      const request = new dimse.requests.CStoreRequest(new StoredDataset(file, meta));
      request.on('response', (r: InstanceType<typeof dimse.responses.CStoreResponse>) => {
        const status = r.getStatus();
        Object.assign(results[index], { status, outcome: instanceOutcome(status) }, r.getErrorComment() ? { reason: r.getErrorComment() } : {});
      });
      groups.set(meta.transferSyntaxUid, [...(groups.get(meta.transferSyntaxUid) ?? []), { index, request }]);
    } catch (e) {
      Object.assign(results[index], { outcome: 'failure', reason: (e as Error).message });
    }
  }
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (const [transferSyntax, pending] of groups) {
    const failUnanswered = (reason: string) => {
      for (const { index } of pending) {
        const r = results[index];
        if (r.status === undefined && !r.reason) r.reason = reason;
      }
    };
    await associate(peer, transferSyntax, pending, { callingAet: opts.callingAet ?? 'STUDIO', deadline, failUnanswered });
    // Requests the library skipped: the peer accepted no context for their SOP class in this syntax.
    failUnanswered(`the peer accepted no presentation context for this SOP class in ${transferSyntax}`);
  }
  return results;
}

/** One association sending `pending` (all in `transferSyntax`); settles when it is closed or at the deadline. */
function associate(peer: DimseDestination, transferSyntax: string, pending: Pending[], o: { callingAet: string; deadline: number; failUnanswered: (reason: string) => void }): Promise<void> {
  const client = new dimse.Client();
  for (const { request } of pending) client.addRequest(request);
  const timeoutMs = Math.max(1, o.deadline - Date.now());
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      o.failUnanswered(`no answer before the deadline`);
      network?.socket?.destroy();
      resolve();
    }, timeoutMs);
    client.on('associationRejected', (r: { result: number; source: number; reason: number }) => o.failUnanswered(`association rejected (result ${r.result}, source ${r.source}, reason ${r.reason})`));
    client.on('networkError', (e: Error) => o.failUnanswered(`network error: ${e.message}`));
    client.on('closed', () => {
      clearTimeout(timer);
      resolve();
    });
    const t = Math.min(timeoutMs, 60_000);
    client.send(peer.host, peer.port, o.callingAet, peer.aeTitle, { connectTimeout: t, associationTimeout: t, pduTimeout: t });
    // The association the client built is sent on connect: every context proposes the one syntax.
    const network = (client as unknown as { network?: LibNetwork }).network;
    if (network) {
      network.socket?.setNoDelay(true); // the small command PDU must not wait for an ACK (Nagle)
      const send = network.sendAssociationRequest.bind(network);
      network.sendAssociationRequest = (association) => {
        for (const { id } of association.getPresentationContexts()) {
          const pc = association.getPresentationContext(id);
          for (const ts of [...pc.getTransferSyntaxUids()]) pc.removeTransferSyntaxUid(ts); // a copy: removal shifts the list
          pc.addTransferSyntaxUid(transferSyntax);
        }
        send(association);
      };
    }
  });
}

/** The parts of dcmjs-dimse 0.3.3's internal Network (Client#network) this file touches. */
interface LibNetwork {
  socket?: { destroy(): void; setNoDelay(noDelay: boolean): void };
  sendAssociationRequest(association: Association): void;
}
