/**
 * Called once when a Next.js server starts. The studio's background work (migrations, demo seed,
 * the run-lease sweeper, SIGTERM draining, webhook dispatch, audit checkpoints, blob sweeper)
 * starts here, at boot, instead of at the first request: a restarted server with no traffic must
 * still fail the runs its previous process left behind. Not awaited: the server answers (health
 * says what is not ready) while the database migrates. NEXT_RUNTIME is Next's own switch between
 * the Node.js and edge runtimes, not configuration (server/env.ts holds that).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { readyServices } = await import('./server/ready');
  readyServices().catch((e) => console.error('studio start-up failed (retried on the next request)', e));
}
