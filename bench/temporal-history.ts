// Where a Temporal run's time goes, read from its workflow history (server clock): per node
// activity, the wait from being scheduled to being picked up by a worker, the activity's own
// time on the worker, and the workflow-task turnaround from one activity's completion to the
// next activity being scheduled. Medians over every node of the runs given.
import { Client, Connection } from '@temporalio/client';

type Ts = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;
const ms = (t: Ts) => (t ? Number(typeof t.seconds === 'number' ? t.seconds : (t.seconds?.toNumber() ?? 0)) * 1000 + (t.nanos ?? 0) / 1e6 : NaN);
const r1 = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function historyBreakdown(address: string, namespace: string, runIds: string[]) {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    const toStart: number[] = [];
    const onWorker: number[] = [];
    const turnaround: number[] = [];
    const perRun: number[] = [];
    for (const id of runIds) {
      const events = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
      const scheduled = new Map<number, { t: number; type: string }>();
      const started = new Map<number, number>();
      let lastNodeDone: number | undefined;
      for (const e of events) {
        const t = ms(e.eventTime as Ts);
        const id = Number(e.eventId);
        if (e.activityTaskScheduledEventAttributes) {
          const type = e.activityTaskScheduledEventAttributes.activityType?.name ?? '';
          scheduled.set(id, { t, type });
          if ((type === 'runNode' || type === 'runChain') && lastNodeDone !== undefined) turnaround.push(t - lastNodeDone);
        } else if (e.activityTaskStartedEventAttributes) {
          const s = scheduled.get(Number(e.activityTaskStartedEventAttributes.scheduledEventId));
          started.set(Number(e.activityTaskStartedEventAttributes.scheduledEventId), t);
          if (s && s.type !== 'markRun') toStart.push(t - s.t);
        } else if (e.activityTaskCompletedEventAttributes) {
          const sid = Number(e.activityTaskCompletedEventAttributes.scheduledEventId);
          if ((scheduled.get(sid)?.type ?? 'markRun') !== 'markRun') {
            onWorker.push(t - (started.get(sid) ?? NaN));
            lastNodeDone = t;
          }
        }
      }
      const first = ms(events[0]?.eventTime as Ts);
      const last = ms(events.at(-1)?.eventTime as Ts);
      perRun.push(last - first);
    }
    return {
      activities: onWorker.length,
      medianMs: {
        scheduledToStarted: r1(median(toStart)),
        activityOnWorker: r1(median(onWorker)),
        completedToNextScheduled: r1(median(turnaround)),
        workflowStartToClose: r1(median(perRun)),
      },
    };
  } finally {
    await connection.close();
  }
}
