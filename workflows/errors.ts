import type { RunError } from './contract';

/**
 * Errors of every layer carry a stable `code` and whether the user caused it (`user`):
 * DomainError, RuntimeError and the server's ServiceError (which this layer does not import).
 */
const isCoded = (e: unknown): e is Error & { code: string; user: boolean } =>
  e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { user?: unknown }).user === 'boolean';

/**
 * One place that turns whatever a node threw into the stable {code, message} stored on the
 * run and shown to clients, plus whether retrying could help. Zod failures of node params are
 * the user's (BAD_PARAMS); unknown errors are transient (INTERNAL) so Temporal retries them.
 */
export function toRunError(e: unknown): RunError & { user: boolean } {
  if (isCoded(e)) return { code: e.code, message: e.message, user: e.user };
  if (e instanceof Error && e.name === 'ZodError') return { code: 'BAD_PARAMS', message: e.message, user: true };
  const err = e as { code?: unknown; type?: unknown; message?: unknown };
  // Temporal failures (ApplicationFailure carries our code as its `type`).
  if (typeof err?.type === 'string' && err.type) return { code: err.type, message: String(err.message), user: true };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), user: false };
}
