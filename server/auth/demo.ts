import { DEFAULT_WORKSPACE_ID, type Role } from '../../domain/auth/permissions';
import type { Db } from '../../drizzle/client';
import { memberships } from '../../drizzle/schema';
import type { Auth } from './auth';
import { createUser, findUserByEmail } from './users';

/**
 * The embedded demo's people (only when demoSignIn(): no DATABASE_URL, or STUDIO_DEMO_SIGN_IN=true).
 * Visitors are signed in as the admin automatically; the engineer and clinician let anyone try
 * the other roles from the sign-in page. The password is public: the demo listens on loopback.
 */
export const DEMO_PASSWORD = 'studio-demo-password';
export const DEMO_USERS: readonly { email: string; name: string; role: Role }[] = [
  { email: 'admin@demo.local', name: 'Demo admin', role: 'admin' },
  { email: 'engineer@demo.local', name: 'Demo engineer', role: 'engineer' },
  { email: 'clinician@demo.local', name: 'Demo clinician', role: 'clinician' },
];

export async function ensureDemoUsers(db: Db, auth: Auth): Promise<void> {
  for (const u of DEMO_USERS) {
    const id = (await findUserByEmail(db, u.email))?.id ?? (await createUser(auth, { ...u, password: DEMO_PASSWORD })).id;
    await db.insert(memberships).values({ workspaceId: DEFAULT_WORKSPACE_ID, userId: id, role: u.role }).onConflictDoNothing();
  }
}
