/**
 * The PostgreSQL error under a drizzle error. drizzle-orm wraps driver errors in
 * DrizzleQueryError (original in `cause`); postgres.js and PGlite name the constraint
 * differently (`constraint_name` vs `constraint`). Services switch on SQLSTATE codes.
 */
export interface PgErrorInfo {
  /** SQLSTATE, e.g. 23505 unique_violation, 23001 restrict_violation. */
  code?: string;
  message: string;
  constraint?: string;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
export const RESTRICT_VIOLATION = '23001';

export function pgErrorOf(e: unknown): PgErrorInfo | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const c = cur as { code?: unknown; message?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code)) {
      const constraint = c.constraint_name ?? c.constraint;
      return { code: c.code, message: String(c.message ?? ''), constraint: typeof constraint === 'string' ? constraint : undefined };
    }
  }
  return undefined;
}

/** postgres.js / Node socket codes meaning "the server cannot be reached or stopped answering". */
const UNREACHABLE = new Set([
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
]);
/**
 * SQLSTATEs of an unavailable or overloaded server: class 08 (connection exception),
 * 57014 (statement_timeout), 57P01..57P05 (shutdown, cannot connect now, database dropped,
 * idle session timeout), 53300 (too many connections), 55P03 (lock_timeout).
 */
const UNAVAILABLE_STATE = /^(08...|57014|57P0[1-5]|53300|55P03)$/;

/** Whether `e` (or an error under it) says the database is down, unreachable or timed out. */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE.has(code) || UNAVAILABLE_STATE.test(code))) return true;
  }
  return false;
}
