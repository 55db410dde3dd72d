import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The session-signing secret: STUDIO_AUTH_SECRET when set, otherwise one random secret per
 * data directory, created on first use (mode 0600) so sessions survive restarts of the demo.
 */
export function authSecret(configured: string | undefined, dataDir: string): string {
  return configured || dataDirSecret(dataDir, 'auth-secret');
}

/**
 * A random secret kept in `dataDir/name` (mode 0600), created on first use; when two processes
 * race, both end up with the one that reached the disk first.
 */
export function dataDirSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return readFileSync(file, 'utf8').trim(); // another process created it first
    }
  }
}
