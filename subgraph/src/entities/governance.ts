import { Address, BigInt, Bytes, dataSource, ethereum } from "@graphprotocol/graph-ts";
import { GovernanceChange, ManagedContract } from "../../generated/schema";
import { eventId } from "./ids";

export const ROLE = "ROLE";
export const PAUSE = "PAUSE";
export const UPGRADE = "UPGRADE";
export const CONFIG = "CONFIG";
export const TIMELOCK = "TIMELOCK";

/** The data source's name, from the manifest's `context.contractName` ("Vault", "Timelock", ...). */
export function contractName(): string {
  const name = dataSource.context().getString("contractName");
  return name;
}

export function getOrCreateManagedContract(address: Address): ManagedContract {
  let c = ManagedContract.load(address);
  if (c == null) {
    c = new ManagedContract(address);
    c.name = contractName();
    c.keepers = [];
    c.paused = false;
    c.changeCount = 0;
  }
  return c;
}

/** The address, bool and numeric fields of an event, in declaration order (tuples flattened). */
class Fields {
  addresses: Address[] = [];
  flag: boolean = false;
  hasFlag: boolean = false;
  values: BigInt[] = [];
  role: Bytes | null = null;
}

function collect(value: ethereum.Value, into: Fields): void {
  const kind = value.kind;
  if (kind == ethereum.ValueKind.ADDRESS) {
    into.addresses.push(value.toAddress());
  } else if (kind == ethereum.ValueKind.BOOL) {
    into.flag = value.toBoolean();
    into.hasFlag = true;
  } else if (kind == ethereum.ValueKind.UINT || kind == ethereum.ValueKind.INT) {
    into.values.push(value.toBigInt());
  } else if (kind == ethereum.ValueKind.FIXED_BYTES) {
    into.role = value.toBytes();
  } else if (kind == ethereum.ValueKind.TUPLE) {
    const members = value.toTuple();
    for (let i = 0; i < members.length; i++) collect(members[i], into);
  }
}

/**
 * Records one change of `event.address` (a GovernanceChange, immutable) from the event's own fields:
 * the first address is `account`, the second `secondAccount`, a bool is `flag`, numbers go to `values`.
 * Returns the contract's state entity (saved) for the caller to update its roles.
 */
export function recordChange(event: ethereum.Event, kind: string, name: string): ManagedContract {
  const fields = new Fields();
  for (let i = 0; i < event.parameters.length; i++) collect(event.parameters[i].value, fields);
  const change = new GovernanceChange(eventId(event));
  change.contract = event.address;
  change.kind = kind;
  change.event = name;
  if (fields.addresses.length > 0) change.account = fields.addresses[0];
  if (fields.addresses.length > 1) change.secondAccount = fields.addresses[1];
  if (fields.hasFlag) change.flag = fields.flag;
  if (name == "Paused") change.flag = true;
  if (name == "Unpaused") change.flag = false;
  change.role = fields.role;
  change.values = fields.values;
  change.sender = event.transaction.from;
  change.blockNumber = event.block.number;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.logIndex = event.logIndex;
  change.save();

  const c = getOrCreateManagedContract(event.address);
  c.changeCount = c.changeCount + 1;
  c.lastChangeAt = event.block.timestamp;
  c.save();
  return c;
}

function withKeeper(keepers: Bytes[], keeper: Bytes, allowed: boolean): Bytes[] {
  const out: Bytes[] = [];
  let present = false;
  for (let i = 0; i < keepers.length; i++) {
    if (keepers[i].equals(keeper)) {
      present = true;
      if (!allowed) continue;
    }
    out.push(keepers[i]);
  }
  if (allowed && !present) out.push(keeper);
  return out;
}

// ---- role state, after recordChange ----

export function onManagementTransferStarted(event: ethereum.Event, pending: Address): void {
  const c = recordChange(event, ROLE, "ManagementTransferStarted");
  c.pendingManagement = pending;
  c.save();
}

export function onManagementTransferred(event: ethereum.Event, current: Address): void {
  const c = recordChange(event, ROLE, "ManagementTransferred");
  c.management = current;
  c.pendingManagement = null;
  c.save();
}

export function onKeeperSet(event: ethereum.Event, keeper: Address, allowed: boolean): void {
  const c = recordChange(event, ROLE, "KeeperSet");
  c.keepers = withKeeper(c.keepers, keeper, allowed);
  c.save();
}

export function onGuardianSet(event: ethereum.Event, guardian: Address): void {
  const c = recordChange(event, ROLE, "GuardianSet");
  c.guardian = guardian;
  c.save();
}

export function onPausedChanged(event: ethereum.Event, paused: boolean): void {
  const c = recordChange(event, PAUSE, paused ? "Paused" : "Unpaused");
  c.paused = paused;
  c.save();
}

export function onUpgraded(event: ethereum.Event, implementation: Address): void {
  const c = recordChange(event, UPGRADE, "Upgraded");
  c.implementation = implementation;
  c.save();
}

export function onOwnershipTransferred(event: ethereum.Event, current: Address): void {
  const c = recordChange(event, ROLE, "OwnershipTransferred");
  c.owner = current;
  c.save();
}
