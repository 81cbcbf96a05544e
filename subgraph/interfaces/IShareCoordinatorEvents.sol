// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The share coordinator's events (bridge/contracts/ShareCoordinator.sol declares them in its body):
///         the per-chain target shares set on the home chain, relayed as a LayerZero message (guid) and applied,
///         or ignored as stale, on the remote. scripts/module-events.test.ts checks they still match.
interface IShareCoordinatorEvents {
    event SharesSet(uint64 indexed version, uint32[] eids, uint16[] bps);
    event SharesRelayed(bytes32 indexed guid, uint32 indexed dstEid, uint64 indexed version, uint256 nativeFee);
    event SharesApplied(bytes32 indexed guid, uint64 indexed version, uint32[] eids, uint16[] bps);
    event StaleSharesIgnored(bytes32 indexed guid, uint64 version, uint64 held);
}
