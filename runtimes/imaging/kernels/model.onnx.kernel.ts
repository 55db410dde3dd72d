import { modelOnnx } from '../../../domain/nodes/model.onnx.node';
import { RuntimeError } from '../../core/errors';
import type { InferenceTensor, ModelHandle } from '../../core/inference';
import { defineKernel, type KernelContext } from '../../core/kernel';
import { asTensor } from '../../core/tensor';
import type { TensorValue } from '../../core/values';
import { checkFits, modelIo, sameSpatial, type ModelIo } from './model-io';
import { inputOf } from './inputs';

function fetch(outputs: Record<string, InferenceTensor>, io: ModelIo): InferenceTensor {
  const name = io.outputName ?? Object.keys(outputs)[0];
  const out = name === undefined ? undefined : outputs[name];
  if (!out) throw new RuntimeError('INFERENCE_FAILED', `the model returned no output "${name ?? ''}"`);
  return out;
}

/**
 * One call on the whole tensor. The feed shares the input's buffer (no copy) when the tensor
 * owns it; a view into a larger buffer is copied, so a transfer cannot detach other views.
 */
async function runWhole(ctx: KernelContext, model: ModelHandle, io: ModelIo, t: TensorValue): Promise<InferenceTensor> {
  checkFits(t.dims, io.inputShape, io.inputName);
  const owned = t.data.byteOffset === 0 && t.data.byteLength === t.data.buffer.byteLength;
  const res = await ctx.inference.run(model, { [io.inputName]: { dims: t.dims, data: owned ? t.data : t.data.slice() } }, { signal: ctx.signal });
  // The buffer may have been transferred to a worker: put the returned one back into the value.
  const back = res.inputs[io.inputName]?.data;
  if (owned && back) t.data = back;
  return fetch(res.outputs, io);
}

/** The chunk buffer after a run: the returned (transferred back) one, else ours if still attached. */
function reclaim(back: Float32Array | undefined, buf: Float32Array, len: number): Float32Array {
  if (back && back.byteOffset === 0 && back.buffer.byteLength >= len * 4) return new Float32Array(back.buffer, 0, len);
  return buf.length === len ? buf : new Float32Array(len);
}

/**
 * Tiles in chunks of `chunk`: each chunk is copied into one reused buffer (the runtime hands it
 * back after a transfer) and its results are written into one preallocated [N, C, ...] output.
 * With a fixed model batch dim the last chunk is zero-padded to that size.
 */
async function runChunks(ctx: KernelContext, model: ModelHandle, io: ModelIo, t: TensorValue, chunk: number, padLast: boolean) {
  const [n, ...rest] = t.dims;
  const per = rest.reduce((a, b) => a * b, 1);
  const bufLen = chunk * per;
  let buf: Float32Array = new Float32Array(bufLen);
  let out: Float32Array | undefined;
  let outDims: number[] = [];
  for (let start = 0; start < n; start += chunk) {
    if (ctx.signal?.aborted) throw new RuntimeError('CANCELLED', 'the run was cancelled');
    const k = Math.min(chunk, n - start);
    const batch = padLast ? chunk : k;
    buf.set(t.data.subarray(start * per, (start + k) * per));
    if (batch > k) buf.fill(0, k * per, batch * per);
    const dims = [batch, ...rest];
    checkFits(dims, io.inputShape, io.inputName);
    const res = await ctx.inference.run(model, { [io.inputName]: { dims, data: batch === chunk ? buf : buf.subarray(0, batch * per) } }, { signal: ctx.signal });
    buf = reclaim(res.inputs[io.inputName]?.data, buf, bufLen);
    const o = fetch(res.outputs, io);
    const outPer = o.dims[0] === batch ? o.data.length / batch : NaN;
    if (!out) {
      if (!Number.isInteger(outPer)) throw new RuntimeError('SHAPE_MISMATCH', `model output [${o.dims.join(',')}] does not have the batch size ${batch} it was fed`);
      out = new Float32Array(n * outPer);
      outDims = [n, ...o.dims.slice(1)];
    } else if (o.dims.slice(1).join() !== outDims.slice(1).join() || o.dims[0] !== batch) {
      throw new RuntimeError('SHAPE_MISMATCH', `model output [${o.dims.join(',')}] changed shape between batches`);
    }
    out.set(o.data.subarray(0, k * outPer), start * outPer);
    ctx.progress((start + k) / n, `${start + k}/${n} tiles`);
  }
  return { dims: outDims, data: out! };
}

export const kernel = defineKernel(modelOnnx, async ({ params, inputs, ctx }) => {
  const src = inputOf(inputs, 'input', 'tensor', 'volume');
  const t = asTensor(src);
  const model = await ctx.resolveModel(params.model);
  const io = await modelIo(model, params);
  const n = t.dims[0];
  const fixedBatch = io.inputShape?.[0] ?? null;
  let result: InferenceTensor;
  if (t.tiling && n > 1 && fixedBatch !== n) {
    const chunk = Math.min(fixedBatch ?? params.batchSize, n);
    result = await runChunks(ctx, model, io, t, chunk, fixedBatch !== null);
  } else {
    const shared = src.data === t.data;
    result = await runWhole(ctx, model, io, t);
    if (shared) src.data = t.data; // a volume fed as a tensor view gets its (returned) buffer back too
    ctx.progress(1);
  }
  const keep = sameSpatial(result.dims, t.dims);
  const out: TensorValue = { type: 'tensor', dims: result.dims, data: result.data };
  if (keep && t.geometry) out.geometry = t.geometry;
  if (keep && t.tiling) out.tiling = t.tiling;
  return { output: out };
});
