import { TRPCError } from '@trpc/server';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallerFactory } from './trpc/init';
import { appRouter } from './trpc/root';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { toOnnxMetadataProps } from '../../domain/cards/onnx-props';
import { FULL_CARD } from '../../domain/cards/test-fixtures';
import type { Role } from '../../domain/auth/permissions';
import { decodeOnnxModel, onnx } from '../../runtimes/core/onnx-proto';
import { auditEvents } from '../../drizzle/schema';
import type { ServiceDeps } from '../../server/context';
import { mapError } from '../../server/errors';
import { registerModelBytes } from '../../server/models/service';
import { createTestServices, segmentationGraph, testPrincipal } from '../../server/test-fixtures';

/** The demo classifier with the card written into its metadata_props, as a training script would. */
function modelCarrying(card = FULL_CARD): Uint8Array {
  const model = decodeOnnxModel(buildTissueClassifier());
  model.metadataProps = toOnnxMetadataProps(card).map((p) => onnx.StringStringEntryProto.create(p));
  return onnx.ModelProto.encode(model).finish();
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => undefined, (err) => err);
  if (!(e instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${e}`);
  const mapped = mapError(e); // what the tRPC error formatter and HTTP handlers send
  return { trpc: mapped.trpc, client: mapped.client.code };
}

describe('model cards: prefilled, edited, audited, pinned at publish (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  const call = (role: Role) => createCallerFactory(appRouter)({ ...deps, principal: testPrincipal(role) });
  let sha256 = '';
  let pipelineId = '';
  beforeAll(async () => {
    deps = await createTestServices();
    ({ sha256 } = await registerModelBytes({ ...deps, principal: testPrincipal('engineer') }, { fileName: 'carded.onnx', bytes: modelCarrying() }));
    ({ id: pipelineId } = await call('engineer').pipelines.create({ name: 'Carded', graph: segmentationGraph({ sha256 }, 'Carded') }));
  });
  afterAll(async () => deps?.close());

  it('a model registered with card metadata_props gets that card, identical', async () => {
    const got = await call('clinician').models.card.get({ sha256 });
    expect(got).toMatchObject({ sha256, source: 'file' });
    expect(got.card).toEqual(FULL_CARD);
  });

  it('an engineer’s edit is saved and audited with the card’s hash; a clinician is refused FORBIDDEN and changes nothing', async () => {
    const edited = { ...FULL_CARD, knownLimits: 'Not validated on 3 T scanners.' };
    expect(await call('engineer').models.card.update({ sha256, card: edited })).toMatchObject({ source: 'workspace', card: edited });
    expect(await refusal(call('clinician').models.card.update({ sha256, card: FULL_CARD }))).toEqual({ trpc: 'FORBIDDEN', client: 'PERMISSION_DENIED' });
    expect(await refusal(call('clinician').pipelines.card.update({ id: pipelineId, card: { intendedUse: 'x', modality: [], trainingData: '', knownLimits: '' } }))).toEqual({ trpc: 'FORBIDDEN', client: 'PERMISSION_DENIED' });
    expect((await call('admin').models.card.get({ sha256 })).card.knownLimits).toBe('Not validated on 3 T scanners.');
    const events = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'model.card-changed'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ objectType: 'model', objectId: sha256, details: { source: 'workspace', cardSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // A card over the limits never reaches the service.
    expect(await refusal(call('engineer').models.card.update({ sha256, card: { ...FULL_CARD, intendedUse: 'x'.repeat(4001) } }))).toMatchObject({ trpc: 'BAD_REQUEST' });
  });

  it('publish pins the pipeline card, the model card and the history; later edits leave the pinned card alone', async () => {
    const eng = call('engineer');
    const pipelineCard = { intendedUse: 'Tissue classes of the head phantom.', modality: ['MR'], trainingData: 'synthetic', knownLimits: 'Phantoms only.', authors: ['QA team'] };
    await eng.pipelines.card.update({ id: pipelineId, card: pipelineCard });
    expect((await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'pipeline.card-changed'))).map((e) => e.objectId)).toEqual([pipelineId]);
    const v1 = await eng.versions.publish({ pipelineId, bump: 'major', notes: 'first' });
    const pinned = (await call('clinician').versions.card({ id: v1.id })).card!;
    expect(pinned).toMatchObject({ pipeline: { name: 'Carded', semver: '1.0.0', contentHash: v1.contentHash }, card: pipelineCard, history: [{ semver: '1.0.0', notes: 'first' }] });
    expect(pinned.models).toEqual([{ sha256, name: 'carded', card: { ...FULL_CARD, knownLimits: 'Not validated on 3 T scanners.' } }]);
    expect(pinned.evaluation).toBeUndefined();

    await eng.models.card.update({ sha256, card: null }); // back to the file's
    await eng.pipelines.card.update({ id: pipelineId, card: { ...pipelineCard, knownLimits: 'Changed later.' } });
    expect((await eng.versions.card({ id: v1.id })).card).toEqual(pinned);

    const graph = segmentationGraph({ sha256 }, 'Carded');
    graph.description = 'second';
    await eng.pipelines.saveDraft({ id: pipelineId, graph });
    const v2 = await eng.versions.publish({ pipelineId, bump: 'minor', notes: 'second' });
    const second = (await eng.versions.card({ id: v2.id })).card!;
    expect(second.card.knownLimits).toBe('Changed later.');
    expect(second.models[0].card).toEqual(FULL_CARD);
    expect(second.history.map((h) => [h.semver, h.notes])).toEqual([['1.1.0', 'second'], ['1.0.0', 'first']]);
    // The version rows themselves are unchanged by cards: the content hash is the graph's alone.
    expect((await eng.versions.get({ id: v1.id })).contentHash).toBe(v1.contentHash);
  });

  it('the database refuses to change or delete a pinned card', async () => {
    const attempt = (q: ReturnType<typeof sql>) => deps.db.execute(q).then(() => 'ok', (e) => String(e?.cause?.message ?? e?.message));
    expect(await attempt(sql`update version_cards set card = '{}'::jsonb`)).toMatch(/insert-only/);
    expect(await attempt(sql`delete from version_cards`)).toMatch(/insert-only/);
  });
});
