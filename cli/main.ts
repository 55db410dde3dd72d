import { parseArgs } from 'node:util';
import { CLI_OPTIONS, type CliOptions } from './options';
import { CliError, printJson, routeLogsToStderr } from './output';

type Command = (args: string[], opts: CliOptions) => Promise<number>;

/** Each subcommand loads only when called (the server modules it needs are heavy). */
const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate')).validateCommand,
  db: async () => (await import('./migrate')).dbCommand,
  audit: async () => (await import('./audit')).auditCommand,
  run: async () => (await import('./run')).runCommand,
  export: async () => (await import('./export')).exportCommand,
  version: async () => (await import('./version')).versionCommand,
  dicom: async () => (await import('./dicom')).dicomCommand,
  user: async () => (await import('./user')).userCommand,
  optimise: async () => (await import('./optimise')).optimiseCommand,
};

const USAGE = `usage:
  studio validate <pipeline.json> [--models DIR] [--set node.param=json ...] [--input <file|dir>]
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
      options: CLI_OPTIONS,
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      console.error(USAGE);
      return command || values.help ? 0 : 2;
    }
    const opts: CliOptions = { ...values, set: values.set ?? [], json: values.json ?? false };
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new CliError('BAD_ARGUMENTS', `unknown command "${command}"\n${USAGE}`);
    return await (await load())(rest, opts);
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
