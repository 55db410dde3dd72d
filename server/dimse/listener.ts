import net from 'node:net';
import { once } from 'node:events';
import type { BlobStore } from '../blobs/store';
import { pduGuard } from './pdu-guard';
import { scpClass, type StoreHandler } from './scp';

export interface ListenerOptions {
  host: string;
  /** 0: any free port (tests); read the chosen one from `port`. */
  port: number;
  aeTitle: string;
  aeWorkspaces: ReadonlyMap<string, string> | undefined;
  defaultWorkspaceId: string;
  blobs: BlobStore;
  handler: StoreHandler;
  maxAssociations: number;
  maxInstanceBytes: number;
  log?: (msg: string) => void;
}

export interface DicomListener {
  host: string;
  port: number;
  aeTitle: string;
  /** Associations open now. */
  associations(): number;
  /** Stops accepting; associations still open get `graceMs` to end, then are cut. */
  close(graceMs?: number): Promise<void>;
}

/** Largest P-DATA PDU the studio announces (and accepts): dcmjs-dimse's default, 256 KiB. */
const MAX_PDU_BYTES = 256 * 1024;
/** An A-ASSOCIATE-RQ with a few hundred presentation contexts stays far below this. */
const MAX_OTHER_PDU_BYTES = 64 * 1024;
/** Idle limits per association (ms): no A-ASSOCIATE-RQ after connecting, no PDU while associated. */
const TIMEOUTS = { connectTimeout: 60_000, associationTimeout: 30_000, pduTimeout: 60_000 };

/**
 * The studio's DICOM listener (C-ECHO and C-STORE SCP) on `host:port`. dcmjs-dimse's own Server
 * binds every interface, so the TCP side is ours: loopback by default, a PDU guard in front of the
 * library, a cap on concurrent associations, and sockets cut on close.
 */
export async function startDicomListener(o: ListenerOptions): Promise<DicomListener> {
  const log = o.log ?? ((m: string) => console.error(`[dicom] ${m}`));
  const sockets = new Set<net.Socket>();
  let associated = 0;
  const slots = {
    take: () => (associated < o.maxAssociations ? (associated++, true) : false),
    release: () => void associated--,
  };
  const Scp = scpClass({
    aeTitle: o.aeTitle,
    aeWorkspaces: o.aeWorkspaces,
    defaultWorkspaceId: o.defaultWorkspaceId,
    blobs: o.blobs,
    maxInstanceBytes: o.maxInstanceBytes,
    maxPduBytes: MAX_PDU_BYTES,
    handler: o.handler,
    slots,
    log,
  });

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Responses are small writes after a large receive: without this, Nagle waits for the peer's
    // delayed ACK (~40 ms per instance).
    socket.setNoDelay(true);
    const guard = pduGuard({ maxPDataBytes: MAX_PDU_BYTES, maxOtherBytes: MAX_OTHER_PDU_BYTES });
    // Before the library's own listener: a violating chunk is the last one it sees.
    socket.prependListener('data', (chunk: Buffer) => {
      const verdict = guard(chunk);
      if (!verdict.ok) {
        log(`connection from ${socket.remoteAddress} cut: ${verdict.reason}`);
        socket.destroy();
      }
    });
    const scp = new Scp(socket, TIMEOUTS);
    scp.on('networkError', (e: Error) => {
      log(e.message);
      socket.destroy();
    });
  });

  server.listen(o.port, o.host);
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e))]);
  const port = (server.address() as net.AddressInfo).port;
  log(`listening on ${o.host}:${port} as ${o.aeTitle}`);

  return {
    host: o.host,
    port,
    aeTitle: o.aeTitle,
    associations: () => associated,
    async close(graceMs = 5_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const ended = Promise.all([...sockets].map((s) => (s.closed ? undefined : once(s, 'close'))));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ended, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
