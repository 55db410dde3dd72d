import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdLease } from './heartbeat';
import type { RunLease } from './contract';

/** A lease port whose renewals answer as scripted (the database is fake; timers are too). */
function lease(renew: () => Promise<boolean>): RunLease & { calls: number } {
  const l = {
    owner: 'host:1:abcd0123',
    seconds: 3,
    calls: 0,
    renew: () => {
      l.calls++;
      return renew();
    },
    interrupt: async () => [],
    recorder: undefined as never,
  };
  return l;
}

describe('security: run lease heartbeat', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('renews every third of the lease and never gives up a lease it holds', async () => {
    const l = lease(async () => true);
    const onLost = vi.fn();
    const stop = holdLease(l, 'run_1', onLost);
    await vi.advanceTimersByTimeAsync(60_000);
    stop();
    expect(onLost).not.toHaveBeenCalled();
    expect(l.calls).toBe(1 + 60); // at once, then every second
  });

  it('database outage: failed renewals are retried; once the lease has run out the run is given up, once', async () => {
    let down = true;
    const l = lease(async () => (down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : true));
    const onLost = vi.fn();
    holdLease(l, 'run_1', onLost);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(onLost).not.toHaveBeenCalled(); // still within the lease: keep trying
    expect(l.calls).toBe(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(onLost.mock.calls[0][0]).toMatch(/could not be renewed for 3 s.*ECONNREFUSED/);
    down = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(l.calls).toBe(3); // stopped: this process no longer works on the run
  });

  it('a renewal that hangs (unreachable database) does not keep the lease alive', async () => {
    const l = lease(() => new Promise<boolean>(() => {}));
    const onLost = vi.fn();
    holdLease(l, 'run_1', onLost);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(l.calls).toBe(1);
  });

  it('a short outage (shorter than the lease) keeps the run', async () => {
    let down = false;
    const l = lease(async () => (down ? Promise.reject(new Error('down')) : true));
    const onLost = vi.fn();
    const stop = holdLease(l, 'run_1', onLost);
    await vi.advanceTimersByTimeAsync(1_000);
    down = true;
    await vi.advanceTimersByTimeAsync(1_900);
    down = false;
    await vi.advanceTimersByTimeAsync(10_000);
    stop();
    expect(onLost).not.toHaveBeenCalled();
  });

  it('a renewal that finds the run taken (swept by another process) gives the run up at once', async () => {
    const l = lease(async () => false);
    const onLost = vi.fn();
    holdLease(l, 'run_1', onLost);
    await vi.advanceTimersByTimeAsync(0);
    expect(onLost).toHaveBeenCalledWith('another process interrupted the run (its lease had expired)');
  });
});
