import { describe, expect, it } from 'vitest';
import { nodeSpecs } from '../../../domain/nodes/catalogue';
import { lookupKernel } from '../../core/registry';
import { imagingKernels } from './index';

describe('imaging kernel registry', () => {
  it('has one kernel per catalogue kind@version, and none the catalogue lacks', () => {
    const ref = (k: { kind: string; version: number }) => `${k.kind}@${k.version}`;
    expect(imagingKernels.map(ref).sort()).toEqual(nodeSpecs.map(ref).sort());
    for (const spec of nodeSpecs) expect(lookupKernel(spec.kind, spec.version)?.kind).toBe(spec.kind);
  });

  it('finds nothing for unknown kinds or versions', () => {
    expect(lookupKernel('pre.normalize', 2)).toBeUndefined();
    expect(lookupKernel('nope', 1)).toBeUndefined();
  });
});
