import { z } from 'zod';
import { principalId } from '../../../../domain/auth/permissions';
import { DEID_MAP_KINDS } from '../../../../drizzle/schema';
import { reidentify } from '../../../../server/deid/reidentify';
import { DeidSettingsSchema, readDeidSettings, updateDeidSettings } from '../../../../server/deid/settings';
import { authed, router } from '../init';

/** De-identification of the caller's workspace's incoming DICOM (admins); re-identification where opted in. */
export const deidRouter = router({
  get: authed('deid.manage').query(({ ctx }) => readDeidSettings(ctx.db, ctx.principal.workspaceId)),
  update: authed('deid.manage')
    .input(DeidSettingsSchema)
    .mutation(({ ctx, input }) => updateDeidSettings(ctx, ctx.principal.workspaceId, input, principalId(ctx.principal))),
  /** The original patient or UID behind a replacement; refused unless the workspace keeps the map; audited. */
  reidentify: authed('deid.manage')
    .input(z.object({ kind: z.enum(DEID_MAP_KINDS), replacement: z.string().min(1).max(128) }))
    .mutation(({ ctx, input }) => reidentify(ctx, ctx.principal.workspaceId, input)),
});
