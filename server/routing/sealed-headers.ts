import type { Destination, RuleSpec } from '../../domain/routing/rule';
import { ServiceError } from '../errors';
import { openSecret, purposeKey, sealSecret } from '../webhooks/secret-box';

/**
 * Header values of DICOMweb destinations (a PACS token) at rest: sealed with AES-256-GCM under a
 * key derived from the studio's auth secret (server/webhooks/secret-box.ts, its own purpose), so
 * a copy of the database (rule versions, deliveries) does not hand out the token. Opened only
 * to send.
 */
const SEALED = /^enc1:/;
const key = () => purposeKey('studio-routing-headers');

const mapHeaders = (d: Destination, f: (v: string) => string): Destination =>
  d.kind === 'dicomweb' && d.headers ? { ...d, headers: Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k, f(v)])) } : d;

/** The spec with every header value sealed (values sealed already, kept from a previous version, stay as they are). */
export function sealHeaders(spec: RuleSpec): RuleSpec {
  return { ...spec, destinations: spec.destinations.map((d) => mapHeaders(d, (v) => (SEALED.test(v) ? v : sealSecret(v, '', key())))) };
}

/** The destination as its sender needs it: header values opened. */
export function openDestination(d: Destination): Destination {
  return mapHeaders(d, (v) => {
    try {
      return openSecret(v, key());
    } catch {
      throw new ServiceError('INTERNAL', 'a header of this DICOMweb destination cannot be opened: the studio auth secret changed since the rule was saved; edit the rule and give the header again');
    }
  });
}
