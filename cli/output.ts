/**
 * stdout carries exactly one JSON document per command (scripts parse it); everything else
 * (library logs, progress) goes to stderr. Errors are `{error: {code, message, ...}}` with
 * stable codes and a non-zero exit code.
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function printJson(value: unknown): Promise<void> {
  return new Promise((resolve) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`, () => resolve()));
}

/** Library code sometimes logs with console.log: keep stdout clean for the JSON result. */
export function routeLogsToStderr(): void {
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
}
