import { dataDir, getDb } from '../db';
import { env } from '../env';
import { createAuth, type Auth } from './auth';
import { authSecret } from './secret';

/** The process's better-auth instance over the process database (kept across Next dev reloads). */
type Globals = { __studioAuth?: Promise<Auth> };
const g = globalThis as Globals;

export function getAuth(): Promise<Auth> {
  g.__studioAuth ??= getDb().then((db) => createAuth(db, { secret: authSecret(env.STUDIO_AUTH_SECRET, dataDir()) }));
  return g.__studioAuth;
}
