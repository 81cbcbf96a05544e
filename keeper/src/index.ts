export { runOnce, runLoop, DEFAULT_KEEPER_OPTIONS, ACTION_NAMES } from "./keeper";
export type { KeeperContext, KeeperOptions, PassResult } from "./keeper";
export { keeperContext, LOCAL_DEV_MNEMONIC } from "./context";
export type { KeeperSettings } from "./context";
export { Journal } from "./journal";
export type { JournalEntry, JournalState } from "./journal";
export { subgraphBlock, fetchLedger, usdToMoney, SubgraphError } from "./subgraph";
export { registerKeeperCommands } from "./cli";
