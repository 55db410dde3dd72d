import { getBlobs, getDb } from './db';
import type { ServiceDeps } from './context';

/** The services of this process (database and blobs from env); the executor resolves lazily. */
export async function processServices(): Promise<ServiceDeps> {
  return { db: await getDb(), blobs: getBlobs() };
}
