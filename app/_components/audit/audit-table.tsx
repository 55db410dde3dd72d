'use client';
import { formatDate, shortHash } from '../../_lib/format';
import { Badge, type BadgeTone } from '../ui/badge';
import { PersonName, type PersonView } from '../ui/person';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

export interface AuditRowView {
  id: number;
  at: string;
  actor: { type: string; id: string };
  /** Name and email of a user actor. */
  person: PersonView;
  action: string;
  objectType: string | null;
  objectId: string | null;
  details: Record<string, unknown>;
  origin: { ip?: string; userAgent?: string; keyId?: string };
  hash: string;
}

/** Colour by outcome so failures and security-relevant events stand out in a long list. */
function tone(action: string): BadgeTone {
  if (/failed|cancelled|revoked/.test(action)) return 'danger';
  if (/^(auth|key|member|role|budget)\./.test(action)) return 'warning';
  if (/published|finished|rolled-back/.test(action)) return 'success';
  return 'neutral';
}

const detailText = (d: Record<string, unknown>) =>
  Object.entries(d)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');

export function AuditTable({ rows, brokenId }: { rows: AuditRowView[]; brokenId?: number }) {
  return (
    <Table data-testid="audit-table">
      <THead>
        <TR><TH>#</TH><TH>When</TH><TH>Actor</TH><TH>Action</TH><TH>Object</TH><TH>Details</TH><TH>Origin</TH><TH>Hash</TH></TR>
      </THead>
      <TBody>
        {rows.map((e) => (
          <TR key={e.id} data-testid="audit-row" className={e.id === brokenId ? 'bg-red-50' : undefined}>
            <TD className="font-mono text-xs text-slate-500">{e.id}</TD>
            <TD className="text-xs whitespace-nowrap text-slate-500" title={e.at}>{formatDate(e.at)}</TD>
            <TD className="text-xs" data-testid="audit-actor">{e.person ? <PersonName person={e.person} fallback={e.actor.id} /> : <><span className="text-slate-400">{e.actor.type}:</span>{e.actor.id}</>}</TD>
            <TD><Badge tone={tone(e.action)}>{e.action}</Badge></TD>
            <TD className="max-w-48 truncate font-mono text-xs" title={e.objectId ?? undefined}>
              {e.objectType ? <span className="text-slate-400">{e.objectType}/</span> : null}{e.objectId ?? '—'}
            </TD>
            <TD className="max-w-72 truncate text-xs text-slate-600" title={detailText(e.details)}>{detailText(e.details) || '—'}</TD>
            <TD className="max-w-40 truncate text-xs text-slate-500" title={e.origin.userAgent}>{e.origin.keyId ? `key ${e.origin.keyId}` : e.origin.ip ?? '—'}</TD>
            <TD className="font-mono text-xs text-slate-400" title={e.hash}>{shortHash(e.hash)}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
