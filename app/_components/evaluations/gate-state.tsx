import type { CriterionResult, GateState } from '../../../domain/evaluation/types';
import { HIGHER_IS_BETTER } from '../../../domain/evaluation/metrics';
import { Badge } from '../ui/badge';
import { fmt, METRIC_LABEL } from './metric-format';

const LOOK: Record<GateState, { tone: 'info' | 'success' | 'danger' | 'warning'; text: string }> = {
  evaluating: { tone: 'info', text: 'evaluating against criteria' },
  passed: { tone: 'success', text: 'passed criteria' },
  refused: { tone: 'danger', text: 'refused' },
  overridden: { tone: 'warning', text: 'published over failed criteria' },
};

const describe = (r: CriterionResult) => `label ${r.label} ${METRIC_LABEL[r.metric]} ${r.statistic} ${fmt(r.value)} (needs ${HIGHER_IS_BETTER[r.metric] ? '≥' : '≤'} ${Number(r.threshold.toFixed(4))})`;

/** A version's acceptance gate: its state and, when refused or overridden, the failing criteria (and the override's reason). */
export function GateStateView({ gate }: { gate: { state: GateState; results: CriterionResult[]; overrideReason: string | null } }) {
  const l = LOOK[gate.state];
  const failing = gate.results.filter((r) => !r.passed);
  return (
    <div className="mt-1 flex flex-col gap-1" data-testid="gate-state" data-state={gate.state}>
      <Badge tone={l.tone} className={gate.state === 'overridden' ? 'bg-amber-100 text-amber-900 ring-amber-400' : undefined}>{l.text}</Badge>
      {(gate.state === 'refused' || gate.state === 'overridden') && failing.length ? (
        <ul className={`text-[11px] ${gate.state === 'refused' ? 'text-red-700' : 'text-amber-800'}`} data-testid="gate-failing">
          {failing.map((r, i) => <li key={i}>{describe(r)}</li>)}
        </ul>
      ) : null}
      {gate.overrideReason ? <p className="text-[11px] text-amber-800">Override: {gate.overrideReason}</p> : null}
    </div>
  );
}
