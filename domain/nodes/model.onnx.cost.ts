import { countGraph } from '../cost/flops';
import { GB, prod, volume, type NodeCost, type Val } from '../cost/node-cost';
import type { ModelNodeParams } from './model.onnx.check';

/**
 * FLOPs and bytes of the model's ONNX graph (domain/cost/flops.ts) per batch call, priced with
 * the onnxruntime calibration; a model the server cannot read costs the per-call overhead.
 */
export const modelCost: NodeCost<ModelNodeParams> = {
  work: ({ params, first: x, input, calibration: c, model }) => {
    const info = model();
    const spatial = x?.tile ?? x?.spatial ?? input.dims;
    const batch = x?.batch ?? 1;
    const batchSize = Math.max(1, params.batchSize);
    const calls = Math.ceil(batch / batchSize);
    if (!info) {
      const out: Val = { ...(x ?? volume(input.dims, 4)) };
      return { outputs: { output: out }, cpuSeconds: calls * c.ortCallCpuSeconds, notes: ['model graph unknown: FLOPs not counted'] };
    }
    const inp = info.graph.inputs[0];
    const per = Math.min(batchSize, batch);
    const shape = [per, x?.channels ?? 1, spatial[2], spatial[1], spatial[0]];
    const cost = countGraph(info.graph, { [inp.name]: shape });
    const outShape = Object.values(cost.outputs)[0] ?? shape;
    const channels = outShape[1] ?? 1;
    const out: Val = x?.tile
      ? { elements: batch * prod(outShape.slice(1)), elemBytes: 4, spatial: x.spatial, channels, batch, tile: x.tile }
      : { elements: batch * prod(outShape.slice(1)), elemBytes: 4, spatial, channels, batch: 1 };
    const cpuPerCall = (cost.heavyFlops / 1e9) * c.ortCpuSecondsPerGflop + (cost.lightBytes / GB) * c.ortCpuSecondsPerGB + c.ortCallCpuSeconds;
    const cpuSeconds = calls * cpuPerCall;
    const notes = cost.approximate.length ? [`shapes guessed for ${cost.approximate.join(', ')}`] : [];
    return {
      outputs: { output: out },
      cpuSeconds,
      wallSeconds: cpuSeconds * c.ortWallPerCpu,
      flops: calls * cost.flops,
      bytesMoved: calls * cost.bytes,
      extraMemory: 2 * cost.peakActivationBytes,
      notes,
    };
  },
};
