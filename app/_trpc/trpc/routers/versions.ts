import { z } from 'zod';
import { ALL_TARGETS, type Target } from '../../../../domain/nodes/spec';
import { listVersionDtos, requireVersion, versionDetailDto, versionDto } from '../../../../server/versions/service';
import { OVERRIDE_REASON_MAX, overrideGate, publishGated } from '../../../../server/evaluations/gate';
import { nudgeEvaluationDriver } from '../../../../server/evaluations/driver';
import { diffVersions } from '../../../../server/versions/diff';
import { ROLLBACK_REASON_MAX, rollbackVersion } from '../../../../server/versions/rollback';
import { VersionDto, VersionListItemDto } from '../../openapi-dto';
import { getVersionCardDto } from '../../../../server/cards/service';
import { authed, router } from '../init';

export const versionsRouter = router({
  /** Newest first, `active` marks the pipeline's active version. */
  list: authed('version.read')
    .meta({ openapi: { method: 'GET', path: '/pipelines/{pipelineId}/versions', tags: ['pipelines'], summary: 'Versions of a pipeline, newest first, the active one marked' } })
    .input(z.object({ pipelineId: z.string().min(1) }))
    .output(z.array(VersionListItemDto))
    .query(({ ctx, input }) => listVersionDtos(ctx, input.pipelineId)),
  /** Make another version of the pipeline active; audited with from/to/reason. VERSION_NOT_IN_PIPELINE, CONFLICT (already active). */
  rollback: authed('version.rollback')
    .input(z.object({ pipelineId: z.string().min(1), versionId: z.string().min(1), reason: z.string().trim().min(1, 'a rollback needs a reason').max(ROLLBACK_REASON_MAX) }))
    .mutation(({ ctx, input }) => rollbackVersion(ctx, input)),
  /** Graph, model and pin changes from one version to another, with both graphs. */
  diff: authed('version.read').input(z.object({ fromId: z.string().min(1), toId: z.string().min(1) })).query(({ ctx, input }) => diffVersions(ctx, input)),
  get: authed('version.read')
    .meta({ openapi: { method: 'GET', path: '/versions/{id}', tags: ['pipelines'], summary: 'A pinned pipeline version (immutable graph)' } })
    .input(z.object({ id: z.string().min(1) }))
    .output(VersionDto)
    .query(async ({ ctx, input }) => versionDto(await requireVersion(ctx, input.id))),
  /** The card pinned when the version was published (null: published before cards existed); frozen. */
  card: authed('version.read').input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => getVersionCardDto(ctx, input.id)),
  /**
   * Refuses with PIPELINE_INVALID (details.issues), TARGET_UNSUPPORTED (details.offences) or VERSION_EXISTS (details.versionId, semver).
   * Under acceptance criteria: `{id, semver, gate: {state, results}}`, or PUBLISH_REFUSED (details.failing) when reused evaluations fail them.
   */
  publish: authed('version.publish')
    .input(
      z.object({
        pipelineId: z.string().min(1),
        bump: z.enum(['major', 'minor', 'patch']),
        notes: z.string().max(4000).default(''),
        /** Runtimes this version must run on; an operator one lacks refuses with TARGET_UNSUPPORTED. */
        targets: z.array(z.enum(ALL_TARGETS as [Target, ...Target[]])).min(1).default(['server-cpu']),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const published = await publishGated(ctx, input);
      if (published.gate) nudgeEvaluationDriver();
      return published;
    }),
  /** An admin makes a version refused by its acceptance criteria active anyway; the reason is required and audited. */
  override: authed('version.override')
    .input(z.object({ versionId: z.string().min(1), reason: z.string().trim().min(1, 'an override needs a reason').max(OVERRIDE_REASON_MAX) }))
    .mutation(({ ctx, input }) => overrideGate(ctx, input)),
  /** The version with its acceptance gate (state, results, override reason) and `publishedOverFailedCriteria`. */
  detail: authed('version.read')
    .input(z.object({ id: z.string().min(1) }))
    .query(async ({ ctx, input }) => versionDetailDto(ctx, await requireVersion(ctx, input.id))),
});
