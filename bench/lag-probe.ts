/**
 * Event-loop lag on the main thread: a timer that should fire every `periodMs`; any extra
 * delay between two firings is time the loop was blocked. Only measured while `armed`.
 */
export function lagProbe(periodMs = 2) {
  let armed = false;
  let last = 0;
  let maxLagMs = 0;
  let samples = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (armed && last) {
      maxLagMs = Math.max(maxLagMs, now - last - periodMs);
      samples++;
    }
    last = now;
  }, periodMs);
  return {
    arm() {
      armed = true;
      last = performance.now();
    },
    disarm() {
      armed = false;
    },
    result: () => ({ maxLagMs: Math.max(0, maxLagMs), samples }),
    stop: () => clearInterval(timer),
  };
}
