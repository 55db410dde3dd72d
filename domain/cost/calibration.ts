/**
 * Throughputs measured on the machine that runs the pipelines (server/cost/calibration.ts runs the
 * micro-benchmarks, server/cost/kernels.ts the node specs' calibration samples). All CPU figures
 * are process CPU time (user + system, every thread), the quantity the rate card prices.
 */
export interface Calibration {
  /** onnxruntime: CPU-seconds per GFLOP of Conv / MatMul / Gemm, their memory traffic included (3-D dilated conv benchmark). */
  ortCpuSecondsPerGflop: number;
  /** onnxruntime: CPU-seconds per GB moved by every other op (Relu/Add benchmark). */
  ortCpuSecondsPerGB: number;
  /** onnxruntime: CPU-seconds of one session.run call with nothing to compute (dispatch, copies). */
  ortCallCpuSeconds: number;
  /** onnxruntime: wall seconds per CPU-second (1/parallelism achieved by the intra-op threads). */
  ortWallPerCpu: number;
  /** JavaScript kernels: CPU-seconds per GB of one pass over float32 voxels (read + write). */
  jsCpuSecondsPerGB: number;
  /** gunzip: CPU-seconds per GB of decompressed output. */
  inflateCpuSecondsPerGB: number;
  /** gzip level 1 of a label map: CPU-seconds per GB of input, and the size ratio achieved. */
  deflateCpuSecondsPerGB: number;
  deflateRatio: number;
  /** Real kernels (by node kind) on the generated phantom: CPU-seconds per GB they move (estimate.ts `kernelBytes`). */
  kernelCpuSecondsPerGB?: Record<string, number>;
  /** Resident memory of the measuring process when idle (the floor every node holds). */
  baselineRssBytes: number;
  measuredAt: string;
  host: string;
}
