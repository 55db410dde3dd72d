import { describe, expect, it } from 'vitest';
import { labelNamesFromGraph } from './label-names';

describe('labelNamesFromGraph', () => {
  it('reads argmax label lists and threshold names', () => {
    const m = labelNamesFromGraph({
      schema: 'studio.pipeline/v1',
      name: 'x',
      description: '',
      edges: [],
      nodes: [
        { id: 'a', kind: 'post.argmax', version: 1, params: { labels: [{ value: 1, name: 'white matter', color: [1, 2, 3] }, { value: 2, name: 'grey' }] } },
        { id: 't', kind: 'post.threshold', version: 1, params: { label: 5, name: 'lesion', channel: 0 } },
      ],
    });
    expect(m.get(1)).toEqual({ name: 'white matter', color: [1, 2, 3] });
    expect(m.get(2)).toEqual({ name: 'grey', color: undefined });
    expect(m.get(5)).toEqual({ name: 'lesion' });
  });
});
