import { accountRouter } from './routers/account';
import { auditRouter } from './routers/audit';
import { keysRouter } from './routers/keys';
import { membersRouter } from './routers/members';
import { catalogueRouter } from './routers/catalogue';
import { costsRouter } from './routers/costs';
import { deidRouter } from './routers/deid';
import { modelsRouter } from './routers/models';
import { pipelinesRouter } from './routers/pipelines';
import { runsRouter } from './routers/runs';
import { scansRouter } from './routers/scans';
import { variantsRouter } from './routers/variants';
import { versionsRouter } from './routers/versions';
import { routingRouter } from './routers/routing';
import { evaluationsRouter } from './routers/evaluations';
import { evaluationViewsRouter } from './routers/evaluation-views';
import { webhooksRouter } from './routers/webhooks';
import { datasetsRouter } from './routers/datasets';
import { router } from './init';

/** The studio API, one router per aggregate, served at /api/trpc. */
export const appRouter = router({
  account: accountRouter,
  members: membersRouter,
  keys: keysRouter,
  catalogue: catalogueRouter,
  models: modelsRouter,
  variants: variantsRouter,
  scans: scansRouter,
  datasets: datasetsRouter,
  pipelines: pipelinesRouter,
  versions: versionsRouter,
  runs: runsRouter,
  audit: auditRouter,
  costs: costsRouter,
  webhooks: webhooksRouter,
  deid: deidRouter,
  routing: routingRouter,
  evaluations: evaluationsRouter,
  evaluationViews: evaluationViewsRouter,
});

export type AppRouter = typeof appRouter;
