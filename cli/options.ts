import type { ParseArgsConfig } from 'node:util';

/** The CLI's options (one table for parseArgs and the type every subcommand receives). */
export const CLI_OPTIONS = {
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
  set: { type: 'string', multiple: true, default: [] as string[] },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies NonNullable<ParseArgsConfig['options']>;

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
