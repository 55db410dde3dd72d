import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../server/auth/auth';
import { resolvePrincipal } from '../server/auth/principal';
import { createTestDatabase, type TestDatabase } from '../drizzle/test-db';
import { studio } from '../test/studio-cli';

/** `studio user add` is how a PostgreSQL deployment gets its first admin: the person can then sign in. */
describe('studio user add (real PostgreSQL)', () => {
  let t: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-user-'));
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const env = () => ({ DATABASE_URL: t.url, STUDIO_DATA_DIR: dataDir, STUDIO_SEED_DEMO: 'false', STUDIO_AUTH_SECRET: 'x'.repeat(40) });

  it('creates an admin who signs in with the password from the environment, in the default workspace', async () => {
    const r = await studio(['user', 'add', 'Ops@Example.org', '--role', 'admin', '--name', 'Ops'], { ...env(), STUDIO_NEW_PASSWORD: 'a-long-password-1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ email: 'Ops@Example.org', role: 'admin', workspaceId: 'ws_default' });

    const auth = createAuth(t.db, { secret: 'x'.repeat(40) });
    const signIn = await auth.api.signInEmail({ body: { email: 'ops@example.org', password: 'a-long-password-1' }, asResponse: true });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { principal } = await resolvePrincipal({ db: t.db, auth }, new Headers({ cookie }));
    expect(principal).toMatchObject({ kind: 'user', role: 'admin', workspaceId: 'ws_default', email: 'ops@example.org' });

    const wrong = await auth.api.signInEmail({ body: { email: 'ops@example.org', password: 'not-the-password' }, asResponse: true });
    expect(wrong.status).toBe(401);
  });

  it('refuses a bad role and a new person without a password, with stable codes', async () => {
    const badRole = await studio(['user', 'add', 'x@example.org', '--role', 'root'], env());
    expect([badRole.code, badRole.json.error.code]).toEqual([2, 'BAD_ARGUMENTS']);
    const noPassword = await studio(['user', 'add', 'y@example.org', '--role', 'clinician'], { ...env(), STUDIO_NEW_PASSWORD: '' });
    expect([noPassword.code, noPassword.json.error.code]).toEqual([1, 'NOT_FOUND']);
  });
});
