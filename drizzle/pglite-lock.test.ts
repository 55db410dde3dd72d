import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DatabaseLockedError, lockPgliteDir } from './pglite-lock';

describe('PGlite directory lock', () => {
  it('refuses a directory owned by another live process and names it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    writeFileSync(path.join(dir, '.studio-owner.pid'), String(process.ppid));
    expect(() => lockPgliteDir(dir)).toThrow(DatabaseLockedError);
    expect(() => lockPgliteDir(dir)).toThrow(new RegExp(`process ${process.ppid}`));
  });

  it('takes over a stale lock of a dead process and releases it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(path.join(dir, '.studio-owner.pid'), dead);
    const release = lockPgliteDir(dir);
    expect(existsSync(path.join(dir, '.studio-owner.pid'))).toBe(true);
    release();
    expect(existsSync(path.join(dir, '.studio-owner.pid'))).toBe(false);
  });

  it('lets the owning process re-open (dev server reloads)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    lockPgliteDir(dir);
    expect(() => lockPgliteDir(dir)).not.toThrow();
  });
});
