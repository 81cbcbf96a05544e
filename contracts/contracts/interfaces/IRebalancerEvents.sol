// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the allocation engine, the rebalancer and the keeper's tax-loss sales.
interface IRebalancerEvents {
    /// @notice New target weights (1e18 = 100 %, summing to exactly 1e18) from inverse volatility.
    ///         volatilities are per-round σ in 1e18 fixed point; riskOff is set when the stablecoin tilt applies.
    event TargetWeightsUpdated(address[] assets, uint256[] weights, uint256[] volatilities, bool riskOff);
    /// @notice One rebalance: its trades are the Trade events with the same rebalanceId, emitted before it.
    event Rebalance(
        address indexed vault,
        uint256 indexed rebalanceId,
        uint256 navBeforeUsd,
        uint256 navAfterUsd,
        uint256 maxDriftBps,
        uint256 trades
    );
    /// @notice One swap: a disposal of tokenIn and an acquisition of tokenOut. feeAmountIn is the DEX fee,
    ///         paid in tokenIn and already inside amountIn. Prices are the oracle's at this block.
    ///         pool: the venue's pool of the risk asset at feeTier (on a two-hop route through WETH, the asset's
    ///         own leg; the other leg is the hub's pool against the stablecoin). realisedPrice: whole stablecoin
    ///         per whole risk asset the swap actually gave (fee included), 18-decimal. priceImpactBps: how much
    ///         worse than the oracle's price that was, in bps (fee included; negative = better than the oracle).
    event Trade(
        address indexed vault,
        uint256 indexed rebalanceId,
        address indexed tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 amountOut,
        uint256 priceInUsd,
        uint256 priceOutUsd,
        uint256 feeAmountIn,
        uint24 feeTier,
        address pool,
        uint256 realisedPrice,
        int256 priceImpactBps
    );
    /// @notice The keeper sold `asset` for tax-loss harvesting; buying it back is locked until lockoutUntil.
    ///         pool, realisedPrice and priceImpactBps as in Trade.
    event LossHarvested(
        address indexed vault,
        address indexed asset,
        address indexed tokenOut,
        uint256 amountIn,
        uint256 amountOut,
        uint256 priceInUsd,
        uint256 priceOutUsd,
        uint256 feeAmountIn,
        uint256 lockoutUntil,
        address pool,
        uint256 realisedPrice,
        int256 priceImpactBps
    );
    /// @notice The rebalancer will not buy `asset` until `until`; its weight is parked in `substitute`.
    event PurchaseLockoutSet(address indexed asset, uint256 until, address substitute);
}
