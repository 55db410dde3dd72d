import { S3BlobStore } from '../../../server/blobs/s3-store';
import { getBlobs } from '../../../server/db';
import { env } from '../../../server/env';
import { readyServices } from '../../../server/ready';
import { healthResponse } from '../../../server/health';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Readiness: 200 once the database is migrated, the demo seeded, and every dependency answers
 * (the database, Temporal and the S3 bucket when configured); 503 naming the component that is down otherwise.
 */
export async function GET() {
  const blobs = getBlobs();
  return healthResponse({
    ...(blobs instanceof S3BlobStore ? { objectStore: () => blobs.assertReachable() } : {}),
    db: async () => (await readyServices()).db,
    temporal: env.TEMPORAL_ADDRESS ? { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE } : undefined,
    timeoutMs: env.HEALTH_CHECK_TIMEOUT_MS,
  });
}
