import type { Command } from "commander";
import { registerTaxCommands } from "@lotgraph/tax/src/cli/register";
import { registerIndexerCommands } from "@lotgraph/indexer/src/cli";
import { registerStackCommands } from "@lotgraph/stack/src/cli";
import { registerPipelineCommands } from "@lotgraph/pipeline/src/cli";
import { registerKeeperCommands } from "@lotgraph/keeper/src/cli";

/**
 * Each capability registers its own commands. A registration only declares options; the action
 * require()s its implementation lazily (import() would bypass the bin's TypeScript loader), so `lotgraph --help` stays fast and loads no chain or database code.
 */
export type RegisterCommands = (program: Command) => void;

// In the order `lotgraph --help` lists them: the main job first, then each stage of the data flow.
export const commandModules: RegisterCommands[] = [
  registerPipelineCommands,
  registerStackCommands,
  registerIndexerCommands,
  registerTaxCommands,
  registerKeeperCommands,
];
