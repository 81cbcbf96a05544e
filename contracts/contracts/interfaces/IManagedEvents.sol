// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Role, pause and upgrade events every managed module emits (ManagedUpgradeable, OpenZeppelin's
///         PausableUpgradeable and ERC1967). Declared here for the subgraph's ABIs only (no contract inherits
///         it, as OpenZeppelin declares three of them); test/subgraph-events.spec.ts checks each signature the
///         subgraph handles against the compiled contracts.
interface IManagedEvents {
    event ManagementTransferStarted(address indexed current, address indexed pending);
    event ManagementTransferred(address indexed previous, address indexed current);
    event KeeperSet(address indexed keeper, bool allowed);
    event GuardianSet(address indexed guardian);
    event Paused(address account);
    event Unpaused(address account);
    event Upgraded(address indexed implementation);
}
