import { z } from 'zod';
import { KEY_ACTIONS, principalId, type Action } from '../../../../domain/auth/permissions';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../../server/keys/service';
import { authed, router } from '../init';

/** Integrator API keys of the caller's workspace (admins). The secret is in the create reply only. */
export const keysRouter = router({
  list: authed('key.manage').query(({ ctx }) => listApiKeys(ctx, ctx.principal.workspaceId)),
  create: authed('key.manage')
    .input(
      z.object({
        name: z.string().trim().min(1).max(200),
        actions: z.array(z.enum(KEY_ACTIONS as [Action, ...Action[]])).min(1),
        /** ISO date-time; omitted: the key does not expire. */
        expiresAt: z.iso.datetime({ offset: true }).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      createApiKey(ctx, {
        workspaceId: ctx.principal.workspaceId,
        name: input.name,
        actions: input.actions,
        createdBy: principalId(ctx.principal),
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      }),
    ),
  revoke: authed('key.manage')
    .input(z.object({ keyId: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx, { workspaceId: ctx.principal.workspaceId, keyId: input.keyId })),
});
