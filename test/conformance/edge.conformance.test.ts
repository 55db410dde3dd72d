import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect } from 'vitest';
import { sha256Hex } from '../../domain/sha256';
import type { Artifact } from '../../runtimes/core/kernel';
import { readModelSignature } from '../../runtimes/core/onnx-signature';
import { buildEdgeBundle, type ExportModel } from '../../runtimes/edge/bundle';
import { createServerRuntime } from '../../runtimes/server';
import { loadGraph, REPO, type ConformanceCase } from './cases';
import { expectConforms } from './compare';
import type { Outcome } from './run-in-memory';
import { eachCase, inProcessReference } from './suite';

/**
 * The edge target: the exported bundle (run.mjs, the project's interpreter and kernels bundled
 * by esbuild, on onnxruntime-node) unpacked into an empty folder and run with `node run.mjs`.
 * Its packages come from the project's node_modules through a symlink: installing them from the
 * bundle's own package.json is what runtimes/edge/bundle.integration.test.ts checks.
 */
const work = mkdtempSync(path.join(tmpdir(), 'conformance-edge-'));
const server = createServerRuntime({ intraOpNumThreads: 2 });
afterAll(async () => {
  await server.dispose();
  rmSync(work, { recursive: true, force: true });
});

async function exportModels(c: ConformanceCase): Promise<ExportModel[]> {
  return Promise.all(c.models().map(async (m) => {
    const sha256 = await sha256Hex(m.bytes);
    return { sha256, file: m.name, bytes: m.bytes, signature: readModelSignature(m.bytes, sha256) };
  }));
}

async function runEdge(c: ConformanceCase): Promise<Outcome> {
  const models = await exportModels(c);
  const { zip } = await buildEdgeBundle({
    graph: loadGraph(c), version: 'conformance',
    resolveModel: async (ref) => models.find((m) => ('file' in ref ? m.file === ref.file : m.sha256 === ref.sha256)),
  });
  const dir = path.join(work, c.id);
  for (const [file, bytes] of Object.entries(unzipSync(zip))) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), bytes);
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  const input = c.input();
  let scan = path.join(work, `${c.id}-input`);
  if (input.format === 'dicom') {
    mkdirSync(scan);
    for (const f of input.files) writeFileSync(path.join(scan, f.name), f.bytes);
  } else writeFileSync((scan = path.join(work, input.files[0].name)), input.files[0].bytes);
  const out = path.join(dir, 'out');
  const run = spawnSync(process.execPath, ['run.mjs', scan, out], { cwd: dir, encoding: 'utf8' });
  expect(run.status, run.stderr + run.stdout).toBe(0);
  const report = JSON.parse(run.stdout) as { outputs: (Artifact & { file: string })[] };
  return { artifacts: report.outputs.map((o) => ({ ...o, bytes: new Uint8Array(readFileSync(path.join(out, o.file))) })), logits: {} };
}

describe('conformance: edge bundle (node run.mjs) against the in-process reference', () => {
  eachCase(async (c) => {
    const [ref, edge] = [await inProcessReference(c, server), await runEdge(c)];
    expectConforms(c, ref, edge, { target: 'edge', sameBytes: true });
  });
});
