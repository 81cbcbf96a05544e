// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the keeper entry points (Chainlink-Automation style).
interface IKeeperEvents {
    /// @notice action: 1 = update weights, 2 = rebalance, 3 = harvest, 4 = hedge.
    event UpkeepPerformed(uint8 indexed action, address indexed caller, bytes performData);
}
