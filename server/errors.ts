import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import { DomainError, type DomainErrorCode } from '../domain/errors';
import { RuntimeError, type RuntimeErrorCode } from '../runtimes/core/errors';
import { isDatabaseUnavailable } from '../drizzle/pg-error';

/**
 * Typed errors of the service layer and the ONE table mapping every layer's codes (domain,
 * runtime, service) to tRPC codes and HTTP statuses. Clients receive `{code, message, details?}`
 * (toClientError), never a stack.
 */
export type ServiceErrorCode =
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'UPLOAD_TOO_LARGE'
  | 'EMPTY_UPLOAD'
  | 'UNSUPPORTED_UPLOAD'
  | 'TRUNCATED_UPLOAD'
  | 'CORRUPT_UPLOAD'
  | 'VOLUME_TOO_LARGE'
  | 'RUN_MEMORY_EXCEEDED'
  | 'PIPELINE_INVALID'
  | 'SCAN_MISMATCH'
  | 'VERSION_EXISTS'
  | 'TARGET_UNSUPPORTED'
  | 'VARIANT_REJECTED'
  | 'WEBHOOK_TARGET_FORBIDDEN'
  | 'VERSION_NOT_IN_PIPELINE'
  | 'BUNDLE_INVALID'
  | 'BUNDLE_TAMPERED'
  | 'BUNDLE_TOO_LARGE'
  | 'BATCH_TOO_LARGE'
  | 'BODY_TOO_LARGE'
  | 'CONFLICT'
  | 'EXECUTOR_UNAVAILABLE'
  | 'DATABASE_LOCKED'
  | 'SHUTTING_DOWN'
  | 'INTERRUPTED'
  | 'DATABASE_UNAVAILABLE'
  | 'BLOB_CORRUPT'
  | 'BUDGET_EXCEEDED'
  | 'AUTH_REQUIRED'
  | 'AUTH_KEY_INVALID'
  | 'AUTH_KEY_REVOKED'
  | 'AUTH_KEY_EXPIRED'
  | 'PERMISSION_DENIED'
  | 'NO_WORKSPACE'
  | 'AUTH_LOCKED'
  | 'PASSWORD_TOO_COMMON'
  | 'ORIGIN_FORBIDDEN'
  | 'UNSUPPORTED_CONTENT_TYPE'
  | 'NOT_ACCEPTABLE'
  | 'AUDIT_CHAIN_BROKEN'
  | 'DEID_BURNED_IN'
  | 'DEID_REID_DISABLED'
  | 'DATASET_EXISTS'
  | 'DATASET_VERSION_EXISTS'
  | 'DATASET_UNPAIRED'
  | 'DATASET_GRID_MISMATCH'
  | 'DATASET_REFERENCE_INVALID'
  | 'DATASET_MAPPING_INVALID'
  | 'DATASET_TOO_LARGE'
  | 'PUBLISH_REFUSED'
  | 'VERSION_GATED'
  | 'DATASET_MISMATCH'
  | 'NO_LABEL_OUTPUT'
  | 'INTERNAL';

export class ServiceError extends Error {
  /** Whether the caller caused it (all but INTERNAL and BLOB_CORRUPT): the run contract reads this. */
  readonly user: boolean;
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ServiceError';
    this.user = code !== 'INTERNAL' && code !== 'BLOB_CORRUPT';
  }
}

export type AppErrorCode = ServiceErrorCode | DomainErrorCode | RuntimeErrorCode;
type Mapping = { trpc: TRPC_ERROR_CODE_KEY; http: number };

const m = (trpc: TRPC_ERROR_CODE_KEY, http: number): Mapping => ({ trpc, http });

