// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the oracle layer. Prices are USD per one whole token, 18-decimal fixed point
///         (1e18 = $1), whatever the decimals of the underlying feeds.
interface IOracleEvents {
    /// @notice Why an asset's price went into safe mode.
    /// 1 = stale (too few fresh feeds), 2 = quorum lost (fresh feeds disagree), 3 = circuit breaker.
    event SafeModeEntered(address indexed asset, uint8 indexed reason, uint256 lastGoodPriceUsd);
    event SafeModeExited(address indexed asset, uint256 priceUsd);
    /// @notice A new consensus price (the median of the agreeing fresh feeds) was accepted.
    event PriceUpdated(address indexed asset, uint256 priceUsd, uint256 updatedAt, uint8 feedsUsed);
    /// @notice A candidate price moved more than the breaker allows from the last good price.
    event CircuitBreakerTripped(address indexed asset, uint256 lastPriceUsd, uint256 candidatePriceUsd, uint256 moveBps);
    event FeedAdded(address indexed asset, address indexed feed);
    event FeedRemoved(address indexed asset, address indexed feed);
}
