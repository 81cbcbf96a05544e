export { runOnce, runLoop, DEFAULT_KEEPER_OPTIONS, ACTION_NAMES } from "./keeper";
export type { KeeperContext, KeeperOptions, PassResult } from "./keeper";
export { keeperContext, LOCAL_DEV_MNEMONIC, KEEPER_SYNC_RETRY } from "./context";
export type { KeeperSettings } from "./context";
export { Journal } from "./journal";
export type { JournalEntry, JournalState } from "./journal";
export { KeeperStore } from "./store";
export type { StoreSettings, SyncOutcome } from "./store";
export { registerKeeperCommands } from "./cli";
