import type { Outputs } from '../../_lib/types';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { fmt, fmtSigned } from './metric-format';

export type ComparedCase = Outputs['evaluations']['compare']['cases'][number];

/** Cases, largest change in mean Dice first; a row selects the case for the side-by-side viewer. */
export function ChangedCases({ cases, selected, onSelect, limit = 20 }: { cases: ComparedCase[]; selected?: string; onSelect?: (c: ComparedCase) => void; limit?: number }) {
  return (
    <Table data-testid="changed-cases">
      <THead><TR><TH>Case</TH><TH className="text-right">Mean Dice a</TH><TH className="text-right">Mean Dice b</TH><TH className="text-right">b − a</TH></TR></THead>
      <TBody>
        {cases.slice(0, limit).map((c) => (
          <TR key={c.caseKey} data-testid={`changed-${c.caseKey}`} aria-selected={c.caseKey === selected}
            className={`${onSelect ? 'cursor-pointer' : ''} ${c.caseKey === selected ? 'bg-brand-50' : ''}`} onClick={onSelect ? () => onSelect(c) : undefined}>
            <TD className="font-mono text-xs">{c.caseKey}</TD>
            <TD className="text-right font-mono text-xs">{fmt(c.diceA)}</TD>
            <TD className="text-right font-mono text-xs">{fmt(c.diceB)}</TD>
            <TD className={`text-right font-mono text-xs ${(c.deltaDice ?? 0) < 0 ? 'text-red-700' : (c.deltaDice ?? 0) > 0 ? 'text-emerald-700' : ''}`}>{fmtSigned(c.deltaDice)}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
