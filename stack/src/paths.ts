import path from "node:path";

/** The monorepo root (this file lives in stack/src). */
export const REPO_ROOT = path.resolve(__dirname, "../..");
export const CONTRACTS_DIR = path.join(REPO_ROOT, "contracts");
export const SUBGRAPH_DIR = path.join(REPO_ROOT, "subgraph");
export const BIN_DIR = path.join(REPO_ROOT, "node_modules/.bin");
/** Where the stack keeps Postgres, the IPFS store and logs unless told otherwise. */
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, ".data");
