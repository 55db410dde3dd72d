import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './material';

export interface CliResult {
  code: number | null;
  /** stdout parsed as ONE JSON document (the CLI's contract); throws if it is anything else. */
  json: Record<string, any>;
  stderr: string;
}

/** Runs `cli/studio.mjs` (what `npx studio` runs) in a child process with extra env vars. */
export function studio(args: string[], env: Record<string, string | undefined>, timeoutMs = 280_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'cli', 'studio.mjs'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-20_000)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`studio ${args.join(' ')} timed out after ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        resolve({ code, json: JSON.parse(stdout), stderr });
      } catch {
        reject(new Error(`studio ${args.join(' ')}: stdout is not one JSON document:\n${stdout.slice(0, 2_000)}\nstderr:\n${stderr}`));
      }
    });
  });
}
