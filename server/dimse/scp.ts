import type { Socket } from 'node:net';
import type { BlobStore, StagedBlob } from '../blobs/store';
import { admitCaller } from '../../domain/dicom/ae';
import { dimse, type Association, type CEchoRequest, type CEchoResponse, type CStoreRequest, type CStoreResponse, type PresentationContext } from './lib';
import { negotiate, PC_RESULT, STORE_STATUS, VERIFICATION } from './negotiate';
import { part10Head } from './part10-head';
import { StoreSink } from './store-sink';

/** Who sent an instance, and where it goes. */
export interface StoreContext {
  callingAet: string;
  workspaceId: string;
}
/** One received instance: a Part 10 file staged as received (head + dataset bytes), not yet stored. */
export interface ReceivedInstance {
  staged: StagedBlob;
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
}
/** What a stored (or refused) instance answers: a PS3.4 C-STORE status and an optional comment. */
export interface StoreVerdict {
  status: number;
  comment?: string;
}
/** Stores one instance (commits the staged blob) or refuses it; the SCP discards whatever is left staged. */
export type StoreHandler = (ctx: StoreContext, instance: ReceivedInstance) => Promise<StoreVerdict>;

export interface ScpConfig {
  aeTitle: string;
  aeWorkspaces: ReadonlyMap<string, string> | undefined;
  defaultWorkspaceId: string;
  blobs: BlobStore;
  maxInstanceBytes: number;
  /** Largest P-DATA PDU the studio announces (and the PDU guard enforces). */
  maxPduBytes: number;
  handler: StoreHandler;
  /** The listener's concurrency limit: an admitted association holds a slot until its connection closes. */
  slots: { take(): boolean; release(): void };
  log: (msg: string) => void;
}

const { RejectResult, RejectSource, RejectReason } = dimse.constants;

/**
 * One association of the studio's listener (dcmjs-dimse runs the PDU codec and the association
 * state machine; this class decides). Verification and the image storage SOP classes are
 * accepted; a dataset streams into a staged blob (StoreSink) and, once complete, goes to the
 * handler with the caller's workspace.
 */
