import { hasErrors } from '../domain/validation/issue';
import { PipelineGraphSchema } from '../domain/graph/schema';
import { scanIssues } from '../domain/validation/scan-contract';
import { validatePipeline } from '../domain/validation/validate';
import { scanFactsOf } from './scan-facts';
import { defaultModelsDir, localLookup, readModelsDir } from './models-dir';
import { applyOverrides, readPipelineFile } from './pipeline-file';
import { CliError, printJson } from './output';
import type { CliOptions } from './options';

/**
 * `studio validate <pipeline.json> [--models DIR] [--set ...] [--input <file|dir>]`: the same
 * validator the canvas and the server use; models are looked up in the models directory (by
 * file name or sha256). With --input, the scan also goes through the run's preflight (format,
 * and its shape through the graph). Prints `{valid, issues}`; exit 1 when any issue is an error.
 */
export async function validateCommand(args: string[], opts: CliOptions): Promise<number> {
  const [file] = args;
  if (!file) throw new CliError('BAD_ARGUMENTS', 'usage: studio validate <pipeline.json> [--models DIR] [--input <file|dir>]');
  const { env } = await import('../server/env');
  const doc = applyOverrides(await readPipelineFile(file), opts.set);
  const models = await readModelsDir(defaultModelsDir(opts.models, env.STUDIO_CORPUS_DIR));
  const lookup = localLookup(models);
  const issues = validatePipeline(doc, lookup);
  if (opts.input && !hasErrors(issues)) issues.push(...scanIssues(PipelineGraphSchema.parse(doc), lookup, await scanFactsOf(opts.input)));
  await printJson({ valid: !hasErrors(issues), issues });
  return hasErrors(issues) ? 1 : 0;
}
