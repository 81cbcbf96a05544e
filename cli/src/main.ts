import { Command, CommanderError } from "commander";
import { commandModules } from "./commands";

/** An error meant for the user: its message names the offending input, its exit code is returned. */
export interface UserFacingError extends Error {
  exitCode: number;
}

export function isUserFacingError(err: unknown): err is UserFacingError {
  return err instanceof Error && typeof (err as Partial<UserFacingError>).exitCode === "number";
}

export function buildProgram(): Command {
  const program = new Command("lotgraph")
    .description(
      "An automated DeFi portfolio, indexed by a real graph-node, with tax lots, Form 8949 and a tax-loss-harvesting advisor.",
    )
    .version(require("../../package.json").version)
    .showHelpAfterError()
    .exitOverride();
  for (const register of commandModules) register(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code; never calls process.exit itself. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isUserFacingError(err)) {
      process.stderr.write(`lotgraph: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`lotgraph: unexpected failure\n${err instanceof Error ? err.stack : String(err)}\n`);
    return 1;
  }
}
