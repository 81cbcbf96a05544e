// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the liquidity manager. Amounts are base units of the position's asset and stablecoin;
///         prices are USD per whole token (WAD) at the oracle; ticks are the pool's.
interface ILiquidityManagerEvents {
    /// @notice Why the keeper's re-range call did or did not move the position.
    ///         InRange: nothing triggers (skip); OutOfRange / NearEdge / TierSwitch: the trigger that re-ranged;
    ///         FeesBelowCost: a trigger fired but the expected fees gained did not exceed gas plus swap cost (skip).
    enum Reason {
        InRange,
        OutOfRange,
        NearEdge,
        TierSwitch,
        FeesBelowCost
    }

    /// @notice One evaluation of the re-range rule and its figures (USD, WAD): the fees the best range is
    ///         expected to earn over the fee horizon, those the current one is expected to earn, and the cost.
    event Decision(
        bool indexed rerange,
        Reason indexed reason,
        uint24 fee,
        int24 tick,
        int24 tickLower,
        int24 tickUpper,
        uint256 newFeesUsd,
        uint256 stayFeesUsd,
        uint256 costUsd
    );

    /// @notice A position was opened over [tickLower, tickUpper) of the `fee` pool, centred on `twapTick`, with
    ///         the per-round volatility `sigma` (WAD) that set its width.
    event RangeOpened(
        uint256 indexed positionId,
        uint24 fee,
        int24 tickLower,
        int24 tickUpper,
        int24 twapTick,
        uint256 sigma,
        uint128 liquidity,
        uint256 assetAmount,
        uint256 stableAmount
    );

    /// @notice A position was closed (liquidity removed, NFT burnt); its principal went to `to`. Its fees were
    ///         collected just before, in a FeesCollected of the same transaction, and are not in these amounts.
    event RangeClosed(
        uint256 indexed positionId, address indexed to, uint256 assetAmount, uint256 stableAmount, uint256 assetPriceUsd, uint256 stablePriceUsd
    );

    /// @notice A swap that brought the manager's tokens to a range's ratio, in the `fee` pool.
    event RatioSwap(address indexed tokenIn, address indexed tokenOut, uint24 fee, uint256 amountIn, uint256 amountOut);

    /// @notice Fees collected from the position (before reinvesting them).
    event FeesCollected(uint256 indexed positionId, uint256 assetAmount, uint256 stableAmount, uint256 assetPriceUsd, uint256 stablePriceUsd);

    /// @notice Liquidity added back to the position from collected fees.
    event Reinvested(uint256 indexed positionId, uint128 liquidity, uint256 assetAmount, uint256 stableAmount);

    /// @notice Tokens the position did not take went back to the vault.
    event Returned(address indexed vault, uint256 assetAmount, uint256 stableAmount);

    event FeeTierSet(uint24 fee, bool enabled);
}
