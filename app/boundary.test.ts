import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The server/client split is physical: client code (app/_components, app/_lib, and any
 * 'use client' module) may import server modules as types only, and never Node built-ins,
 * the database, the Temporal SDK or onnxruntime-node. Next would bundle them into the page.
 */
const ROOT = path.resolve(__dirname);
const FORBIDDEN = [/\/_server\//, /runtimes\/server/, /^onnxruntime-node$/, /^node:/, /drizzle/, /^@temporalio\//, /^postgres$/, /^@electric-sql\/pglite/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return f === '_server' || f === 'api' ? [] : files(p);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

const isClient = (file: string, src: string) =>
  /^['"]use client['"]/m.test(src) || file.includes(`${path.sep}_components${path.sep}`) || file.includes(`${path.sep}_lib${path.sep}`);

describe('client/server boundary', () => {
  it('client modules import server code as types only', () => {
    const offences: string[] = [];
    for (const file of files(ROOT)) {
      const src = readFileSync(file, 'utf8');
      if (!isClient(file, src)) continue;
      for (const m of src.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const [, typeOnly, spec] = m;
        if (!typeOnly && FORBIDDEN.some((re) => re.test(spec))) offences.push(`${path.relative(ROOT, file)} -> ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('finds client modules to check (the scan is not vacuous)', () => {
    expect(files(ROOT).filter((f) => isClient(f, readFileSync(f, 'utf8'))).length).toBeGreaterThan(20);
  });
});
