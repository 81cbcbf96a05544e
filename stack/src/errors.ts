/**
 * A failure of the local stack meant for the person running it: what went wrong, and the fix.
 * `exitCode` makes the lotgraph CLI print the message and exit non-zero without a stack trace.
 */
export class StackError extends Error {
  readonly exitCode: number;
  readonly fix?: string;

  constructor(message: string, options: { fix?: string; exitCode?: number; cause?: unknown } = {}) {
    super(options.fix ? `${message}\n  fix: ${options.fix}` : message, { cause: options.cause });
    this.name = "StackError";
    this.exitCode = options.exitCode ?? 1;
    this.fix = options.fix;
  }
}
