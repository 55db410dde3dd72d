import type { Issue } from './issue';
import type { ResolvedNode } from './resolve';

/**
 * Two outputs of one run writing the same file name would overwrite each other in the run's
 * folder (and in the downloads list). Names are compared case-insensitively because the files
 * are downloaded to case-insensitive file systems too. Every node involved gets the issue.
 */
export function duplicateFileNames(resolved: Map<string, ResolvedNode>): Issue[] {
  const byName = new Map<string, ResolvedNode[]>();
  for (const r of resolved.values()) {
    if (r.spec.category !== 'output') continue;
    const name = (r.params as { fileName?: unknown } | undefined)?.fileName;
    if (typeof name !== 'string') continue;
    const key = name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), r]);
  }
  const issues: Issue[] = [];
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      const others = group.filter((o) => o !== r).map((o) => `"${o.node.id}"`).join(', ');
      const name = (r.params as { fileName: string }).fileName;
      issues.push({
        code: 'duplicate-file-name',
        severity: 'error',
        nodeId: r.node.id,
        path: ['fileName'],
        message: `file name "${name}" is also written by ${others}; give each output its own file name`,
      });
    }
  }
  return issues;
}
