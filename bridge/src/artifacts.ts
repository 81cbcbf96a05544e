/**
 * ABIs and bytecode: LayerZero V2's own compiled contracts from npm (EndpointV2 from
 * @layerzerolabs/lz-evm-protocol-v2, SendUln302 / ReceiveUln302 from @layerzerolabs/lz-evm-messagelib-v2)
 * and the bridge's own contracts compiled from bridge/contracts.
 */
import fs from "node:fs";
import path from "node:path";
import { ARTIFACTS_DIR, compileBridgeContracts, type BridgeArtifact } from "./compile";

const LAYERZERO_ARTIFACTS = {
  EndpointV2: "@layerzerolabs/lz-evm-protocol-v2/artifacts/contracts/EndpointV2.sol/EndpointV2.json",
  SendUln302: "@layerzerolabs/lz-evm-messagelib-v2/artifacts/contracts/uln/uln302/SendUln302.sol/SendUln302.json",
  ReceiveUln302: "@layerzerolabs/lz-evm-messagelib-v2/artifacts/contracts/uln/uln302/ReceiveUln302.sol/ReceiveUln302.json",
} as const;

export type LayerZeroContract = keyof typeof LAYERZERO_ARTIFACTS;
export type OwnContract = "StablecoinOFTAdapter" | "BridgedStablecoin" | "RelayerWorker" | "ShareCoordinator";

/** A LayerZero V2 contract exactly as LayerZero compiled and published it. */
export function layerZeroArtifact(name: LayerZeroContract): BridgeArtifact {
  const file = require.resolve(LAYERZERO_ARTIFACTS[name]);
  const { abi, bytecode } = JSON.parse(fs.readFileSync(file, "utf8")) as { abi: any[]; bytecode: string };
  if (!bytecode || bytecode === "0x") throw new Error(`${file} carries no bytecode`);
  return { contractName: name, abi, bytecode };
}

/** One of bridge/contracts, compiled on first use (see compile.ts). */
export function ownArtifact(name: OwnContract): BridgeArtifact {
  compileBridgeContracts();
  return JSON.parse(fs.readFileSync(path.join(ARTIFACTS_DIR, `${name}.json`), "utf8")) as BridgeArtifact;
}
