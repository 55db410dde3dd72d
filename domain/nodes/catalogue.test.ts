import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../errors';
import { catalogueDto, defaultParams, findSpec, latestSpec, nodeSpecs, upgradeNode } from './catalogue';
import { makeRegistry } from './registry';
import { defineNode } from './spec';

const dir = fileURLToPath(new URL('.', import.meta.url));

describe('node catalogue', () => {
  it('has one spec file per kind, named after the kind', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.node.ts')).map((f) => f.replace(/\.node\.ts$/, ''));
    expect(nodeSpecs.map((s) => s.kind).sort()).toEqual(files.sort());
    expect(new Set(nodeSpecs.map((s) => `${s.kind}@${s.version}`)).size).toBe(nodeSpecs.length);
  });

  it('every spec declares its cost model; input nodes the scan format they read', () => {
    for (const spec of nodeSpecs) {
      expect(spec.cost, spec.kind).toBeDefined();
      expect(!!spec.reads, spec.kind).toBe(spec.category === 'input');
    }
  });

  it('parses defaults for every spec (model.onnx needs its model)', () => {
    for (const spec of nodeSpecs) {
      const params = spec.kind === 'model.onnx' ? { model: { file: 'm.onnx' } } : {};
      expect(spec.params.safeParse(params).success, spec.kind).toBe(true);
    }
    expect(findSpec('pre.normalize', 1).params.parse({})).toEqual({ method: 'min-max', windowCenter: 40, windowWidth: 400, nonzeroOnly: false });
    expect(findSpec('pre.crop-pad', 1).params.parse({})).toEqual({ size: [256, 256, 256], offset: [0, 0, 0], center: false, padValue: 0 });
    expect(findSpec('output.overlay-png', 1).params.parse({})).toEqual({ slice: null, opacity: 0.5, fileName: 'overlay.png' });
  });

  it('rejects bad params: unknown keys, tile overlap >= size, file names with directories', () => {
    expect(findSpec('pre.normalize', 1).params.safeParse({ methd: 'z-score' }).success).toBe(false);
    expect(findSpec('pre.tile', 1).params.safeParse({ size: 64, overlap: 64 }).success).toBe(false);
    expect(findSpec('output.report-json', 1).params.safeParse({ fileName: '../x.json' }).success).toBe(false);
  });

  it('defaultParams fills defaults and leaves out required fields without one', () => {
    expect(defaultParams(findSpec('pre.tile', 1))).toEqual({ size: 64, overlap: 0, padValue: 0 });
    expect(defaultParams(findSpec('model.onnx', 1))).toEqual({ batchSize: 1 });
  });

  it('catalogueDto is plain JSON with JSON Schema params, units and descriptions', () => {
    const dto = catalogueDto();
    expect(JSON.parse(JSON.stringify(dto))).toEqual(dto);
    const crop = dto.find((d) => d.kind === 'pre.crop-pad')!;
    const size = (crop.paramsSchema as { properties: Record<string, { unit?: string; default?: unknown }> }).properties.size;
    expect(size.unit).toBe('voxels');
    expect(size.default).toEqual([256, 256, 256]);
    expect(dto.find((d) => d.kind === 'model.onnx')!.paramsSchema).toMatchObject({ required: ['model'] });
  });

  it('throws typed errors listing known versions', () => {
    expect(() => findSpec('nope', 1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_NODE_KIND' }));
    try {
      findSpec('pre.tile', 9);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('UNKNOWN_NODE_VERSION');
      expect((e as DomainError).message).toContain('known versions: 1');
    }
    expect(latestSpec('post.argmax').version).toBe(1);
    expect(() => latestSpec('nope')).toThrow(DomainError);
  });

  it('upgradeNode applies the upgrade chain to the latest version', () => {
    const base = { kind: 'x', title: 'x', category: 'preprocess' as const, description: '', inputs: [], outputs: [], targets: [], costWeight: 1 };
    const registry = makeRegistry([
      defineNode({ ...base, version: 1, params: z.object({ w: z.number() }) }),
      defineNode({ ...base, version: 2, params: z.object({ width: z.number() }), upgradeFrom: ({ w }) => ({ width: w }) }),
      defineNode({ ...base, version: 3, params: z.object({ widthMm: z.number() }), upgradeFrom: ({ width }) => ({ widthMm: width }) }),
    ]);
    const node = { id: 'n', kind: 'x', version: 1, params: { w: 5 } };
    expect(registry.upgradeNode(node)).toEqual({ id: 'n', kind: 'x', version: 3, params: { widthMm: 5 } });
    expect(node.params).toEqual({ w: 5 });
    expect(() => registry.upgradeNode({ ...node, version: 4 })).toThrow(expect.objectContaining({ code: 'UNKNOWN_NODE_VERSION' }));
    const current = { id: 'a', kind: 'pre.tile', version: 1, params: {} };
    expect(upgradeNode(current)).toBe(current);
  });
});
