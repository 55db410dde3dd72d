import { Client, Connection, WorkflowFailedError } from '@temporalio/client';

// temporal.api.enums.v1 values (the proto package is not a dependency of ours): TaskQueueKind
// NORMAL, TaskQueueType ACTIVITY.
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_ACTIVITY = 2;
import { toRunError } from './errors';
import type { RunResult, StartArgs } from './contract';
import type { pipelineWorkflow } from './pipeline.workflow';

/** The Temporal client used by the app and the CLI: one workflow per run, workflowId = runId. */
export class PipelineClient {
  private constructor(
    private readonly client: Client,
    private readonly connection: Connection,
  ) {}

  static async connect(opts: { address: string; namespace?: string }): Promise<PipelineClient> {
    const connection = await Connection.connect({ address: opts.address });
    return new PipelineClient(new Client({ connection, namespace: opts.namespace ?? 'default' }), connection);
  }

  /** Workers polling `taskQueue` for activities now (Temporal's DescribeTaskQueue). */
  async activityPollers(taskQueue: string): Promise<number> {
    const r = await this.client.workflowService.describeTaskQueue({
      namespace: this.client.options.namespace,
      taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
    });
    return r.pollers?.length ?? 0;
  }

  async start(args: Omit<StartArgs, 'accelerator'> & { taskQueue: string; heartbeatTimeoutMs?: number; modelTaskQueue?: string }): Promise<void> {
    const { taskQueue, ...input } = args;
    await this.client.workflow.start<typeof pipelineWorkflow>('pipelineWorkflow', {
      taskQueue,
      workflowId: args.runId,
      args: [input],
      // A run id is used once: starting it again is a bug, not a retry.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  }

  /** Waits for the workflow; a failed or cancelled run resolves with its status and error. */
  async wait(runId: string): Promise<RunResult> {
    try {
      const res = await this.client.workflow.getHandle<typeof pipelineWorkflow>(runId).result();
      return { runId, status: 'succeeded', nodes: res.nodes, artifacts: res.artifacts, error: null };
    } catch (e) {
      const cancelled = e instanceof WorkflowFailedError && (e.cause as { name?: string } | undefined)?.name === 'CancelledFailure';
      const error = cancelled ? { code: 'CANCELLED', message: 'the run was cancelled' } : toRunError(unwrap(e));
      return { runId, status: cancelled ? 'cancelled' : 'failed', nodes: [], artifacts: [], error: { code: error.code, message: error.message } };
    }
  }

  async cancel(runId: string): Promise<void> {
    await this.client.workflow.getHandle(runId).cancel();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** WorkflowFailedError -> ActivityFailure -> ApplicationFailure(type = our error code). */
function unwrap(e: unknown): unknown {
  let cur = e as { cause?: unknown; type?: unknown } | undefined;
  while (cur?.cause && typeof cur.type !== 'string') cur = cur.cause as typeof cur;
  return cur ?? e;
}
