// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IOracleEvents} from "../interfaces/IOracleEvents.sol";

/// @notice Benchmark fixture: emits oracle price events in bulk so the indexer can be measured on a
///         large subgraph. Never part of a deployment.
contract EventBurst is IOracleEvents {
    /// @notice Emits `count` PriceUpdated events for `asset`, prices basePrice, basePrice + 1, ...
    function burst(address asset, uint256 basePrice, uint256 count) external {
        for (uint256 i = 0; i < count; ++i) {
            emit PriceUpdated(asset, basePrice + i, block.timestamp, 5);
        }
    }
}
