import { parseArgs } from 'node:util';
import { CliError, printJson, routeLogsToStderr } from './output';

export interface CliOptions {
  models?: string;
  input?: string;
  out?: string;
  executor?: string;
  target?: string;
  workspace?: string;
  kind?: string;
  calibrate?: string;
  reference?: string;
  role?: string;
  name?: string;
  json: boolean;
  set: string[];
}

const USAGE = `usage:
  studio validate <pipeline.json> [--models DIR] [--set node.param=json ...]
  studio db migrate
  studio audit verify|checkpoint [--json]
  studio run <pipeline.json> --input <file|dir> --out <dir> [--models DIR] [--executor embedded|temporal]
             [--set node.param=json ...] [--json]
  studio export <pipeline.json|versionId> --target edge [--models DIR] --out bundle.zip
  studio version export <versionId> --out <file.studio.zip>
  studio version import <file.studio.zip> [--workspace <workspaceId>]
  studio dicom info <file> --json
  studio dicom pixels <file> --out <file.raw> --json
  studio dicom volume <dir> --out <vol.nii.gz> --json
  studio user add <email> --role clinician|engineer|admin [--name NAME] [--workspace ID]   (password: STUDIO_NEW_PASSWORD)
  studio optimise <model.onnx> --kind fp16|int8 [--calibrate <scan>] --out <file.onnx> [--reference <scan>] --json`;

/** CLI entry (cli/studio.mjs imports it): returns the exit code; stdout gets one JSON document. */
export async function main(argv: string[]): Promise<number> {
  routeLogsToStderr();
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        models: { type: 'string' },
        input: { type: 'string' },
        out: { type: 'string' },
        executor: { type: 'string' },
        target: { type: 'string' },
        workspace: { type: 'string' },
        kind: { type: 'string' },
        calibrate: { type: 'string' },
        reference: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean', default: false },
        set: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      console.error(USAGE);
      return command || values.help ? 0 : 2;
    }
    const opts: CliOptions = { ...values, set: values.set ?? [], json: values.json ?? false };
    if (command === 'validate') return await (await import('./validate')).validateCommand(rest, opts);
    if (command === 'db') return await (await import('./migrate')).dbCommand(rest, opts);
    if (command === 'audit') return await (await import('./audit')).auditCommand(rest, opts);
    if (command === 'run') return await (await import('./run')).runCommand(rest, opts);
    if (command === 'export') return await (await import('./export')).exportCommand(rest, opts);
    if (command === 'version') return await (await import('./version')).versionCommand(rest, opts);
    if (command === 'dicom') return await (await import('./dicom')).dicomCommand(rest, opts);
    if (command === 'user') return await (await import('./user')).userCommand(rest, opts);
    if (command === 'optimise') return await (await import('./optimise')).optimiseCommand(rest, opts);
    throw new CliError('BAD_ARGUMENTS', `unknown command "${command}"\n${USAGE}`);
  } catch (e) {
    const error = await toCliError(e);
    if (error.code === 'INTERNAL') console.error(e);
    await printJson({ error });
    return error.code === 'BAD_ARGUMENTS' ? 2 : 1;
  }
}

/** Stable `{code, message, ...details}` for anything thrown (same codes as the API). */
async function toCliError(e: unknown): Promise<{ code: string; message: string; [k: string]: unknown }> {
  if (e instanceof CliError) return { code: e.code, message: e.message, ...e.details };
  if ((e as { code?: string })?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as { code?: string })?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return { code: 'BAD_ARGUMENTS', message: (e as Error).message };
  }
  if (e instanceof Error && e.message.startsWith('Invalid environment variables')) return { code: 'BAD_ENVIRONMENT', message: e.message };
  const { toClientError } = await import('../server/errors');
  const client = toClientError(e);
  return client.code === 'INTERNAL' && e instanceof Error ? { code: 'INTERNAL', message: e.message } : { ...client };
}
