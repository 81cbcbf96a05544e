/**
 * Management behind a Safe and a timelock.
 *
 * - The Safe is the official Safe 1.4.1 (SafeL2 singleton + SafeProxyFactory from @safe-global/safe-contracts),
 *   set up with its owners and threshold (2 of 3 in the local stack).
 * - OpenZeppelin's TimelockController is every module's management: upgrades, role changes and setters wait
 *   its delay. The Safe proposes, executes and cancels on it; the Governor (token votes) proposes and
 *   executes on it too.
 * - Owners sign the Safe transaction's EIP-712 hash (`SafeTx`); `execSafeTransaction` collects the
 *   signatures, sorts them by signer as the Safe requires and calls `execTransaction`.
 */
import fs from "node:fs";
import path from "node:path";
import { ethers } from "ethers";
import { loadArtifact, type Artifact } from "./artifacts";

/** The Safe's compiled artifacts, as the npm package ships them. */
export const SAFE_ARTIFACTS_DIR = path.join(path.dirname(require.resolve("@safe-global/safe-contracts/package.json")), "build", "artifacts", "contracts");

const SAFE_ARTIFACT_PATHS: Record<string, string> = {
  SafeL2: "SafeL2.sol/SafeL2.json",
  SafeProxyFactory: "proxies/SafeProxyFactory.sol/SafeProxyFactory.json",
  CompatibilityFallbackHandler: "handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json",
};

/** One of the Safe's official artifacts (ABI + bytecode) by contract name. */
export function loadSafeArtifact(name: string): Artifact {
  const rel = SAFE_ARTIFACT_PATHS[name];
  if (!rel) throw new Error(`no Safe artifact named "${name}" (known: ${Object.keys(SAFE_ARTIFACT_PATHS).join(", ")})`);
  return JSON.parse(fs.readFileSync(path.join(SAFE_ARTIFACTS_DIR, rel), "utf8")) as Artifact;
}

export const TIMELOCK_ROLES = {
  PROPOSER: ethers.id("PROPOSER_ROLE"),
  EXECUTOR: ethers.id("EXECUTOR_ROLE"),
  CANCELLER: ethers.id("CANCELLER_ROLE"),
  ADMIN: ethers.ZeroHash,
} as const;

/** How management is governed; the dev defaults are short so a local chain can run through them. */
export interface GovernanceOptions {
  /** Safe owners (addresses); default: the chain's first three accounts (dev only). */
  safeOwners?: string[];
  /** Signatures a Safe transaction needs (default 2). */
  safeThreshold?: number;
  /** The timelock's delay in seconds (default DEV_TIMELOCK_DELAY). */
  timelockDelay?: number;
  /** Voting-token holders and their whole-token amounts (default: the Safe owners, 1,000,000 each). */
  voters?: { address: string; amount: string }[];
  /** Governor: blocks before voting starts, blocks voting lasts, quorum in % of supply. */
  votingDelayBlocks?: number;
  votingPeriodBlocks?: number;
  quorumPercent?: number;
}

export const DEV_TIMELOCK_DELAY = 60;
export const DEV_GOVERNOR = { votingDelayBlocks: 1, votingPeriodBlocks: 20, quorumPercent: 4 };
export const DEFAULT_VOTES_PER_OWNER = "1000000";

/** What the deployment file records about governance. */
export interface GovernanceInfo {
  safe: string;
  safeOwners: string[];
  safeThreshold: number;
  timelock: string;
  timelockDelay: number;
  governor: string;
  votingToken: string;
}

async function sent(tx: Promise<ethers.ContractTransactionResponse>): Promise<ethers.TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction dropped");
  return receipt;
}

async function deployFrom(art: Artifact, signer: ethers.Signer, args: unknown[] = []): Promise<{ contract: ethers.Contract; startBlock: number }> {
  const factory = new ethers.ContractFactory(art.abi, art.bytecode, signer);
  const c = await factory.deploy(...args);
  const receipt = await c.deploymentTransaction()!.wait();
  return { contract: new ethers.Contract(await c.getAddress(), art.abi, signer), startBlock: receipt!.blockNumber };
}

/**
 * Deploys the Safe singleton (SafeL2: it emits every executed transaction, for the subgraph), the proxy
 * factory and the fallback handler, and creates a Safe proxy with `owners` and `threshold`.
 */
