import { z } from 'zod';
import { ACTIONS, principalCan } from '../../../../domain/auth/permissions';
import { ServiceError } from '../../../../server/errors';
import { createWorkspace, membershipsOf, switchWorkspace } from '../../../../server/members/service';
import { authed, publicProcedure, router } from '../init';

/** The caller's identity, workspaces and allowed actions (the UI hides what the server would refuse). */
export const accountRouter = router({
  /** Public: null when nobody is signed in (the sign-in page asks). */
  me: publicProcedure.query(async ({ ctx }) => {
    const p = ctx.principal;
    if (!p) return null;
    const allowed = ACTIONS.filter((a) => principalCan(p, a));
    if (p.kind !== 'user') return { kind: p.kind, workspaceId: p.workspaceId, allowed, workspaces: [] };
    const workspaces = await membershipsOf(ctx.db, p.userId);
    return { kind: p.kind, userId: p.userId, email: p.email, role: p.role, workspaceId: p.workspaceId, allowed, workspaces };
  }),
  switchWorkspace: authed('catalogue.read')
    .input(z.object({ workspaceId: z.string().min(1) }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.principal.kind !== 'user' || !ctx.sessionId) throw new ServiceError('PERMISSION_DENIED', 'Only a signed-in person switches workspace');
      await switchWorkspace(ctx, { sessionId: ctx.sessionId, userId: ctx.principal.userId, workspaceId: input.workspaceId });
      return { workspaceId: input.workspaceId };
    }),
  /** A new workspace with the caller as its admin (admins of a workspace may create more). */
  createWorkspace: authed('member.manage')
    .input(z.object({ name: z.string().trim().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.principal.kind !== 'user') throw new ServiceError('PERMISSION_DENIED', 'Only a signed-in person creates workspaces');
      return createWorkspace(ctx, { name: input.name, userId: ctx.principal.userId });
    }),
});
