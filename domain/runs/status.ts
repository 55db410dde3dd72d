import { z } from 'zod';

/**
 * The statuses of a run and of its nodes, defined once: the database check constraints, the
 * run contract, the OpenAPI DTOs, the browser-run report and the status pills all read these.
 * A run waits `queued`; a node waits `pending`. The last three are terminal for both.
 */
export const FINISHED_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;
export const RUN_STATUSES = ['queued', 'running', ...FINISHED_STATUSES] as const;
export const NODE_STATUSES = ['pending', 'running', ...FINISHED_STATUSES] as const;
/** Runs that still hold a place in the queue or a worker. */
export const ACTIVE_RUN_STATUSES = ['queued', 'running'] as const satisfies readonly RunStatus[];

export type FinishedStatus = (typeof FINISHED_STATUSES)[number];
export type RunStatus = (typeof RUN_STATUSES)[number];
export type NodeStatus = (typeof NODE_STATUSES)[number];

export const RunStatusSchema = z.enum(RUN_STATUSES);
export const NodeStatusSchema = z.enum(NODE_STATUSES);
export const FinishedStatusSchema = z.enum(FINISHED_STATUSES);

const finished: ReadonlySet<string> = new Set(FINISHED_STATUSES);
/** True for a terminal status of a run or a node (accepts any string: rows and DTOs carry text). */
export const isFinished = (status: string): status is FinishedStatus => finished.has(status);
