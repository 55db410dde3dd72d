import { z } from 'zod';
import { ROLES } from '../../../../domain/auth/permissions';
import { getAuth } from '../../../../server/auth';
import { addMember, listMembers, removeMember, setMemberRole } from '../../../../server/members/service';
import { authed, router } from '../init';

const role = z.enum(ROLES);

/** Members of the caller's workspace (admins). Every change is audited. */
export const membersRouter = router({
  list: authed('member.manage').query(({ ctx }) => listMembers(ctx, ctx.principal.workspaceId)),
  /** An existing user by email, or a new one with a name and an initial password (>= 10 chars). */
  add: authed('member.manage')
    .input(z.object({ email: z.email(), role, name: z.string().trim().min(1).max(200).optional(), password: z.string().min(10).max(200).optional() }))
    .mutation(async ({ ctx, input }) => addMember({ ...ctx, auth: await getAuth() }, { workspaceId: ctx.principal.workspaceId, ...input })),
  setRole: authed('member.manage')
    .input(z.object({ userId: z.string().min(1), role }))
    .mutation(({ ctx, input }) => setMemberRole(ctx, { workspaceId: ctx.principal.workspaceId, ...input })),
  remove: authed('member.manage')
    .input(z.object({ userId: z.string().min(1) }))
    .mutation(({ ctx, input }) => removeMember(ctx, { workspaceId: ctx.principal.workspaceId, userId: input.userId })),
});
