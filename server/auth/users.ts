import { eq } from 'drizzle-orm';
import { users } from '../../drizzle/schema';
import type { Db } from '../../drizzle/client';
import { ServiceError } from '../errors';
import type { Auth } from './auth';
import { assertAcceptablePassword } from './passwords';

/**
 * People are created by admins (there is no public sign-up): the user and its credential
 * account go through better-auth's internal adapter, so passwords are hashed its way.
 */
export async function findUserByEmail(db: Db, email: string) {
  const [u] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return u ?? null;
}

export async function createUser(auth: Auth, args: { email: string; name: string; password: string }): Promise<{ id: string }> {
  const ctx = await auth.$context;
  const email = args.email.toLowerCase();
  assertAcceptablePassword(args.password);
  if (await ctx.internalAdapter.findUserByEmail(email)) throw new ServiceError('CONFLICT', `A user with email ${email} exists`);
  const user = await ctx.internalAdapter.createUser({ email, name: args.name, emailVerified: false }, { method: 'admin' });
  await ctx.internalAdapter.linkAccount({ providerId: 'credential', accountId: user.id, userId: user.id, password: await ctx.password.hash(args.password) });
  return { id: user.id };
}
