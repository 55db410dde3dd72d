/**
 * Calls per batch request of the studio's own tRPC client. The server refuses batches over
 * TRPC_MAX_BATCH (server/env.ts: default 50, at least 20), so the client stays under it.
 */
export const TRPC_CLIENT_MAX_BATCH = 20;
