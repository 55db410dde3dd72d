import { and, desc, eq, max, sql } from 'drizzle-orm';
import { RuleSpecSchema, type RuleSpec } from '../../domain/routing/rule';
import { pipelines, routingRules, routingRuleVersions } from '../../drizzle/schema';
import type { DbOrTx } from '../../drizzle/client';
import { audited } from '../audit/service';
import { scopeOf } from '../auth/scope';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { requirePipeline } from '../pipelines/service';
import { requireVersion } from '../versions/service';
import { sealHeaders } from './sealed-headers';

export type RuleRow = typeof routingRules.$inferSelect;
export type RuleVersionRow = typeof routingRuleVersions.$inferSelect;

/** A valid spec whose pipeline (and pinned version, if any) is the caller's workspace's: BAD_REQUEST / NOT_FOUND otherwise. */
async function checkedSpec(deps: ServiceDeps, input: unknown): Promise<RuleSpec> {
  const parsed = RuleSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ServiceError('BAD_REQUEST', `the rule is not valid: ${issues.map((i) => (i.path ? `${i.path}: ` : '') + i.message).join('; ')}`, { issues });
  }
  const spec = parsed.data;
  await requirePipeline(deps, spec.pipeline.pipelineId);
  if (spec.pipeline.versionId) {
    const v = await requireVersion(deps, spec.pipeline.versionId);
    if (v.pipelineId !== spec.pipeline.pipelineId) throw new ServiceError('VERSION_NOT_IN_PIPELINE', `version ${v.id} is not a version of pipeline ${spec.pipeline.pipelineId}`);
  }
  return spec;
}

/** A rule of the caller's workspace (another workspace's is NOT_FOUND: ids do not leak). */
export async function requireRule(deps: Pick<ServiceDeps, 'db' | 'principal'>, id: string): Promise<RuleRow> {
  const [r] = await deps.db.select().from(routingRules).where(eq(routingRules.id, id));
  if (!r || r.workspaceId !== scopeOf(deps).workspaceId) throw new ServiceError('NOT_FOUND', `routing rule ${id} not found`);
  return r;
}

/** Header values of DICOMweb destinations (tokens) are not shown back; their names are. */
const REDACTED = '***';
function redacted(spec: RuleSpec): RuleSpec {
  return { ...spec, destinations: spec.destinations.map((d) => (d.kind === 'dicomweb' && d.headers ? { ...d, headers: Object.fromEntries(Object.keys(d.headers).map((k) => [k, REDACTED])) } : d)) };
}

/** An edit sends back `***` for header values it did not change: they keep the previous version's value (same URL, same header). */
function keepRedacted(spec: RuleSpec, previous: RuleSpec): RuleSpec {
  const destinations = spec.destinations.map((d) => {
    if (d.kind !== 'dicomweb' || !d.headers) return d;
    const before = previous.destinations.find((p) => p.kind === 'dicomweb' && p.url === d.url);
    const headers = Object.fromEntries(
      Object.entries(d.headers).map(([k, v]) => {
        if (v !== REDACTED) return [k, v];
        const kept = before?.kind === 'dicomweb' ? before.headers?.[k] : undefined;
        if (kept === undefined) throw new ServiceError('BAD_REQUEST', `header ${k} of ${d.url} has no previous value to keep: give its value`);
        return [k, kept];
      }),
    );
    return { ...d, headers };
  });
  return { ...spec, destinations };
}

async function insertVersion(tx: DbOrTx, ruleId: string, spec: RuleSpec, createdBy: string): Promise<RuleVersionRow> {
  const [{ last }] = await tx.select({ last: max(routingRuleVersions.version) }).from(routingRuleVersions).where(eq(routingRuleVersions.ruleId, ruleId));
  const [v] = await tx.insert(routingRuleVersions).values({ id: newId('rv'), ruleId, version: (last ?? 0) + 1, spec: sealHeaders(spec), createdBy }).returning();
  return v;
}

const nameOf = (name: string) => {
  const n = name.trim();
  if (!n || n.length > 200) throw new ServiceError('BAD_REQUEST', 'a rule name has 1 to 200 characters');
  return n;
};