export const ERROR_MAP: Record<AppErrorCode, Mapping> = {
  // service
  NOT_FOUND: m('NOT_FOUND', 404),
  BAD_REQUEST: m('BAD_REQUEST', 400),
  UPLOAD_TOO_LARGE: m('PAYLOAD_TOO_LARGE', 413),
  EMPTY_UPLOAD: m('BAD_REQUEST', 400),
  UNSUPPORTED_UPLOAD: m('UNSUPPORTED_MEDIA_TYPE', 415),
  TRUNCATED_UPLOAD: m('UNPROCESSABLE_CONTENT', 422),
  CORRUPT_UPLOAD: m('UNPROCESSABLE_CONTENT', 422),
  // the scan's header declares more voxels / bytes than STUDIO_MAX_VOXELS / _VOLUME_BYTES; details: dims, dtype, limits
  VOLUME_TOO_LARGE: m('PAYLOAD_TOO_LARGE', 413),
  // the run's estimated peak memory exceeds STUDIO_RUN_MEMORY_LIMIT_BYTES; details: estimateBytes, limitBytes
  RUN_MEMORY_EXCEEDED: m('UNPROCESSABLE_CONTENT', 422),
  PIPELINE_INVALID: m('UNPROCESSABLE_CONTENT', 422),
  SCAN_MISMATCH: m('UNPROCESSABLE_CONTENT', 422),
  VERSION_EXISTS: m('CONFLICT', 409),
  TARGET_UNSUPPORTED: m('UNPROCESSABLE_CONTENT', 422),
  VARIANT_REJECTED: m('UNPROCESSABLE_CONTENT', 422),
  WEBHOOK_TARGET_FORBIDDEN: m('BAD_REQUEST', 400),
  VERSION_NOT_IN_PIPELINE: m('UNPROCESSABLE_CONTENT', 422),
  BUNDLE_INVALID: m('UNPROCESSABLE_CONTENT', 422),
  BUNDLE_TAMPERED: m('UNPROCESSABLE_CONTENT', 422),
  // a version bundle whose declared sizes or entry count pass the limits (checked before inflating)
  BUNDLE_TOO_LARGE: m('PAYLOAD_TOO_LARGE', 413),
  // a tRPC batch of more procedure calls than TRPC_MAX_BATCH
  BATCH_TOO_LARGE: m('PAYLOAD_TOO_LARGE', 413),
  // a JSON request body over JSON_BODY_LIMIT_BYTES (refused before parsing)
  BODY_TOO_LARGE: m('PAYLOAD_TOO_LARGE', 413),
  CONFLICT: m('CONFLICT', 409),
  EXECUTOR_UNAVAILABLE: m('SERVICE_UNAVAILABLE', 503),
  DATABASE_LOCKED: m('SERVICE_UNAVAILABLE', 503),
  // the process is stopping (SIGTERM): it starts no new run; retry against another instance
  SHUTTING_DOWN: m('SERVICE_UNAVAILABLE', 503),
  // stored on a run whose process died or stopped mid-run (lease expired, or the shutdown grace ran out)
  INTERRUPTED: m('SERVICE_UNAVAILABLE', 503),
  // connect or statement timeout, connection refused or lost, server shutting down
  DATABASE_UNAVAILABLE: m('SERVICE_UNAVAILABLE', 503),
  // a blob read from the object store does not hash to its address (details: sha256, actualSha256, actualSize)
  BLOB_CORRUPT: m('INTERNAL_SERVER_ERROR', 500),
  // the run's estimate would exceed a monthly budget; details: scope, limit, spent, reserved, estimate
  BUDGET_EXCEEDED: m('PAYMENT_REQUIRED', 402),
  AUTH_REQUIRED: m('UNAUTHORIZED', 401),
  AUTH_KEY_INVALID: m('UNAUTHORIZED', 401),
  AUTH_KEY_REVOKED: m('UNAUTHORIZED', 401),
  AUTH_KEY_EXPIRED: m('UNAUTHORIZED', 401),
  PERMISSION_DENIED: m('FORBIDDEN', 403),
  NO_WORKSPACE: m('FORBIDDEN', 403),
  // too many failed sign-ins for one account; details.retryAfterSeconds (also the Retry-After header)
  AUTH_LOCKED: m('TOO_MANY_REQUESTS', 429),
  PASSWORD_TOO_COMMON: m('UNPROCESSABLE_CONTENT', 422),
  // a cookie-authenticated request from an origin the studio is not served at (CSRF)
  ORIGIN_FORBIDDEN: m('FORBIDDEN', 403),
  // a request body in a content type the endpoint does not take (password sign-in: JSON only)
  UNSUPPORTED_CONTENT_TYPE: m('UNSUPPORTED_MEDIA_TYPE', 415),
  // an incoming DICOM instance may have burned-in annotation and the workspace refuses those (server/deid); details: file, reason
  DEID_BURNED_IN: m('UNPROCESSABLE_CONTENT', 422),
  // re-identification asked in a workspace that did not opt in to keeping the map
  DEID_REID_DISABLED: m('FORBIDDEN', 403),
  DATASET_EXISTS: m('CONFLICT', 409),
  DATASET_VERSION_EXISTS: m('CONFLICT', 409),
  DATASET_UNPAIRED: m('UNPROCESSABLE_CONTENT', 422),
  DATASET_GRID_MISMATCH: m('UNPROCESSABLE_CONTENT', 422),
  DATASET_REFERENCE_INVALID: m('UNPROCESSABLE_CONTENT', 422),
  DATASET_MAPPING_INVALID: m('BAD_REQUEST', 400),
  DATASET_TOO_LARGE: m('PAYLOAD_TOO_LARGE', 413),
  // the client accepts no representation the endpoint can produce (DICOMweb Accept)
  NOT_ACCEPTABLE: m('BAD_REQUEST', 406),
  // a version published under acceptance criteria failed them; details.failing: the failing criteria with their values
  PUBLISH_REFUSED: m('UNPROCESSABLE_CONTENT', 422),
  // a run of a version whose gate is evaluating or refused (only its own evaluation may run it); details: versionId, gate
  VERSION_GATED: m('CONFLICT', 409),
  // two evaluations compared over different dataset versions
  DATASET_MISMATCH: m('UNPROCESSABLE_CONTENT', 422),
  // an evaluated run wrote no label map (a NIfTI label output) to score
  NO_LABEL_OUTPUT: m('UNPROCESSABLE_CONTENT', 422),
  INTERNAL: m('INTERNAL_SERVER_ERROR', 500),
  // domain
  INVALID_PIPELINE: m('UNPROCESSABLE_CONTENT', 422),
  // more nodes, edges, JSON bytes or nesting than GRAPH_LIMITS (domain/graph/limits.ts)
  GRAPH_TOO_LARGE: m('PAYLOAD_TOO_LARGE', 413),
  UNKNOWN_NODE_KIND: m('UNPROCESSABLE_CONTENT', 422),
  UNKNOWN_NODE_VERSION: m('UNPROCESSABLE_CONTENT', 422),
  BAD_PARAMS: m('UNPROCESSABLE_CONTENT', 422),
  // evaluation: prediction and reference label grids differ in dims or spacing (domain/evaluation/grid.ts)
  GRID_MISMATCH: m('UNPROCESSABLE_CONTENT', 422),
  // a label grid above MAX_GRID_VOXELS (512^3)
  GRID_TOO_LARGE: m('PAYLOAD_TOO_LARGE', 413),
  INVALID_SEMVER: m('BAD_REQUEST', 400),
  // a service tried to log data an audit event must not hold: a bug, not a user mistake
  INVALID_AUDIT_EVENT: m('INTERNAL_SERVER_ERROR', 500),
  // a checkpoint was asked for while the newest audit event does not carry this studio's MAC
  AUDIT_CHAIN_BROKEN: m('CONFLICT', 409),
  // runtime
  EMPTY_INPUT: m('BAD_REQUEST', 400),
  UNSUPPORTED_FORMAT: m('UNSUPPORTED_MEDIA_TYPE', 415),
  TRUNCATED_INPUT: m('UNPROCESSABLE_CONTENT', 422),
  CORRUPT_INPUT: m('UNPROCESSABLE_CONTENT', 422),
  DICOM_PARSE: m('UNPROCESSABLE_CONTENT', 422),
  DICOM_UNSUPPORTED: m('UNSUPPORTED_MEDIA_TYPE', 415),
  DICOM_MIXED_SERIES: m('UNPROCESSABLE_CONTENT', 422),
  MODEL_NOT_FOUND: m('NOT_FOUND', 404),
  MODEL_INVALID: m('UNPROCESSABLE_CONTENT', 422),
  SHAPE_MISMATCH: m('UNPROCESSABLE_CONTENT', 422),
  BAD_NODE_INPUT: m('UNPROCESSABLE_CONTENT', 422),
  KERNEL_MISSING: m('NOT_IMPLEMENTED', 501),
  INFERENCE_FAILED: m('INTERNAL_SERVER_ERROR', 500),
  RUNTIME_UNAVAILABLE: m('SERVICE_UNAVAILABLE', 503),
  CANCELLED: m('CLIENT_CLOSED_REQUEST', 499),
};

