// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Harvester.Allocated, which the Harvester declares itself rather than in IHarvesterEvents. The
///         subgraph follows it to know how much of each asset sits in yield sources, outside the sleeve the
///         rebalancer trades. scripts/module-events.test.ts checks it still matches the contract's line.
interface IHarvesterAllocationEvents {
    event Allocated(address indexed vault, address indexed source, address indexed asset, uint256 amount, uint256 shares);
}
