import { readFile } from 'node:fs/promises';
import { CliError } from './output';

/**
 * Reads a pipeline file (the studio's export format) as plain JSON. Schema problems are left
 * to the validator (it reports them as issues with node ids); only unreadable files fail here.
 */
export async function readPipelineFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError('FILE_NOT_FOUND', `cannot read pipeline file ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError('PIPELINE_UNREADABLE', `${file} is not JSON: ${(e as Error).message}`);
  }
}

/**
 * Applies `--set nodeId.param=value` overrides (value is JSON; a bare word is taken as a
 * string, so `--set norm.method=z-score` works). `param` may be a dotted path into nested
 * params. Returns a new document; the input is not modified.
 */
export function applyOverrides(doc: unknown, sets: string[]): unknown {
  if (!sets.length) return doc;
  const copy = structuredClone(doc) as { nodes?: { id?: unknown; params?: Record<string, unknown> }[] };
  for (const set of sets) {
    const m = /^([^.=]+)\.([^=]+)=(.*)$/s.exec(set);
    if (!m) throw new CliError('BAD_ARGUMENTS', `--set ${set}: expected nodeId.param=value`);
    const [, nodeId, paramPath, raw] = m;
    const node = Array.isArray(copy.nodes) ? copy.nodes.find((n) => n?.id === nodeId) : undefined;
    if (!node) throw new CliError('BAD_ARGUMENTS', `--set ${set}: the pipeline has no node "${nodeId}"`);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    const keys = paramPath.split('.');
    let target = (node.params ??= {});
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      target = target[key] = next && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
    }
    target[keys[keys.length - 1]] = value;
  }
  return copy;
}
