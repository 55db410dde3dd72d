/**
 * Session cookies of the demo people for route-handler tests (the process database and auth
 * of the current env; call after stubbing DATABASE_URL / STUDIO_DATA_DIR and resetting modules).
 */
export async function demoSessionCookies() {
  const { getDb } = await import('../server/db');
  const { getAuth } = await import('../server/auth');
  const { DEMO_PASSWORD, ensureDemoUsers } = await import('../server/auth/demo');
  const { findUserByEmail } = await import('../server/auth/users');
  const db = await getDb();
  const auth = await getAuth();
  await ensureDemoUsers(db, auth);
  const signIn = async (email: string) => {
    const res = await auth.api.signInEmail({ body: { email, password: DEMO_PASSWORD }, asResponse: true });
    if (!res.ok) throw new Error(`demo sign-in failed for ${email}: ${res.status}`);
    return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), userId: (await findUserByEmail(db, email))!.id };
  };
  return {
    admin: await signIn('admin@demo.local'),
    engineer: await signIn('engineer@demo.local'),
    clinician: await signIn('clinician@demo.local'),
  };
}
