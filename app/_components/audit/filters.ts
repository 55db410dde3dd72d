import type { AuditAction, AuditObjectType } from '../../../domain/audit/events';

/** The filter form as typed (datetime-local strings, '' = any), and its API form. */
export interface AuditFilterForm {
  actor: string;
  action: AuditAction | '';
  objectType: AuditObjectType | '';
  objectId: string;
  from: string;
  to: string;
}

export const EMPTY_FILTER: AuditFilterForm = { actor: '', action: '', objectType: '', objectId: '', from: '', to: '' };

/** datetime-local (browser local time) -> ISO instant; invalid input is ignored. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function toApiFilter(f: AuditFilterForm) {
  return {
    ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.objectType ? { objectType: f.objectType } : {}),
    ...(f.objectId.trim() ? { objectId: f.objectId.trim() } : {}),
    ...(instant(f.from) ? { from: instant(f.from) } : {}),
    ...(instant(f.to) ? { to: instant(f.to) } : {}),
  };
}

/** Query string of the export route for the same filters. */
export function exportHref(f: AuditFilterForm, format: 'csv' | 'json'): string {
  const params = new URLSearchParams({ format, ...(toApiFilter(f) as Record<string, string>) });
  return `/api/audit/export?${params}`;
}