export async function createRule(deps: ServiceDeps, args: { name: string; spec: unknown; enabled?: boolean }): Promise<{ id: string; versionId: string }> {
  const name = nameOf(args.name);
  const spec = await checkedSpec(deps, args.spec);
  const { workspaceId, ownerId } = scopeOf(deps);
  const id = newId('rr');
  return audited(
    deps,
    async (tx) => {
      await tx.insert(routingRules).values({ id, workspaceId, name, enabled: args.enabled ?? true, currentVersionId: 'pending', createdBy: ownerId });
      const v = await insertVersion(tx, id, spec, ownerId);
      await tx.update(routingRules).set({ currentVersionId: v.id }).where(eq(routingRules.id, id));
      return { id, versionId: v.id };
    },
    (r) => ({ action: 'routing.rule-created', objectType: 'routing-rule', objectId: r.id, details: { versionId: r.versionId, pipelineId: spec.pipeline.pipelineId, destinations: spec.destinations.length } }),
  );
}

/** An edit is a new immutable version; matches keep the version they were made under. */
export async function updateRule(deps: ServiceDeps, args: { id: string; name?: string; spec: unknown }): Promise<{ id: string; versionId: string; version: number }> {
  const rule = await requireRule(deps, args.id);
  const name = args.name === undefined ? rule.name : nameOf(args.name);
  const [current] = await deps.db.select({ spec: routingRuleVersions.spec }).from(routingRuleVersions).where(eq(routingRuleVersions.id, rule.currentVersionId));
  const spec = keepRedacted(await checkedSpec(deps, args.spec), current.spec);
  return audited(
    deps,
    async (tx) => {
      await tx.select({ id: routingRules.id }).from(routingRules).where(eq(routingRules.id, rule.id)).for('update');
      const v = await insertVersion(tx, rule.id, spec, scopeOf(deps).ownerId);
      await tx.update(routingRules).set({ currentVersionId: v.id, name }).where(eq(routingRules.id, rule.id));
      return { id: rule.id, versionId: v.id, version: v.version };
    },
    (r) => ({ action: 'routing.rule-changed', objectType: 'routing-rule', objectId: r.id, details: { versionId: r.versionId, version: r.version } }),
  );
}

export async function setRuleEnabled(deps: ServiceDeps, args: { id: string; enabled: boolean }): Promise<{ id: string; enabled: boolean }> {
  const rule = await requireRule(deps, args.id);
  return audited(
    deps,
    async (tx) => {
      await tx.update(routingRules).set({ enabled: args.enabled }).where(eq(routingRules.id, rule.id));
      return { id: rule.id, enabled: args.enabled };
    },
    (r) => ({ action: r.enabled ? 'routing.rule-enabled' : 'routing.rule-disabled', objectType: 'routing-rule', objectId: r.id }),
  );
}


export async function listRules(deps: ServiceDeps) {
  const rows = await deps.db
    .select({ r: routingRules, v: routingRuleVersions, pipelineName: pipelines.name })
    .from(routingRules)
    .innerJoin(routingRuleVersions, eq(routingRuleVersions.id, routingRules.currentVersionId))
    .leftJoin(pipelines, sql`${pipelines.id} = ${routingRuleVersions.spec}->'pipeline'->>'pipelineId'`)
    .where(eq(routingRules.workspaceId, scopeOf(deps).workspaceId))
    .orderBy(desc(routingRules.createdAt));
  return rows.map(({ r, v, pipelineName }) => ({ id: r.id, name: r.name, enabled: r.enabled, versionId: v.id, version: v.version, pipelineName, spec: redacted(v.spec), createdAt: r.createdAt.toISOString() }));
}

export async function listRuleVersions(deps: ServiceDeps, ruleId: string) {
  const rule = await requireRule(deps, ruleId);
  const rows = await deps.db.select().from(routingRuleVersions).where(and(eq(routingRuleVersions.ruleId, rule.id))).orderBy(desc(routingRuleVersions.version));
  return rows.map((v) => ({ id: v.id, version: v.version, spec: redacted(v.spec), createdBy: v.createdBy, createdAt: v.createdAt.toISOString(), current: v.id === rule.currentVersionId }));
}
