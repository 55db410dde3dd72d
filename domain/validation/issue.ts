export type IssueSeverity = 'error' | 'warning';

export type IssueCode =
  | 'schema'
  | 'graph-too-large'
  | 'duplicate-id'
  | 'unknown-kind'
  | 'unknown-version'
  | 'bad-params'
  | 'cycle'
  | 'dangling-edge'
  | 'unknown-port'
  | 'unconnected-input'
  | 'multiple-sources'
  | 'incompatible-port'
  | 'shape-mismatch'
  | 'model-missing'
  | 'model-shape-mismatch'
  | 'no-input'
  | 'multiple-inputs'
  | 'no-output'
  | 'scan-mismatch'
  | 'model-contract'
  | 'duplicate-file-name';

export interface Issue {
  code: IssueCode;
  severity: IssueSeverity;
  message: string;
  nodeId?: string;
  portId?: string;
  edgeId?: string;
  /** Path inside the node's params (bad-params) or inside the graph document (schema). */
  path?: (string | number)[];
}

export const hasErrors = (issues: Issue[]) => issues.some((i) => i.severity === 'error');
