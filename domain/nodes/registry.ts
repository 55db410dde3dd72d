import { DomainError } from '../errors';
import type { NodeSpec } from './spec';

/** A spec of any params type (the catalogue is heterogeneous). */
export type AnyNodeSpec = NodeSpec<any>;

export type SpecLookup =
  | { ok: true; spec: AnyNodeSpec }
  | { ok: false; code: 'unknown-kind' | 'unknown-version'; message: string; knownVersions: number[] };

/**
 * Lookup and upgrade over a list of specs. Built as a factory so the upgrade chain can be
 * tested with specs that do not ship; `catalogue.ts` instantiates it with the real ones.
 */
export function makeRegistry(specs: AnyNodeSpec[]) {
  const byKind = new Map<string, AnyNodeSpec[]>();
  for (const s of specs) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s].sort((a, b) => a.version - b.version));

  /** Non-throwing lookup for the validator (user mistakes are issues, not exceptions). */
  function lookupSpec(kind: string, version: number): SpecLookup {
    const versions = byKind.get(kind);
    if (!versions) return { ok: false, code: 'unknown-kind', message: `unknown node kind "${kind}"`, knownVersions: [] };
    const spec = versions.find((s) => s.version === version);
    if (spec) return { ok: true, spec };
    const knownVersions = versions.map((s) => s.version);
    return {
      ok: false,
      code: 'unknown-version',
      message: `${kind}@${version} is not a known version; known versions: ${knownVersions.join(', ')}`,
      knownVersions,
    };
  }

  function findSpec(kind: string, version: number): AnyNodeSpec {
    const r = lookupSpec(kind, version);
    if (r.ok) return r.spec;
    const code = r.code === 'unknown-kind' ? 'UNKNOWN_NODE_KIND' : 'UNKNOWN_NODE_VERSION';
    throw new DomainError(code, r.message, { kind, version, knownVersions: r.knownVersions });
  }

  function latestSpec(kind: string): AnyNodeSpec {
    const versions = byKind.get(kind);
    if (!versions) throw new DomainError('UNKNOWN_NODE_KIND', `unknown node kind "${kind}"`, { kind });
    return versions[versions.length - 1];
  }

  /**
   * Brings a node to the latest version of its kind by applying each later version's
   * `upgradeFrom` in order (a version without one kept the meaning of its params). Pure:
   * returns a new node; throws on an unknown kind or version.
   */
  function upgradeNode<N extends { kind: string; version: number; params: Record<string, unknown> }>(node: N): N {
    findSpec(node.kind, node.version);
    const later = byKind.get(node.kind)!.filter((s) => s.version > node.version);
    if (later.length === 0) return node;
    const params = later.reduce((p, s) => (s.upgradeFrom ? s.upgradeFrom(p) : p), node.params);
    return { ...node, version: later[later.length - 1].version, params };
  }

  return { lookupSpec, findSpec, latestSpec, upgradeNode };
}