export async function deploySafe(signer: ethers.Signer, owners: string[], threshold: number): Promise<{ safe: ethers.Contract; startBlock: number }> {
  if (owners.length === 0) throw new Error("deploySafe: no owners");
  if (new Set(owners.map((o) => o.toLowerCase())).size !== owners.length) throw new Error(`deploySafe: owners repeat (${owners.join(", ")})`);
  if (!(Number.isInteger(threshold) && threshold >= 1 && threshold <= owners.length)) {
    throw new Error(`deploySafe: threshold ${threshold} must be between 1 and the ${owners.length} owners`);
  }
  const singleton = (await deployFrom(loadSafeArtifact("SafeL2"), signer)).contract;
  const factory = (await deployFrom(loadSafeArtifact("SafeProxyFactory"), signer)).contract;
  const handler = (await deployFrom(loadSafeArtifact("CompatibilityFallbackHandler"), signer)).contract;
  const setup = singleton.interface.encodeFunctionData("setup", [
    owners, threshold, ethers.ZeroAddress, "0x", await handler.getAddress(), ethers.ZeroAddress, 0, ethers.ZeroAddress,
  ]);
  const receipt = await sent(factory.createProxyWithNonce(await singleton.getAddress(), setup, 0n));
  const created = receipt.logs
    .map((l) => { try { return factory.interface.parseLog(l); } catch { return null; } })
    .find((e) => e?.name === "ProxyCreation");
  if (!created) throw new Error("deploySafe: the proxy factory emitted no ProxyCreation");
  const safe = new ethers.Contract(created.args.proxy as string, loadSafeArtifact("SafeL2").abi, signer);
  return { safe, startBlock: receipt.blockNumber };
}

/** A call the Safe makes (operation 0 = CALL; delegate calls are not offered). */
export interface SafeCall {
  to: string;
  data: string;
  value?: bigint;
}

/** The Safe transaction fields that are signed (EIP-712 `SafeTx`), with no gas refund. */
export function safeTx(call: SafeCall, nonce: bigint) {
  return {
    to: call.to,
    value: call.value ?? 0n,
    data: call.data,
    operation: 0,
    safeTxGas: 0n,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: ethers.ZeroAddress,
    refundReceiver: ethers.ZeroAddress,
    nonce,
  };
}

export const SAFE_TX_TYPES = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/** Each owner signs the Safe transaction's EIP-712 hash; returns the signatures sorted by signer, concatenated. */
export async function signSafeTransaction(safe: ethers.Contract, signers: ethers.Signer[], tx: ReturnType<typeof safeTx>): Promise<string> {
  const chainId = (await safe.runner!.provider!.getNetwork()).chainId;
  const domain = { chainId, verifyingContract: await safe.getAddress() };
  const signed: { signer: string; signature: string }[] = [];
  for (const s of signers) signed.push({ signer: (await s.getAddress()).toLowerCase(), signature: await s.signTypedData(domain, SAFE_TX_TYPES, tx) });
  signed.sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
  return ethers.concat(signed.map((x) => x.signature));
}

/**
 * Runs `call` from the Safe with the signatures of `signers` (the Safe refuses fewer than its threshold:
 * GS020). The first signer submits. Reverts if the inner call fails (execTransaction with safeTxGas 0
 * reverts with the call).
 */
export async function execSafeTransaction(safe: ethers.Contract, signers: ethers.Signer[], call: SafeCall): Promise<ethers.TransactionReceipt> {
  const tx = safeTx(call, await safe.nonce());
  const signatures = await signSafeTransaction(safe, signers, tx);
  const submitter = safe.connect(signers[0]) as ethers.Contract;
  return sent(
    submitter.execTransaction(tx.to, tx.value, tx.data, tx.operation, tx.safeTxGas, tx.baseGas, tx.gasPrice, tx.gasToken, tx.refundReceiver, signatures),
  );
}

/** A batch of calls the timelock makes as management. */
export interface TimelockBatch {
  targets: string[];
  values: bigint[];
  payloads: string[];
  predecessor: string;
  salt: string;
}

export function timelockBatch(calls: SafeCall[], salt: string = ethers.ZeroHash): TimelockBatch {
  return {
    targets: calls.map((c) => c.to),
    values: calls.map((c) => c.value ?? 0n),
    payloads: calls.map((c) => c.data),
    predecessor: ethers.ZeroHash,
    salt,
  };
}

/** The Safe schedules `batch` on the timelock (it then waits the timelock's delay). */
export async function scheduleThroughSafe(safe: ethers.Contract, signers: ethers.Signer[], timelock: ethers.Contract, batch: TimelockBatch): Promise<ethers.TransactionReceipt> {
  const delay: bigint = await timelock.getMinDelay();
  const data = timelock.interface.encodeFunctionData("scheduleBatch", [batch.targets, batch.values, batch.payloads, batch.predecessor, batch.salt, delay]);
  return execSafeTransaction(safe, signers, { to: await timelock.getAddress(), data });
}

/** The Safe executes a scheduled batch whose delay has passed (the timelock refuses it before). */
export async function executeThroughSafe(safe: ethers.Contract, signers: ethers.Signer[], timelock: ethers.Contract, batch: TimelockBatch): Promise<ethers.TransactionReceipt> {
  const data = timelock.interface.encodeFunctionData("executeBatch", [batch.targets, batch.values, batch.payloads, batch.predecessor, batch.salt]);
  return execSafeTransaction(safe, signers, { to: await timelock.getAddress(), data });
}

/**
 * Dev chains only: a management change end to end — the Safe schedules `calls` on the timelock, a block is
 * mined at the time the operation is ready (a chain that keeps its own clock, like the stack's anvil, ignores
 * evm_increaseTime), and the Safe executes them. Returns the execution receipt.
 */
