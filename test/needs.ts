// The one place tests ask for test material (../shared/data, npm-shipped data) or a system tool
// (dcmtk, GDCM, dicom3tools, Chromium, Orthanc). Node builtins only: any test may import it.
//
// Missing material or a missing tool is never a silent pass. Under CI=true it is an error at
// collection (the file fails, naming what is missing); elsewhere the test skips and its title
// says what is missing ("(skipped: dcmdump missing)").
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** ../shared/data beside the repository, or STUDIO_CORPUS_DIR (relative to the repository). */
export const CORPUS_DIR = path.resolve(REPO_ROOT, process.env.STUDIO_CORPUS_DIR ?? '../shared/data');
export const corpusPath = (...parts: string[]) => path.join(CORPUS_DIR, ...parts);

export interface Need {
  /** Everything is there: run the test. */
  ok: boolean;
  /** What is missing ('' when ok). */
  missing: string;
  /** `title`, or `title (skipped: <missing> missing)`: the reason shows in every report. */
  title(title: string): string;
}

/** Whether `what` is available; under CI=true a missing one throws instead of returning false. */
export function needs(what: string, available: boolean): boolean {
  if (available) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${what} missing; tests must not skip on CI (install it, or set STUDIO_CORPUS_DIR)`);
  return false;
}

function need(missing: string[]): Need {
  const what = missing.join(', ');
  const ok = needs(what, missing.length === 0);
  return { ok, missing: what, title: (t) => (ok ? t : `${t} (skipped: ${what} missing)`) };
}

/** Files or directories (absolute, or relative to the corpus directory). */
export function needFiles(...paths: string[]): Need {
  return need(paths.map((p) => path.resolve(CORPUS_DIR, p)).filter((p) => !existsSync(p)));
}

const tools = new Map<string, boolean>();
/** Is `tool` on PATH (or an existing absolute path)? Cached per process. */
export function hasTool(tool: string): boolean {
  if (path.isAbsolute(tool)) return existsSync(tool);
  if (!tools.has(tool)) {
    let found = true;
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
    } catch {
      found = false;
    }
    tools.set(tool, found);
  }
  return tools.get(tool)!;
}

/** System tools (names on PATH, or absolute paths such as /usr/bin/chromium). */
export function needTools(...names: string[]): Need {
  return need(names.filter((t) => !hasTool(t)));
}

/** Several needs at once: ok when all are; names everything missing. */
export function needAll(...all: Need[]): Need {
  const missing = all.filter((n) => !n.ok).map((n) => n.missing);
  return { ok: missing.length === 0, missing: missing.join(', '), title: (t) => (missing.length ? `${t} (skipped: ${missing.join(', ')} missing)` : t) };
}

/** Debian's python3 (where python3-nibabel, -scipy, -pydicom live) with these modules importable. */
export const PYTHON = '/usr/bin/python3';
export function needPython(...modules: string[]): Need {
  let ok = existsSync(PYTHON);
  if (ok) {
    try {
      execFileSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    } catch {
      ok = false;
    }
  }
  return need(ok ? [] : [`${PYTHON} with ${modules.join(', ')}`]);
}
