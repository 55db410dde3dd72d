import { env } from './env';
import { processServices } from './services/process';
import { seedDemo } from './services/seed';
import type { ServiceDeps } from './services/context';

/**
 * The services of this process once the database is migrated and (unless STUDIO_SEED_DEMO=false)
 * the demo is seeded. Every entry point (tRPC context, health check) goes through here so a
 * fresh clone shows its demo on the first page load without a separate setup step.
 */
export async function readyServices(): Promise<ServiceDeps> {
  if (env.STUDIO_SEED_DEMO) await seedDemo();
  return processServices();
}
