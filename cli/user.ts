import { ROLES, type Role } from '../domain/auth/permissions';
import { CliError, printJson } from './output';
import type { CliOptions } from './options';

const USAGE = 'usage: studio user add <email> --role clinician|engineer|admin [--name NAME] [--workspace ID] (password from STUDIO_NEW_PASSWORD)';

/**
 * `studio user add`: the way in for a deployment on PostgreSQL (no demo sign-in, no public
 * sign-up): creates the person if needed (password read from STUDIO_NEW_PASSWORD, never from
 * argv where `ps` would show it) and makes them a member of the workspace (default:
 * ws_default) with the role. Audited as the CLI.
 */
export async function userCommand(args: string[], opts: CliOptions & { name?: string; role?: string }): Promise<number> {
  const [sub, email] = args;
  if (sub !== 'add' || !email || args.length > 2) throw new CliError('BAD_ARGUMENTS', USAGE);
  if (!ROLES.includes(opts.role as Role)) throw new CliError('BAD_ARGUMENTS', `--role must be one of ${ROLES.join(', ')}\n${USAGE}`);
  const { getDb } = await import('../server/db');
  const { closeDb } = await import('../drizzle/client');
  const { getAuth } = await import('../server/auth');
  const { newPassword } = await import('../server/env');
  const { addMember } = await import('../server/members/service');
  const { CLI_ACTOR } = await import('../domain/audit/events');
  const { DEFAULT_WORKSPACE_ID } = await import('../domain/auth/permissions');
  const db = await getDb();
  try {
    const result = await addMember(
      { db, audit: { actor: CLI_ACTOR }, auth: await getAuth() },
      { workspaceId: opts.workspace ?? DEFAULT_WORKSPACE_ID, email, role: opts.role as Role, name: opts.name, password: newPassword() },
    );
    await printJson({ ...result, email, role: opts.role, workspaceId: opts.workspace ?? DEFAULT_WORKSPACE_ID });
    return 0;
  } finally {
    await closeDb(db);
  }
}
