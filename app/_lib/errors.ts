import { TRPCClientError } from '@trpc/client';
import type { Issue } from '../../domain/validation/issue';

/**
 * Stable app code + human message from a tRPC error. The server's error formatter puts the
 * app code in `data.appCode` and extra facts in `data.details` (e.g. `issues` for PIPELINE_INVALID).
 */
export function describeError(err: unknown): { code?: string; message: string; issues?: Issue[] } {
  if (err instanceof TRPCClientError) {
    const data = (err.data ?? {}) as { appCode?: unknown; code?: unknown; details?: { issues?: unknown } };
    const code = typeof data.appCode === 'string' ? data.appCode : typeof data.code === 'string' ? data.code : undefined;
    const issues = Array.isArray(data.details?.issues) ? (data.details.issues as Issue[]) : undefined;
    return { code, message: err.message, issues };
  }
  if (err instanceof Error) return { message: err.message };
  return { message: String(err) };
}
