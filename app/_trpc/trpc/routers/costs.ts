import { z } from 'zod';
import { DEFAULT_WORKSPACE_ID, principalCan, principalId, type Principal } from '../../../../domain/auth/permissions';
import { ServiceError } from '../../../../server/errors';
import { PipelineGraphSchema } from '../../../../domain/graph/schema';
import { addRateCard, BudgetInput, getBudgets, getRateCards, RateCardInput, setBudget } from '../../../../server/cost/admin';
import { estimateGraph } from '../../../../server/cost/service';
import { costSummary, runCost } from '../../../../server/cost/summary';
import { requireVersion } from '../../../../server/versions/service';
import { authed, router } from '../init';

const workspaceOf = (p: Principal | null | undefined) => p?.workspaceId ?? DEFAULT_WORKSPACE_ID;
const who = (p: Principal | null | undefined) => (p ? principalId(p) : 'system');

/** Costs: estimates, the rate card, budgets, the cost page and one run's estimate vs actual. */
export const costsRouter = router({
  /** Per node and total, for a published version or a (draft) graph on a scan. */
  estimate: authed('cost.estimate')
    .input(
      z
        .object({ versionId: z.string().min(1).optional(), graph: PipelineGraphSchema.optional(), scanId: z.string().min(1) })
        .refine((i) => !!i.versionId !== !!i.graph, { message: 'give exactly one of versionId and graph' }),
    )
    .query(async ({ ctx, input }) => {
      const graph = input.graph ?? (await requireVersion(ctx, input.versionId!)).graph;
      const { estimate, rateCardId, currency } = await estimateGraph(ctx, graph, input.scanId);
      return { ...estimate, rateCardId, currency };
    }),
  rateCard: authed('cost.read').query(({ ctx }) => getRateCards(ctx)),
  /** A new card version (insert-only); runs starting from its effectiveFrom price against it. */
  setRateCard: authed('ratecard.manage')
    .input(RateCardInput)
    .mutation(({ ctx, input }) => addRateCard(ctx, input, who(ctx.principal))),
  budgets: authed('cost.read').query(({ ctx }) => getBudgets(ctx, workspaceOf(ctx.principal))),
  /** Workspace budget (no userId) or a user's; `monthlyLimit` in currency units, null removes it. */
  setBudget: authed('budget.manage')
    .input(BudgetInput.omit({ workspaceId: true }))
    .mutation(({ ctx, input }) => setBudget(ctx, { ...input, workspaceId: workspaceOf(ctx.principal) }, who(ctx.principal))),
  /** Totals by pipeline, version, user and day; default: this month (UTC). */
  summary: authed('cost.read')
    .input(z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }).optional())
    .query(({ ctx, input }) => {
      const now = new Date();
      const from = input?.from ? new Date(input.from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      const to = input?.to ? new Date(input.to) : new Date(now.getTime() + 60_000);
      return costSummary(ctx, { workspaceId: workspaceOf(ctx.principal), from, to });
    }),
  run: authed('run.read')
    .input(z.object({ id: z.string().min(1) }))
    .query(async ({ ctx, input }) => {
      const r = await runCost(ctx, input.id);
      const p = ctx.principal;
      const own = !p || (r.workspaceId === p.workspaceId && (principalCan(p, 'run.read.all') || r.createdBy === principalId(p)));
      if (!own) throw new ServiceError('NOT_FOUND', `run ${input.id} not found`);
      return r;
    }),
});
