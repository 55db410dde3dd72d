import { env } from '../../_server/env';
import { errorResponse } from '../../_server/errors';
import { readyServices } from '../../_server/ready';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Liveness + readiness: answers 200 once the database is migrated and the demo seeded. */
export async function GET() {
  try {
    await readyServices();
    return Response.json({
      ok: true,
      database: env.DATABASE_URL ? 'postgres' : 'pglite',
      executor: env.TEMPORAL_ADDRESS ? 'temporal' : 'embedded',
    });
  } catch (e) {
    return errorResponse(e);
  }
}
