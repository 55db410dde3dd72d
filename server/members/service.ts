import { and, asc, eq, ne } from 'drizzle-orm';
import type { Role } from '../../domain/auth/permissions';
import { memberships, sessions, users, workspaces } from '../../drizzle/schema';
import type { DbOrTx } from '../../drizzle/client';
import type { Auth } from '../auth/auth';
import { createUser, findUserByEmail } from '../auth/users';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';

/** Workspaces and their members. A workspace always keeps at least one admin. */
type Deps = Pick<ServiceDeps, 'db' | 'audit'>;

export async function membershipsOf(db: DbOrTx, userId: string) {
  return db
    .select({ workspaceId: memberships.workspaceId, role: memberships.role, name: workspaces.name })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}

export async function listMembers(deps: Pick<ServiceDeps, 'db'>, workspaceId: string) {
  const rows = await deps.db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(users.email));
  return rows.map((r) => ({ ...r, since: r.since.toISOString() }));
}

async function assertKeepsAdmin(tx: DbOrTx, workspaceId: string, userId: string) {
  const others = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'admin'), ne(memberships.userId, userId)));
  if (!others.length) throw new ServiceError('CONFLICT', 'A workspace needs at least one admin', { workspaceId });
}

/** Adds an existing user by email, or creates the user when a password is given. */
export async function addMember(
  deps: Deps & { auth: Auth },
  args: { workspaceId: string; email: string; name?: string; password?: string; role: Role },
) {
  const existing = await findUserByEmail(deps.db as never, args.email);
  if (!existing && !args.password) throw new ServiceError('NOT_FOUND', `No user ${args.email}: give a name and an initial password to create one`);
  const userId = existing?.id ?? (await createUser(deps.auth, { email: args.email, name: args.name ?? args.email, password: args.password! })).id;
  await audited(
    deps,
    async (tx) => {
      const rows = await tx.insert(memberships).values({ workspaceId: args.workspaceId, userId, role: args.role }).onConflictDoNothing().returning();
      if (!rows.length) throw new ServiceError('CONFLICT', `${args.email} is already a member`);
      return rows[0];
    },
    () => ({ action: 'member.changed', objectType: 'member', objectId: userId, workspaceId: args.workspaceId, details: { workspaceId: args.workspaceId, change: 'added', role: args.role } }),
  );
  return { userId };
}

export async function setMemberRole(deps: Deps, args: { workspaceId: string; userId: string; role: Role }) {
  await audited(
    deps,
    async (tx) => {
      const [m] = await tx.select().from(memberships).where(and(eq(memberships.workspaceId, args.workspaceId), eq(memberships.userId, args.userId)));
      if (!m) throw new ServiceError('NOT_FOUND', `No member ${args.userId} in this workspace`);
      if (m.role === 'admin' && args.role !== 'admin') await assertKeepsAdmin(tx, args.workspaceId, args.userId);
      await tx.update(memberships).set({ role: args.role }).where(and(eq(memberships.workspaceId, args.workspaceId), eq(memberships.userId, args.userId)));
      return m.role;
    },
    (from) => ({ action: 'role.changed', objectType: 'member', objectId: args.userId, workspaceId: args.workspaceId, details: { workspaceId: args.workspaceId, from, to: args.role } }),
  );
}

export async function removeMember(deps: Deps, args: { workspaceId: string; userId: string }) {
  await audited(
    deps,
    async (tx) => {
      const [m] = await tx.select().from(memberships).where(and(eq(memberships.workspaceId, args.workspaceId), eq(memberships.userId, args.userId)));
      if (!m) throw new ServiceError('NOT_FOUND', `No member ${args.userId} in this workspace`);
      if (m.role === 'admin') await assertKeepsAdmin(tx, args.workspaceId, args.userId);
      await tx.delete(memberships).where(and(eq(memberships.workspaceId, args.workspaceId), eq(memberships.userId, args.userId)));
      return m.role;
    },
    (role) => ({ action: 'member.changed', objectType: 'member', objectId: args.userId, workspaceId: args.workspaceId, details: { workspaceId: args.workspaceId, change: 'removed', role } }),
  );
}

/**
 * A new workspace with its creator as admin. Nothing is copied into it: it is priced with the
 * default rate card until its admin publishes one (repos/cost.ts rateCardAt falls back), and it
 * sees no model until one is registered in it (workspace_models).
 */
export async function createWorkspace(deps: Deps, args: { name: string; userId: string; id?: string }) {
  const id = args.id ?? newId('ws');
  await audited(
    deps,
    async (tx) => {
      await tx.insert(workspaces).values({ id, name: args.name });
      await tx.insert(memberships).values({ workspaceId: id, userId: args.userId, role: 'admin' });
    },
    () => ({ action: 'member.changed', objectType: 'member', objectId: args.userId, workspaceId: id, details: { workspaceId: id, change: 'created-workspace', role: 'admin' } }),
  );
  return { id };
}

/** Points a session at another of the user's workspaces. */
export async function switchWorkspace(deps: Pick<ServiceDeps, 'db'>, args: { sessionId: string; userId: string; workspaceId: string }) {
  const mine = await membershipsOf(deps.db, args.userId);
  if (!mine.some((m) => m.workspaceId === args.workspaceId)) throw new ServiceError('PERMISSION_DENIED', 'Not a member of that workspace');
  await deps.db.update(sessions).set({ activeWorkspaceId: args.workspaceId }).where(eq(sessions.id, args.sessionId));
}
