import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { users } from '../../drizzle/schema';

/** How pages name a person: by name and email, never by internal id. */
export interface Person {
  name: string;
  email: string;
}

/** Upper bound of ids resolved at once (a page of the audit log is at most 500 events). */
const MAX_IDS = 1000;

/** Name and email of each known user id; ids of keys, the system or deleted users are absent. */
export async function peopleByIds(db: DbOrTx, ids: Iterable<string>): Promise<Map<string, Person>> {
  const wanted = [...new Set(ids)].filter((id) => id !== '').slice(0, MAX_IDS);
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}
