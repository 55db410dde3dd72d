import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';

/**
 * Which blobs the database references, found without a list of columns: every row of every
 * table (scans.files, scans.volume_sha256, models, model_variants, pipeline drafts and
 * versions, runs.artifacts, run_nodes.outputs/artifacts, and whatever is added later) is
 * read as text. Deleting a referenced blob loses data, so this errs towards "referenced":
 * any 64-hex string anywhere (hashes that are not blobs included) keeps a blob of that name.
 */
type Rows = { sha?: string; c?: string; name?: string }[];
const rowsOf = (r: unknown): Rows => (Array.isArray(r) ? r : (r as { rows: Rows }).rows);

/** Every base table outside the system schemas, quoted. */
async function tables(db: DbOrTx): Promise<string[]> {
  const rows = rowsOf(await db.execute(sql`
    select format('%I.%I', table_schema, table_name) as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg\_%'`));
  return rows.map((r) => r.name!);
}

/** Every 64-hex string (lowercased) found in any row (cheap first pass of the sweeper). */
export async function hexReferences(db: DbOrTx): Promise<Set<string>> {
  const found = new Set<string>();
  for (const table of await tables(db)) {
    const rows = rowsOf(await db.execute(sql.raw(
      `select distinct lower(m[1]) as sha from ${table} t, regexp_matches(t::text, '([0-9a-fA-F]{64})', 'g') m`)));
    for (const r of rows) found.add(r.sha!);
  }
  return found;
}

/**
 * Which of `candidates` (lowercase sha256) occur anywhere in any row, as a substring
 * (case-insensitive): the exact check before a blob is deleted, for the few candidates left.
 */
export async function referencedAmong(db: DbOrTx, candidates: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (candidates.length === 0) return found;
  for (const table of await tables(db)) {
    const left = candidates.filter((c) => !found.has(c));
    if (left.length === 0) break;
    for (let i = 0; i < left.length; i += 500) {
      const batch = `{${left.slice(i, i + 500).join(',')}}`;
      const rows = rowsOf(await db.execute(sql`
        select c from unnest(${batch}::text[]) c
        where exists (select 1 from ${sql.raw(table)} t where strpos(lower(t::text), c) > 0)`));
      for (const r of rows) found.add(r.c!);
    }
  }
  return found;
}
