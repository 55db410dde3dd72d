import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { authSecret } from '../auth/secret';
import { dataDir } from '../db';
import { env } from '../env';
import { ServiceError } from '../errors';

/**
 * Webhook secrets at rest. They cannot be hashed like API keys (the dispatcher signs with
 * them), so they are sealed with AES-256-GCM under a key derived (HKDF) from the studio's auth
 * secret, which lives outside the database (STUDIO_AUTH_SECRET, or the data directory's
 * auth-secret file): a copy of the database alone does not let anyone forge our webhooks.
 * Stored as `enc1:<shown prefix>:<iv|ciphertext|tag, base64url>`; the prefix is what the admin
 * list shows anyway. Rows written before sealing (plain `whsec_…`) are read as they are.
 */
const VERSION = 'enc1';
const cached = new Map<string, Buffer>();

/** The AES-256-GCM key of one purpose (HKDF info), derived from the auth secret; other sealed data (server/deid) uses its own. */
export function purposeKey(purpose: string): Buffer {
  let k = cached.get(purpose);
  if (!k) cached.set(purpose, (k = Buffer.from(hkdfSync('sha256', authSecret(env.STUDIO_AUTH_SECRET, dataDir()), purpose, 'aes-256-gcm v1', 32))));
  return k;
}

const key = () => purposeKey('studio-webhook-secrets');

export function sealSecret(secret: string, shown: string, k = key()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k, iv);
  const body = Buffer.concat([iv, cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}:${shown}:${body.toString('base64url')}`;
}

export function openSecret(stored: string, k = key()): string {
  if (!stored.startsWith(`${VERSION}:`)) return stored; // written before sealing
  const body = Buffer.from(stored.slice(stored.lastIndexOf(':') + 1), 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', k, body.subarray(0, 12));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new ServiceError('INTERNAL', 'the webhook secret cannot be opened: the studio auth secret changed since it was created; delete and recreate the webhook');
  }
}

/** What the admin list shows of a stored secret, sealed or not. */
export const shownPart = (stored: string, length: number) => (stored.startsWith(`${VERSION}:`) ? stored.split(':')[1] : stored.slice(0, length));