export function scpClass(cfg: ScpConfig) {
  return class StudioScp extends dimse.Scp {
    private ctx: StoreContext | undefined;
    private holdsSlot = false;
    /** Sinks whose dataset has not reached the handler yet: removed when the association ends early. */
    private readonly open = new Map<CStoreRequest, { sink: StoreSink; context: PresentationContext | undefined }>();

    /** Stops reading from the peer while a dataset file catches up (see StoreSink). */
    private readonly socketFlow: { pause(): void; resume(): void };

    constructor(socket: Socket, opts: ConstructorParameters<typeof dimse.Scp>[1]) {
      super(socket, opts);
      this.socketFlow = { pause: () => socket.pause(), resume: () => socket.resume() };
      this.on('close', () => {
        this.dropOpen();
        if (this.holdsSlot) cfg.slots.release();
        this.holdsSlot = false;
      });
    }

    override associationRequested(association: Association): void {
      const calling = association.getCallingAeTitle();
      const admitted = admitCaller({ ownAet: cfg.aeTitle, map: cfg.aeWorkspaces, defaultWorkspace: cfg.defaultWorkspaceId }, calling, association.getCalledAeTitle());
      if (!admitted.accept) {
        cfg.log(`association from ${calling} to ${association.getCalledAeTitle()} rejected: ${admitted.reason} not recognised`);
        const reason = admitted.reason === 'called-ae' ? RejectReason.CalledAeNotRecognized : RejectReason.CallingAeNotRecognized;
        return this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, reason);
      }
      if (!cfg.slots.take()) {
        cfg.log(`association from ${calling} refused: too many associations`);
        return this.sendAssociationReject(RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReason.LocalLimitExceeded);
      }
      this.holdsSlot = true;
      this.ctx = { callingAet: calling.trim(), workspaceId: admitted.workspaceId };
      const proposed = association.getPresentationContexts().map(({ id }) => {
        const pc = association.getPresentationContext(id);
        return { id, abstractSyntax: pc.getAbstractSyntaxUid(), transferSyntaxes: pc.getTransferSyntaxUids() };
      });
      for (const d of negotiate(proposed)) association.getPresentationContext(d.id).setResult(d.result, d.transferSyntax);
      // What the peer may send us per PDU (the PDU guard enforces it); our own PDUs are small responses.
      association.setMaxPduLength(cfg.maxPduBytes);
      this.sendAssociationAccept();
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
    }

    override cEchoRequest(request: CEchoRequest, respond: (r: CEchoResponse) => void): void {
      const response = dimse.responses.CEchoResponse.fromRequest(request);
      response.setStatus(dimse.constants.Status.Success);
      respond(response);
    }

    override createStoreWritableStream(context: PresentationContext, request: CStoreRequest) {
      const head = part10Head({
        sopClassUid: request.getAffectedSopClassUid(),
        sopInstanceUid: request.getAffectedSopInstanceUid(),
        transferSyntaxUid: context?.getAcceptedTransferSyntaxUid() ?? '',
        sourceAet: this.ctx?.callingAet ?? '',
      });
      const sink = new StoreSink(cfg.blobs, head, cfg.maxInstanceBytes, this.socketFlow);
      this.open.set(request, { sink, context });
      return sink;
    }

    override createDatasetFromStoreWritableStream(writable: unknown, _context: PresentationContext, done: (dataset: InstanceType<typeof dimse.Dataset>) => void): void {
      const sink = writable as StoreSink;
      // The library ended the sink; the request goes on (to cStoreRequest) once its bytes are on disk.
      void sink.outcome.then(() => done(new dimse.Dataset()));
    }

    override cStoreRequest(request: CStoreRequest, respond: (r: CStoreResponse) => void): void {
      const open = this.open.get(request);
      this.open.delete(request);
      void this.store(request, open).then(
        (v) => respond(this.response(request, v)),
        (e) => {
          cfg.log(`C-STORE ${request.getAffectedSopInstanceUid()} failed: ${(e as Error)?.message ?? e}`);
          respond(this.response(request, { status: STORE_STATUS.processingFailure, comment: 'the studio could not store the instance' }));
        },
      );
    }

    private async store(request: CStoreRequest, open: { sink: StoreSink; context: PresentationContext | undefined } | undefined): Promise<StoreVerdict> {
      if (!open || !this.ctx) return { status: STORE_STATUS.processingFailure, comment: 'no dataset was received' };
      const outcome = await open.sink.outcome;
      if ('error' in outcome) throw outcome.error;
      if ('tooLarge' in outcome) return { status: STORE_STATUS.outOfResources, comment: `instance larger than ${cfg.maxInstanceBytes} bytes` };
      const { staged } = outcome;
      try {
        const ctx = open.context;
        const sopClassUid = request.getAffectedSopClassUid();
        if (!ctx || ctx.getResult() !== PC_RESULT.accept || ctx.getAbstractSyntaxUid() !== sopClassUid || sopClassUid === VERIFICATION) {
          return { status: STORE_STATUS.sopClassNotSupported, comment: `SOP class ${sopClassUid} not accepted on presentation context ${ctx?.getPresentationContextId() ?? '?'}` };
        }
        return await cfg.handler(this.ctx, {
          staged,
          sopClassUid,
          sopInstanceUid: request.getAffectedSopInstanceUid(),
          transferSyntaxUid: ctx.getAcceptedTransferSyntaxUid() ?? '',
        });
      } finally {
        await staged.discard(); // a no-op when the handler committed it
      }
    }

    private response(request: CStoreRequest, v: StoreVerdict): CStoreResponse {
      const response = dimse.responses.CStoreResponse.fromRequest(request);
      response.setStatus(v.status);
      if (v.comment && v.status !== STORE_STATUS.success) response.setErrorComment(v.comment.slice(0, 64));
      return response;
    }

    /** The association ended (released, aborted, dropped): datasets still arriving are removed. */
    private dropOpen(): void {
      for (const { sink } of this.open.values()) {
        sink.abort();
        void sink.outcome.then((o) => ('staged' in o ? o.staged.discard() : undefined));
      }
      this.open.clear();
    }
  };
}
