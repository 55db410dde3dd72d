import { postArgmax } from '../../../domain/nodes/post.argmax.node';
import { defineKernel } from '../../core/kernel';
import { asTensor, tensorToVolumeDims } from '../../core/tensor';
import type { LabelDef, LabelMapValue } from '../../core/values';
import { argmax } from '../ops/argmax';
import { labelName } from '../ops/labels';
import { inputOf } from './inputs';

/** Argmax over channel planes, possibly elsewhere than this thread (the server: a helper thread). */
export type Argmax = (data: Float32Array, channels: number) => Uint8Array | Uint16Array | Promise<Uint8Array | Uint16Array>;

export const argmaxKernelWith = (argmaxFn: Argmax) => defineKernel(postArgmax, async ({ params, inputs }) => {
  const t = asTensor(inputOf(inputs, 'tensor', 'tensor', 'volume'));
  const { channels, geometry } = tensorToVolumeDims(t);
  // One definition per class (named or "label N"), plus named values beyond the classes.
  const labels: LabelDef[] = Array.from({ length: channels }, (_, c) => params.labels.find((l) => l.value === c) ?? { value: c, name: labelName(c, []) });
  for (const l of params.labels) if (l.value >= channels) labels.push(l);
  const out: LabelMapValue = { type: 'label-map', geometry, data: await argmaxFn(t.data, channels), labels };
  return { labels: out };
});

export const kernel = argmaxKernelWith(argmax);
