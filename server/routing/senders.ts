import type { Destination } from '../../domain/routing/rule';
import { sendStow } from './stow-sender';

/**
 * How a delivery reaches a destination: one sender per destination kind, registered here. The
 * DICOMweb STOW-RS sender is built in (stow-sender.ts); the DIMSE C-STORE SCU registers itself
 * with `registerSender('dimse', ...)`. A sender sends the instances of one artifact (one SEG, or
 * the images of a Secondary Capture series) and reports per instance; it must honour `signal`
 * (the delivery's timeout) and never throw for a refusal (an Error is also recorded, as a failure).
 */
export interface InstanceToSend {
  bytes: Uint8Array;
  /** For the per-instance report; optional (the receiver's reply names it). */
  name: string;
}

export interface SendOutcome {
  /** Every instance was accepted. */
  ok: boolean;
  /** Why not, in words (HTTP status, DIMSE status, FailureReason per instance). */
  error?: string;
}

export type Sender<D extends Destination = Destination> = (dest: D, instances: InstanceToSend[], opts: { signal: AbortSignal }) => Promise<SendOutcome>;
export type SenderRegistry = { [K in Destination['kind']]?: Sender<Extract<Destination, { kind: K }>> };

const g = globalThis as { __studioRoutingSenders?: SenderRegistry };
const registry = (g.__studioRoutingSenders ??= {});
registry.dicomweb ??= (dest, instances, opts) => sendStow(dest, instances, opts);

export function registerSender<K extends Destination['kind']>(kind: K, sender: Sender<Extract<Destination, { kind: K }>>): void {
  (registry as Record<string, unknown>)[kind] = sender;
}

/** The sender of a destination's kind, from `override` first (tests), then the registry. */
export function senderFor(dest: Destination, override?: SenderRegistry): Sender | undefined {
  return ((override ?? {})[dest.kind] ?? registry[dest.kind]) as Sender | undefined;
}