export interface ClientError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

type AppError = ServiceError | DomainError | RuntimeError;
const isAppError = (e: unknown): e is AppError =>
  e instanceof ServiceError || e instanceof DomainError || e instanceof RuntimeError;

/** The typed error inside `e` (tRPC wraps resolver errors in `cause`). */
function unwrap(e: unknown): unknown {
  for (let cur = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (isAppError(cur) || cur instanceof ZodError) return cur;
  }
  return e;
}

const TRPC_HTTP: Partial<Record<TRPC_ERROR_CODE_KEY, number>> = {
  BAD_REQUEST: 400, PARSE_ERROR: 400, NOT_FOUND: 404, METHOD_NOT_SUPPORTED: 405, PAYLOAD_TOO_LARGE: 413,
};

/** tRPC code and HTTP status for any thrown value. */
export function mapError(e: unknown): Mapping & { client: ClientError } {
  const inner = unwrap(e);
  if (isAppError(inner)) {
    const mapping = ERROR_MAP[inner.code] ?? ERROR_MAP.INTERNAL;
    const details = inner.details && Object.keys(inner.details).length ? inner.details : undefined;
    return { ...mapping, client: { code: inner.code, message: inner.message, ...(details ? { details } : {}) } };
  }
  if (inner instanceof ZodError) {
    const message = inner.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    return { ...m('BAD_REQUEST', 400), client: { code: 'BAD_REQUEST', message } };
  }
  if (isDatabaseUnavailable(e)) {
    // The driver's text names hosts and ports: keep it in the server log only.
    return { ...ERROR_MAP.DATABASE_UNAVAILABLE, client: { code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable or did not answer in time; try again shortly' } };
  }
  if (e instanceof TRPCError && e.code !== 'INTERNAL_SERVER_ERROR') {
    return { trpc: e.code, http: TRPC_HTTP[e.code] ?? 400, client: { code: e.code, message: e.message } };
  }
  // Unknown failures keep their text server-side only: it may leak paths or SQL.
  return { ...ERROR_MAP.INTERNAL, client: { code: 'INTERNAL', message: 'Internal error' } };
}

export const toClientError = (e: unknown): ClientError => mapError(e).client;

/** JSON error response for route handlers: `{error:{code,message,details?}}` with the mapped status. */
export function errorResponse(e: unknown): Response {
  const { http, client } = mapError(e);
  if (http >= 500) console.error(e);
  return Response.json({ error: client }, { status: http });
}
