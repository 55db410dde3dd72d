import type { Destination } from '../../domain/routing/rule';

/** What a sender is given and answers (senders.ts holds the registry). */
export interface InstanceToSend {
  bytes: Uint8Array;
  /** A label for errors (the artifact or zip entry name). */
  name: string;
}

export interface SendOutcome {
  /** Every instance was accepted. */
  ok: boolean;
  /** Why not, in words (HTTP status, DIMSE status, FailureReason per instance). */
  error?: string;
}

/** `signal` aborts at the delivery's timeout; `timeoutMs` is that timeout, for senders that bound their own exchange. */
export type Sender<D extends Destination = Destination> = (dest: D, instances: InstanceToSend[], opts: { signal: AbortSignal; timeoutMs?: number }) => Promise<SendOutcome>;
