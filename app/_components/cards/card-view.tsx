import type { ModelCard } from '../../../domain/cards/card';
import { labelLine } from '../../_lib/card-form';

/** One read-only section of a card: heading and text, left out when empty. */
export function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <h4 className="mb-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{title}</h4>
      <div className="text-sm whitespace-pre-wrap text-slate-700">{children}</div>
    </section>
  );
}

const rgb = (c: [number, number, number]) => `rgb(${c.join(' ')})`;

/** A model card as a document: intended use, input contract, labels (with colours), data, limits, provenance. */
export function ModelCardView({ card }: { card: Partial<ModelCard> }) {
  const ic = card.inputContract ?? {};
  const contract: [string, string | undefined][] = [
    ['Shape', ic.shape?.join(' x ')],
    ['Axis order', ic.axisOrder],
    ['Orientation', ic.orientation],
    ['Spacing', ic.spacingMm && `${ic.spacingMm.join(' x ')} mm`],
    ['Element type', ic.dtype],
    ['Channels', ic.channels?.toString()],
    ['Value range', ic.valueRange?.join(' to ')],
    ['Intensity', ic.intensity],
  ];
  const shown = contract.filter(([, v]) => v);
  return (
    <div className="flex flex-col gap-3">
      {card.intendedUse ? <Section title="Intended use">{card.intendedUse}</Section> : null}
      {card.modality?.length ? <Section title="Modality">{card.modality.join(', ')}</Section> : null}
      {shown.length ? (
        <Section title="Input contract">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs whitespace-normal">
            {shown.map(([k, v]) => <div key={k} className="contents"><dt className="text-slate-500">{k}</dt><dd className="break-words">{v}</dd></div>)}
          </dl>
        </Section>
      ) : null}
      {card.labels?.length ? (
        <Section title={`Labels (${card.labels.length})`}>
          <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs whitespace-normal">
            {card.labels.map((l) => (
              <li key={l.value} className="flex items-center gap-1" title={labelLine(l)}>
                <span className="inline-block h-2.5 w-2.5 rounded-sm ring-1 ring-slate-300" style={{ background: l.color ? rgb(l.color) : 'transparent' }} />
                <span className="font-mono text-slate-500">{l.value}</span> {l.name}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {card.trainingData ? <Section title="Training data">{card.trainingData}</Section> : null}
      {card.knownLimits ? <Section title="Known limits">{card.knownLimits}</Section> : null}
      {card.references?.length ? <Section title="References">{card.references.join('\n')}</Section> : null}
      {card.authors?.length ? <Section title="Authors">{card.authors.join(', ')}</Section> : null}
      {card.license ? <Section title="Licence">{card.license}</Section> : null}
    </div>
  );
}
