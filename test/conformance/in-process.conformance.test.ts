import { afterAll, describe } from 'vitest';
import { createServerRuntime } from '../../runtimes/server';
import { expectConforms, expectSoundReference } from './compare';
import { eachCase, inProcessReference } from './suite';

/**
 * The reference target: interpretGraph + kernels on the onnxruntime-node server runtime. Its
 * outcome must be sound (label counts equal the written voxels, the corpus's known counts) and
 * reproducible (a second run gives the same files and model outputs): the other targets'
 * tests recompute it and compare against it.
 */
const server = createServerRuntime({ intraOpNumThreads: 2 });
afterAll(() => server.dispose());

describe('conformance: in-process (interpretGraph + onnxruntime-node)', () => {
  eachCase(async (c) => {
    const ref = await inProcessReference(c, server);
    expectSoundReference(c, ref);
    expectConforms(c, ref, await inProcessReference(c, server), { target: 'in-process, second run', sameBytes: true });
  });
});
