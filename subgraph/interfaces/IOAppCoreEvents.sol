// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice LayerZero's OApp peer event (IOAppCore declares it; the share coordinator emits it when its owner,
///         the timelock, names the coordinator it trusts on another chain). scripts/module-events.test.ts checks it.
interface IOAppCoreEvents {
    event PeerSet(uint32 eid, bytes32 peer);
}
