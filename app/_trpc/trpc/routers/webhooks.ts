import { z } from 'zod';
import { principalId } from '../../../../domain/auth/permissions';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../../../drizzle/schema';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks } from '../../../../server/webhooks/service';
import { authed, router } from '../init';

/** Run-end webhooks of the caller's workspace and their delivery log (admins). The secret is in the create reply only. */
export const webhooksRouter = router({
  list: authed('webhook.manage').query(({ ctx }) => listWebhooks(ctx, ctx.principal.workspaceId)),
  create: authed('webhook.manage')
    .input(
      z.object({
        url: z.url({ protocol: /^https?$/ }).max(2000),
        events: z.array(z.enum(WEBHOOK_EVENTS as unknown as [WebhookEvent, ...WebhookEvent[]])).min(1).default([...WEBHOOK_EVENTS]),
      }),
    )
    .mutation(({ ctx, input }) =>
      createWebhook(ctx, { workspaceId: ctx.principal.workspaceId, url: input.url, events: input.events, createdBy: principalId(ctx.principal) }),
    ),
  /** Disables it; its deliveries stay in the log. */
  delete: authed('webhook.manage')
    .input(z.object({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) => deleteWebhook(ctx, { workspaceId: ctx.principal.workspaceId, id: input.id })),
  deliveries: authed('webhook.manage')
    .input(z.object({ webhookId: z.string().min(1).optional(), limit: z.number().int().min(1).max(500).optional() }).optional())
    .query(({ ctx, input }) => listDeliveries(ctx, { workspaceId: ctx.principal.workspaceId, ...input })),
});
