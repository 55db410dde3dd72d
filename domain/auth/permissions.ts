/**
 * Who may do what. Pure: the server checks every procedure against this table (tRPC
 * middleware, app/_trpc/trpc/init.ts), the UI only hides what it would refuse anyway.
 *
 * Roles are per workspace. A clinician runs published versions and sees their own results; an
 * engineer builds (models, pipelines, publish, rollback, export/import); an admin also manages
 * members, budgets, the rate card, API keys, webhooks, de-identification and reads the audit log.
 * API keys carry an explicit subset of actions (their scopes), never more than `KEY_ACTIONS`.
 */
export const ROLES = ['clinician', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'catalogue.read',
  'model.read',
  'model.register',
  'scan.read',
  'scan.upload',
  'pipeline.read',
  'pipeline.edit',
  'version.read',
  'version.publish',
  'version.rollback',
  'version.export',
  'version.import',
  'run.start',
  /** Own runs for clinicians; all runs of the workspace for engineers and admins (`run.read.all`). */
  'run.read',
  'run.read.all',
  'cost.read',
  'cost.estimate',
  'ratecard.manage',
  'budget.manage',
  'member.manage',
  'key.manage',
  'webhook.manage',
  /** De-identification settings of incoming DICOM, and re-identification where the workspace opted in. */
  'deid.manage',
  'audit.read',
  /** Routing rules, matched series and deliveries: everyone reads, engineers and admins edit. */
  'routing.read',
  'routing.manage',
  /** Labelled datasets: everyone in the workspace reads, engineers and admins create and upload versions. */
  'dataset.read',
  'dataset.manage',
  /** Run a version over a labelled dataset, edit a pipeline's acceptance criteria (engineers, admins). */
  'evaluation.start',
  /** Make a version that failed its acceptance criteria active anyway, with a reason (admins only). */
  'version.override',
] as const;
export type Action = (typeof ACTIONS)[number];

const CLINICIAN: readonly Action[] = [
  'catalogue.read',
  'model.read',
  'scan.read',
  'scan.upload',
  'pipeline.read',
  'version.read',
  'run.start',
  'run.read',
  'cost.estimate',
  'routing.read',
  'dataset.read',
];
const ENGINEER: readonly Action[] = [
  ...CLINICIAN,
  'model.register',
  'pipeline.edit',
  'version.publish',
  'version.rollback',
  'version.export',
  'version.import',
  'run.read.all',
  'cost.read',
  'routing.manage',
  'dataset.manage',
  'evaluation.start',
];
const ADMIN: readonly Action[] = ACTIONS;

export const ROLE_ACTIONS: Record<Role, ReadonlySet<Action>> = {
  clinician: new Set(CLINICIAN),
  engineer: new Set(ENGINEER),
  admin: new Set(ADMIN),
};

/** What an integrator key may be granted (no administration through keys). */
export const KEY_ACTIONS: readonly Action[] = [...CLINICIAN, 'run.read.all'];

export type Principal =
  | { kind: 'user'; userId: string; email: string; workspaceId: string; role: Role }
  | { kind: 'key'; keyId: string; workspaceId: string; actions: readonly Action[]; createdBy: string }
  /** The CLI and executors on this host: not reachable over HTTP. */
  | { kind: 'system'; id: string; workspaceId: string };

export function roleCan(role: Role, action: Action): boolean {
  return ROLE_ACTIONS[role].has(action);
}

export function principalCan(p: Principal, action: Action): boolean {
  switch (p.kind) {
    case 'system':
      return true;
    case 'user':
      return roleCan(p.role, action);
    case 'key':
      return p.actions.includes(action) && KEY_ACTIONS.includes(action);
  }
}

/** The id that owns what a principal creates (runs, uploads) and that audit events name. */
export function principalId(p: Principal): string {
  return p.kind === 'user' ? p.userId : p.kind === 'key' ? `key:${p.keyId}` : p.id;
}

export const DEFAULT_WORKSPACE_ID = 'ws_default';
