import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no inter-process locking and two processes on one data directory corrupt it
 * (REAL-PARTS.md). A pid file makes the second opener fail loudly instead: a stale file left by
 * a dead process is taken over. Same-process re-opens (Next dev reloads) are allowed.
 */
export class DatabaseLockedError extends Error {
  readonly code = 'DATABASE_LOCKED';
  constructor(readonly dir: string, readonly pid: number) {
    super(
      `the embedded database ${dir} is in use by process ${pid}; stop that process, ` +
        `or point every process at one PostgreSQL server with DATABASE_URL`,
    );
    this.name = 'DatabaseLockedError';
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Take the lock on `dir`; returns a release function. */
export function lockPgliteDir(dir: string): () => void {
  const file = path.join(dir, '.studio-owner.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (owner === process.pid) return () => rmSync(file, { force: true });
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) throw new DatabaseLockedError(dir, owner);
      rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new DatabaseLockedError(dir, -1);
}
