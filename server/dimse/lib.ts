import * as ns from 'dcmjs-dimse';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../../runtimes/imaging/seg/part10';

/**
 * The one import of dcmjs-dimse (PDU codec, association state, DIMSE messages). Its build is a
 * CommonJS bundle whose exports Node's ESM loader sees only as `default`; its typings declare
 * them as named exports. Its logger is on at TRACE by default: silenced here (the listener logs
 * what matters itself). Associations name this product's implementation class UID.
 */
type Lib = typeof ns;
export const dimse: Lib = (ns as unknown as { default?: Lib }).default ?? ns;

dimse.log.setLevel('silent');
dimse.Implementation.setImplementationClassUid(IMPLEMENTATION_CLASS_UID);
dimse.Implementation.setImplementationVersion(IMPLEMENTATION_VERSION_NAME);

export type Association = InstanceType<Lib['association']['Association']>;
export type PresentationContext = InstanceType<Lib['association']['PresentationContext']>;
export type CStoreRequest = InstanceType<Lib['requests']['CStoreRequest']>;
export type CEchoRequest = InstanceType<Lib['requests']['CEchoRequest']>;
export type CStoreResponse = InstanceType<Lib['responses']['CStoreResponse']>;
export type CEchoResponse = InstanceType<Lib['responses']['CEchoResponse']>;
