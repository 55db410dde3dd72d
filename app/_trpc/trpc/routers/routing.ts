import { z } from 'zod';
import { DELIVERY_STATES } from '../../../../drizzle/schema';
import { createRule, listRules, listRuleVersions, setRuleEnabled, updateRule } from '../../../../server/routing/rules';
import { listDeliveries, listMatches, retryDelivery } from '../../../../server/routing/view';
import { authed, router } from '../init';

const id = z.string().min(1).max(100);
/** The rule itself is validated by the service (domain/routing/rule.ts), with every issue in the error. */
const spec = z.unknown();

/** Routing rules of the caller's workspace, the series they matched and the deliveries of their outputs. */
export const routingRouter = router({
  rules: authed('routing.read').query(({ ctx }) => listRules(ctx)),
  versions: authed('routing.read')
    .input(z.object({ ruleId: id }))
    .query(({ ctx, input }) => listRuleVersions(ctx, input.ruleId)),
  create: authed('routing.manage')
    .input(z.object({ name: z.string().max(200), spec, enabled: z.boolean().optional() }))
    .mutation(({ ctx, input }) => createRule(ctx, input)),
  /** A new immutable version; matches keep the one they were made under. */
  update: authed('routing.manage')
    .input(z.object({ id, name: z.string().max(200).optional(), spec }))
    .mutation(({ ctx, input }) => updateRule(ctx, input)),
  setEnabled: authed('routing.manage')
    .input(z.object({ id, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setRuleEnabled(ctx, input)),
  matches: authed('routing.read')
    .input(z.object({ limit: z.number().int().min(1).max(500).optional() }).optional())
    .query(({ ctx, input }) => listMatches(ctx, input)),
  /** `state: 'dead'` is the dead-letter list. */
  deliveries: authed('routing.read')
    .input(z.object({ state: z.enum(DELIVERY_STATES).optional(), limit: z.number().int().min(1).max(500).optional() }).optional())
    .query(({ ctx, input }) => listDeliveries(ctx, input)),
  retryDelivery: authed('routing.manage')
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => retryDelivery(ctx, input.id)),
});
