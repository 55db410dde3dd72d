/**
 * Typed errors of the domain layer. Every layer has its own codes; `server/errors.ts`
 * maps them to tRPC/HTTP codes in one table. `code` is stable (clients switch on it),
 * `message` is for humans. User mistakes are not exceptions inside validation (it returns
 * issues); these are thrown where an operation cannot go on.
 */
export type DomainErrorCode =
  | 'INVALID_PIPELINE'
  | 'GRAPH_TOO_LARGE'
  | 'UNKNOWN_NODE_KIND'
  | 'UNKNOWN_NODE_VERSION'
  | 'BAD_PARAMS'
  | 'INVALID_SEMVER'
  | 'VERSION_EXISTS'
  | 'INVALID_AUDIT_EVENT'
  | 'GRID_MISMATCH'
  | 'GRID_TOO_LARGE';

export class DomainError extends Error {
  /** Domain errors are the caller's (a bad pipeline, params, version): retrying cannot help. */
  readonly user = true;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