export async function governOnDevChain(
  safe: ethers.Contract,
  signers: ethers.Signer[],
  timelock: ethers.Contract,
  calls: SafeCall[],
  salt: string = ethers.hexlify(ethers.randomBytes(32)),
): Promise<ethers.TransactionReceipt> {
  const batch = timelockBatch(calls, salt);
  await scheduleThroughSafe(safe, signers, timelock, batch);
  const provider = safe.runner!.provider as unknown as ethers.Provider & { send(method: string, params: unknown[]): Promise<unknown> };
  const ready: bigint = await timelock.getTimestamp(await timelock.hashOperationBatch(batch.targets, batch.values, batch.payloads, batch.predecessor, batch.salt));
  const head = (await provider.getBlock("latest"))!.timestamp;
  if (BigInt(head) < ready) await provider.send("evm_mine", [Number(ready)]);
  return executeThroughSafe(safe, signers, timelock, batch);
}

/**
 * Deploys the timelock with no delay and the deployer as its temporary admin, proposer and executor; the
 * Safe (proposer, executor, canceller) and the Governor (proposer, executor, canceller) get their roles.
 * `handOver` then makes the timelock accept management of every module and set its real delay, after
 * which the deployer renounces every role: from then on only the Safe and the Governor act, and wait.
 */
export async function deployTimelock(signer: ethers.Signer, safe: string): Promise<{ timelock: ethers.Contract; startBlock: number }> {
  const deployer = await signer.getAddress();
  const { contract: timelock, startBlock } = await deployFrom(loadArtifact("TimelockController"), signer, [0n, [safe], [safe], deployer]);
  await sent(timelock.grantRole(TIMELOCK_ROLES.PROPOSER, deployer));
  await sent(timelock.grantRole(TIMELOCK_ROLES.EXECUTOR, deployer));
  return { timelock, startBlock };
}

/** The voting token (fixed supply to `voters`) and the Governor, which gets proposer/executor/canceller on the timelock. */
export async function deployGovernor(
  signer: ethers.Signer,
  timelock: ethers.Contract,
  voters: { address: string; amount: bigint }[],
  settings: { votingDelayBlocks: number; votingPeriodBlocks: number; quorumPercent: number },
): Promise<{ governor: ethers.Contract; token: ethers.Contract; governorStartBlock: number; tokenStartBlock: number }> {
  const tokenDeployed = await deployFrom(loadArtifact("GovernanceToken"), signer, [
    "lotgraph Governance", "LOTG", voters.map((v) => v.address), voters.map((v) => v.amount),
  ]);
  const governorDeployed = await deployFrom(loadArtifact("LotgraphGovernor"), signer, [
    await tokenDeployed.contract.getAddress(), await timelock.getAddress(),
    settings.votingDelayBlocks, settings.votingPeriodBlocks, 0n, settings.quorumPercent,
  ]);
  const governor = await governorDeployed.contract.getAddress();
  for (const role of [TIMELOCK_ROLES.PROPOSER, TIMELOCK_ROLES.EXECUTOR, TIMELOCK_ROLES.CANCELLER]) await sent(timelock.grantRole(role, governor));
  return { governor: governorDeployed.contract, token: tokenDeployed.contract, governorStartBlock: governorDeployed.startBlock, tokenStartBlock: tokenDeployed.startBlock };
}

/**
 * Hands management of `managed` (contracts with transferManagement/acceptManagement, managed by the
 * signer) to the timelock: transferManagement from the signer, then one timelock batch (no delay yet) of
 * every acceptManagement plus the timelock's own updateDelay(delay); then the signer renounces its
 * timelock roles. Works on any chain (no clock moved).
 */
export async function handOverToTimelock(signer: ethers.Signer, timelock: ethers.Contract, managed: ethers.Contract[], delay: number): Promise<void> {
  const deployer = await signer.getAddress();
  const timelockAddress = await timelock.getAddress();
  const calls: SafeCall[] = [];
  for (const m of managed) {
    await sent(m.transferManagement(timelockAddress));
    calls.push({ to: await m.getAddress(), data: m.interface.encodeFunctionData("acceptManagement") });
  }
  calls.push({ to: timelockAddress, data: timelock.interface.encodeFunctionData("updateDelay", [delay]) });
  const batch = timelockBatch(calls, ethers.id("lotgraph: hand management to the timelock"));
  await sent(timelock.scheduleBatch(batch.targets, batch.values, batch.payloads, batch.predecessor, batch.salt, 0n));
  await sent(timelock.executeBatch(batch.targets, batch.values, batch.payloads, batch.predecessor, batch.salt));
  for (const role of [TIMELOCK_ROLES.PROPOSER, TIMELOCK_ROLES.EXECUTOR, TIMELOCK_ROLES.CANCELLER, TIMELOCK_ROLES.ADMIN]) {
    await sent(timelock.renounceRole(role, deployer));
  }
}
