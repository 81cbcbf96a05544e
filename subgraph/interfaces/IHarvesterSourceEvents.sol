// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A yield source's life after it was added, which the Harvester declares itself rather than in
///         IHarvesterEvents: the subgraph follows shutdowns and failed exits to know what is still in yield
///         sources. scripts/module-events.test.ts checks each line still matches the contract's.
interface IHarvesterSourceEvents {
    event SourceImpaired(address indexed source);
    event SourceShutdown(address indexed source, address indexed asset, uint256 principalReleased, uint256 sharesLeft);
    event SourceRemoved(address indexed source, uint256 sharesLeft);
    event SourceExitFailed(address indexed source, bytes reason);
}
