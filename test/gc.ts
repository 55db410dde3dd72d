import v8 from 'node:v8';
import vm from 'node:vm';

/** A full GC without `--expose-gc` on the command line: the flag set at run time, the function V8 then defines. */
export function fullGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
