/** What a C-STORE status means to a sender (PS3.7 C.1-C.5), pure. */
export type InstanceOutcome = 'success' | 'warning' | 'failure' | 'not-sent';

/** 0000 success; 0001 and Bxxx warnings (stored, with a remark); everything else a failure. */
export function instanceOutcome(status: number): Exclude<InstanceOutcome, 'not-sent'> {
  if (status === 0x0000) return 'success';
  if (status === 0x0001 || (status & 0xf000) === 0xb000) return 'warning';
  return 'failure';
}
