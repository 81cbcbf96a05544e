/** Errors meant for the user: the message names the offending input; `exitCode` is what the CLI exits with. */
export class TaxUserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Malformed input (a file, a row, a column, an option). */
export class InputError extends TaxUserError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A disposal with more units than the open lots it may draw from. */
export class InsufficientBasisError extends TaxUserError {
  constructor(message: string) {
    super(message, 3);
  }
}

export function where(source: { file: string; line: number } | undefined): string {
  return source ? `${source.file} row ${source.line}` : "ledger";
}
