import { env } from '../env';
import { DEMO_ACTOR } from '../../domain/audit/events';
import { listAuditEvents, type AuditFilter, type AuditRow } from './repo';
import { recordAudit } from './service';
import type { AuditContext } from '../context';
import type { ServiceDeps } from '../context';
import { peopleByIds } from '../members/people';

/**
 * Reading the audit log: filtered pages for the studio, whole exports (CSV/JSON) for
 * auditors, and the audit context of an HTTP request.
 */
export function auditDto(r: AuditRow) {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    details: r.details,
    origin: r.origin,
    workspaceId: r.workspaceId,
    prevHash: r.prevHash,
    hash: r.hash,
    keyId: r.keyId,
  };
}
export type AuditEventDto = ReturnType<typeof auditDto>;

export async function listAuditPage(deps: Pick<ServiceDeps, 'db'>, args: AuditFilter & { cursor?: number; limit?: number }) {
  const limit = Math.min(Math.max(args.limit ?? 50, 1), 500);
  const rows = await listAuditEvents(deps.db, args, { beforeId: args.cursor, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const people = await peopleByIds(deps.db, page.filter((r) => r.actor.type === 'user').map((r) => r.actor.id));
  const items = page.map((r) => ({ ...auditDto(r), person: (r.actor.type === 'user' && people.get(r.actor.id)) || null }));
  return { items, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

/** Upper bound of one export (a page of the UI is 50): keeps one response bounded. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

/** Every matching event, newest first; the export itself is an audited action. */
export async function exportAudit(deps: Pick<ServiceDeps, 'db' | 'audit' | 'principal'>, filter: AuditFilter, format: 'csv' | 'json') {
  const rows = await listAuditEvents(deps.db, filter, { limit: AUDIT_EXPORT_MAX_ROWS });
  await recordAudit(deps, { action: 'audit.exported', objectType: 'audit', objectId: null, details: { format, rows: rows.length } });
  const items = rows.map(auditDto);
  return format === 'json' ? `${JSON.stringify(items, null, 2)}\n` : toCsv(items);
}

const CSV_COLUMNS = ['id', 'at', 'actorType', 'actorId', 'action', 'objectType', 'objectId', 'details', 'origin', 'workspaceId', 'prevHash', 'hash', 'keyId'] as const;

/** RFC 4180: every field quoted, quotes doubled; nested objects as JSON. */
export function toCsv(items: AuditEventDto[]): string {
  const q = (v: unknown) => `"${(v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v)).replace(/"/g, '""')}"`;
  const lines = items.map((e) =>
    [e.id, e.at, e.actor.type, e.actor.id, e.action, e.objectType, e.objectId, e.details, e.origin, e.workspaceId, e.prevHash, e.hash, e.keyId].map(q).join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

/**
 * The client address as the proxies in STUDIO_TRUSTED_PROXIES report it: the right-most
 * X-Forwarded-For hop that is not one of them (exact addresses; a CIDR-listed proxy is then
 * recorded itself, never a caller-chosen address). Without trusted proxies the header is the
 * caller's own words and nothing is recorded, as for the sign-in rate limit.
 */
function forwardedClient(h: Headers): string | undefined {
  const proxies = env.STUDIO_TRUSTED_PROXIES;
  if (!proxies.length) return undefined;
  const hops = (h.get('x-forwarded-for') ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  return hops.reverse().find((hop) => !proxies.includes(hop));
}

/** Where a request came from (client address behind trusted proxies, user agent), with the demo admin as a placeholder actor that callers replace by the signed-in principal. */
export function requestAudit(req: Request): AuditContext {
  const h = req.headers;
  const ip = forwardedClient(h);
  const userAgent = h.get('user-agent')?.slice(0, 500) || undefined;
  return { actor: DEMO_ACTOR, origin: { ...(ip ? { ip: ip.slice(0, 100) } : {}), ...(userAgent ? { userAgent } : {}) } };
}
