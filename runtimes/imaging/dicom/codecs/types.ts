/**
 * What a frame decoder gets and returns. Decoders know nothing about DICOM datasets: they get
 * one frame's codestream plus the layout the header promises, and return the samples in
 * row, column, sample order (interleaved) as little-endian bytes, exactly as the codec
 * produced them (no sign handling, no colour conversion beyond what the codestream mandates).
 */
export interface FrameLayout {
  rows: number;
  cols: number;
  samples: number;
  bitsAllocated: number;
  /** PhotometricInterpretation (0028,0004): decides the JPEG colour transform when the codestream does not. */
  photometric?: string;
  /** For messages: file name and frame index. */
  what: string;
}

export interface DecodedSamples {
  width: number;
  height: number;
  components: number;
  /** 1, 2 or 4: bytes per sample in `bytes`. */
  bytesPerSample: number;
  /** Interleaved samples, little endian (two's complement when the codestream is signed). */
  bytes: Uint8Array;
}

export type FrameDecoder = (codestream: Uint8Array, layout: FrameLayout) => Promise<DecodedSamples>;
