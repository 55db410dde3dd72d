import { describe, expect, it } from 'vitest';
import { EMPTY_CARD } from '../../domain/cards/card';
import { FULL_CARD } from '../../domain/cards/test-fixtures';
import { cardToForm, formToCard, labelLine } from './card-form';

describe('card editor form', () => {
  it('round-trips a full card and the empty one through its text fields', () => {
    for (const card of [FULL_CARD, EMPTY_CARD]) expect(formToCard(cardToForm(card))).toEqual({ ok: true, card });
  });

  it('reads labels as `value name #rrggbb` lines and shapes as `a x b x c`', () => {
    expect(labelLine({ value: 7, name: 'Thalamus', color: [0, 118, 14] })).toBe('7 Thalamus #00760e');
    const form = { ...cardToForm(EMPTY_CARD), labels: '1 white matter #F5F5F5\n\n2 grey matter', shape: '64×64, 64', orientation: 'ras' };
    const r = formToCard(form);
    expect(r).toMatchObject({ ok: true, card: { labels: [{ value: 1, name: 'white matter', color: [245, 245, 245] }, { value: 2, name: 'grey matter' }], inputContract: { shape: [64, 64, 64], orientation: 'RAS' } } });
  });

  it('names the field of each problem, with the server’s limits', () => {
    const r = formToCard({ ...cardToForm(EMPTY_CARD), labels: 'white matter', spacingMm: '0', knownLimits: 'x'.repeat(4001) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['labels.0.value', 'inputContract.spacingMm.0', 'knownLimits']));
  });
});
