import type { Destination } from '../../domain/routing/rule';
import { sendDimse } from './dimse-sender';
import { sendStow } from './stow-sender';
import type { Sender } from './sender-types';

export type { InstanceToSend, SendOutcome, Sender } from './sender-types';

/**
 * How a delivery reaches a destination: one sender per destination kind, registered here. The
 * DICOMweb STOW-RS sender (stow-sender.ts) and the DIMSE C-STORE SCU (dimse-sender.ts) are built
 * in; `registerSender` replaces one. A sender sends the instances of one artifact (one SEG, or
 * the images of a Secondary Capture series), names refused instances in its error; it must honour `signal`
 * (the delivery's timeout) and never throw for a refusal (an Error is also recorded, as a failure).
 */
export type SenderRegistry = { [K in Destination['kind']]?: Sender<Extract<Destination, { kind: K }>> };

const g = globalThis as { __studioRoutingSenders?: SenderRegistry };
const registry = (g.__studioRoutingSenders ??= {});
registry.dicomweb ??= (dest, instances, opts) => sendStow(dest, instances, opts);
registry.dimse ??= (dest, instances, opts) => sendDimse(dest, instances, opts);

export function registerSender<K extends Destination['kind']>(kind: K, sender: Sender<Extract<Destination, { kind: K }>>): void {
  (registry as Record<string, unknown>)[kind] = sender;
}

/** The sender of a destination's kind, from `override` first (tests), then the registry. */
export function senderFor(dest: Destination, override?: SenderRegistry): Sender | undefined {
  return ((override ?? {})[dest.kind] ?? registry[dest.kind]) as Sender | undefined;
}
