import { RuntimeError } from '../../core/errors';
import type { Value } from '../../core/values';

type ValueOf<T extends Value['type']> = Extract<Value, { type: T }>;

/** The value on an input port, checked to be one of the expected kinds (BAD_NODE_INPUT otherwise). */
export function inputOf<T extends Value['type']>(inputs: Record<string, Value>, port: string, ...types: T[]): ValueOf<T> {
  const v = inputs[port];
  if (!v) throw new RuntimeError('BAD_NODE_INPUT', `input "${port}" is not connected`);
  if (!(types as string[]).includes(v.type)) {
    throw new RuntimeError('BAD_NODE_INPUT', `input "${port}" expects ${types.join(' or ')}, got ${v.type}`);
  }
  return v as ValueOf<T>;
}
