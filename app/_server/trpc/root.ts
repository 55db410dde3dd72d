import { auditRouter } from './routers/audit';
import { catalogueRouter } from './routers/catalogue';
import { modelsRouter } from './routers/models';
import { pipelinesRouter } from './routers/pipelines';
import { runsRouter } from './routers/runs';
import { scansRouter } from './routers/scans';
import { versionsRouter } from './routers/versions';
import { router } from './init';

/** The studio API, one router per aggregate, served at /api/trpc. */
export const appRouter = router({
  catalogue: catalogueRouter,
  models: modelsRouter,
  scans: scansRouter,
  pipelines: pipelinesRouter,
  versions: versionsRouter,
  runs: runsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
