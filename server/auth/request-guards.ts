import { getSessionCookie } from 'better-auth/cookies';
import { env } from '../env';
import { ServiceError } from '../errors';
import { withBodyLimit } from '../http/request-limits';

/**
 * What every /api/auth request passes before better-auth (or our lockout) reads it: a small body
 * limit (STUDIO_AUTH_BODY_LIMIT_BYTES, 413 BODY_TOO_LARGE), password sign-in in JSON only (415:
 * better-auth also reads form bodies, which would otherwise skip the lockout), an email of at most
 * MAX_EMAIL_LENGTH characters before any lookup, and a per-session limit on change-password.
 */
export const MAX_EMAIL_LENGTH = 320; // RFC 5321: 64 local + @ + 255 domain

export const limitAuthBody = (request: Request): Promise<Request> => withBodyLimit(request, env.STUDIO_AUTH_BODY_LIMIT_BYTES);

/** The email of a password sign-in (`request` already size-limited), refused unless JSON with a sane email. */
export async function signInEmail(request: Request): Promise<string> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ServiceError('UNSUPPORTED_CONTENT_TYPE', 'Password sign-in takes application/json only', { contentType: type || null });
  }
  const body = (await request.clone().json().catch(() => null)) as { email?: unknown } | null;
  const email = body?.email;
  if (typeof email !== 'string' || !email.trim()) throw new ServiceError('BAD_REQUEST', 'Sign-in needs an email');
  if (email.length > MAX_EMAIL_LENGTH) throw new ServiceError('BAD_REQUEST', `The email is longer than ${MAX_EMAIL_LENGTH} characters`, { maxLength: MAX_EMAIL_LENGTH });
  return email;
}

/** Password changes per session per minute: one session cannot throttle another's. */
export const CHANGE_PASSWORD_PER_SESSION_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
const windows = new Map<string, { count: number; resetAt: number }>();

/** 429 once a session has changed (or tried to change) its password too often this minute. */
export function limitChangePassword(request: Request, now = Date.now()): void {
  const key = getSessionCookie(request);
  if (!key) return; // better-auth answers 401
  if (windows.size > 10_000) for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
  const w = windows.get(key);
  if (!w || w.resetAt <= now) return void windows.set(key, { count: 1, resetAt: now + WINDOW_MS });
  if (++w.count > CHANGE_PASSWORD_PER_SESSION_PER_MINUTE) {
    throw new ServiceError('AUTH_LOCKED', 'Too many password changes for this session: try again in a minute', { retryAfterSeconds: Math.ceil((w.resetAt - now) / 1000) });
  }
}
