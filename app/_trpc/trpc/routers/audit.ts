import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES } from '../../../../domain/audit/events';
import { listAuditPage } from '../../../../server/audit/log';
import { auditCheckpointDir, auditKey } from '../../../../server/audit/key';
import { verifyAudit } from '../../../../server/audit/verify';
import { authed, router } from '../init';

/** Filters shared by the list and the export route (app/api/audit/export). */
export const AuditFilterInput = z.object({
  actor: z.string().trim().min(1).max(200).optional(),
  actorType: z.enum(['system', 'user', 'cli', 'key']).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  objectType: z.enum(AUDIT_OBJECT_TYPES).optional(),
  objectId: z.string().trim().min(1).max(200).optional(),
  /** ISO 8601 instants, inclusive. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilterInput = z.infer<typeof AuditFilterInput>;

export const toAuditFilter = (f: AuditFilterInput) => ({
  ...f,
  from: f.from ? new Date(f.from) : undefined,
  to: f.to ? new Date(f.to) : undefined,
});

export const auditRouter = router({
  /** Newest first; pass `nextCursor` back as `cursor` for the next page. */
  list: authed('audit.read')
    .input(AuditFilterInput.extend({ cursor: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).optional() }))
    .query(({ ctx, input }) => listAuditPage(ctx, { ...toAuditFilter(input), workspaceId: ctx.principal.workspaceId, cursor: input.cursor, limit: input.limit })),
  /** The whole (global) chain against its MAC and the signed checkpoints. */
  verify: authed('audit.read').mutation(async ({ ctx }) => verifyAudit(ctx.db, await auditKey(), auditCheckpointDir())),
  actions: authed('audit.read').query(() => ({ actions: [...AUDIT_ACTIONS], objectTypes: [...AUDIT_OBJECT_TYPES] })),
});
