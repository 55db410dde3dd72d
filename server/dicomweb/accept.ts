import { ServiceError } from '../errors';

/**
 * The Accept header of a DICOMweb request (PS3.18 8.7.3): media ranges with their `type` and
 * `transfer-syntax` parameters, best first (q=0 ranges dropped). An absent header is `*\/*`.
 */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

export function parseAccept(header: string | null): MediaRange[] {
  if (!header?.trim()) return [{ type: '*/*', params: {}, q: 1 }];
  const ranges: MediaRange[] = [];
  // Split on commas outside quotes (a quoted type parameter never holds one, but be safe).
  for (const raw of header.slice(0, 4096).match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    const [type, ...rest] = raw.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
    }
    const q = params.q === undefined ? 1 : Number(params.q);
    if (type && q > 0) ranges.push({ type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 1 });
  }
  return ranges.sort((a, b) => b.q - a.q);
}

/** 406 with what the resource can be: the one refusal of every DICOMweb route. */
export function notAcceptable(what: string, offered: string[]): ServiceError {
  return new ServiceError('NOT_ACCEPTABLE', `${what} can be returned as ${offered.join(' or ')}, which the Accept header does not allow`, { offered });
}

const matches = (range: string, type: string) => range === '*/*' || range === type || (range.endsWith('/*') && type.startsWith(range.slice(0, -1)));

/** The first of `offered` (single-part types) the ranges accept, or a 406. */
export function chooseType(ranges: MediaRange[], offered: string[], what: string): string {
  for (const r of ranges) {
    const hit = offered.find((t) => matches(r.type, t));
    if (hit) return hit;
  }
  throw notAcceptable(what, offered);
}

/**
 * A multipart/related range whose part type is one of `partTypes` (a missing `type` parameter
 * means the first), or `*\/*`: the part type chosen and the transfer syntaxes asked for
 * ('*' = as stored; undefined = the default of that type).
 */
export function chooseMultipart(ranges: MediaRange[], partTypes: string[], what: string): { partType: string; transferSyntax?: string } {
  for (const r of ranges) {
    if (r.type === '*/*') return { partType: partTypes[0], transferSyntax: '*' };
    if (r.type !== 'multipart/related' && r.type !== 'multipart/*') continue;
    const partType = (r.params.type ?? partTypes[0]).toLowerCase();
    const hit = partTypes.find((t) => matches(partType, t));
    if (hit) return { partType: hit, transferSyntax: r.params['transfer-syntax'] };
  }
  throw notAcceptable(what, partTypes.map((t) => `multipart/related; type="${t}"`));
}
