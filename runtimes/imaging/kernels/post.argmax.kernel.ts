import { postArgmax } from '../../../domain/nodes/post.argmax.node';
import { defineKernel } from '../../core/kernel';
import { asTensor, tensorToVolumeDims } from '../../core/tensor';
import type { LabelDef, LabelMapValue } from '../../core/values';
import { argmax } from '../ops/argmax';
import { labelName } from '../ops/labels';
import { inputOf } from './inputs';

export const kernel = defineKernel(postArgmax, async ({ params, inputs }) => {
  const t = asTensor(inputOf(inputs, 'tensor', 'tensor', 'volume'));
  const { channels, geometry } = tensorToVolumeDims(t);
  // One definition per class (named or "label N"), plus named values beyond the classes.
  const labels: LabelDef[] = Array.from({ length: channels }, (_, c) => params.labels.find((l) => l.value === c) ?? { value: c, name: labelName(c, []) });
  for (const l of params.labels) if (l.value >= channels) labels.push(l);
  const out: LabelMapValue = { type: 'label-map', geometry, data: argmax(t.data, channels), labels };
  return { labels: out };
});
