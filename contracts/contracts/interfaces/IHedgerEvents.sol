// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the hedger. Sizes are signed base units of the asset (negative = short).
interface IHedgerEvents {
    /// @notice The hedge was adjusted. hedgeRatio = Δ_LP / Δ_derivative, 1e18 fixed point.
    ///         fundingPaid > 0 means the vault paid funding since the last adjustment; realizedPnlUsd is
    ///         the perp P&L realized by reducing the position (18-decimal USD).
    event Hedge(
        address indexed vault,
        address indexed asset,
        int256 sizeBefore,
        int256 sizeAfter,
        uint256 priceUsd,
        uint256 hedgeRatio,
        int256 fundingPaid,
        int256 realizedPnlUsd,
        uint256 marginUsd
    );

    /// @notice What a keeper's hedge call decided. Skip: nothing traded; Shrink: the short moved only to the
    ///         band's edge; Hedge: the short moved to the full target; Margin: the size kept, only the margin reset.
    enum HedgeAction {
        Skip,
        Shrink,
        Hedge,
        Margin
    }

    /// @notice One evaluation of the hedge's cost against the risk it removes (see Hedger), emitted by every
    ///         hedge call (after its Hedge event when it traded). Sizes are signed base units: the short
    ///         before and after, the full target (−Δ_LP) and the band's edge nearest to the short. Figures are
    ///         WAD: the oracle's price and per-round σ, the perp's funding rate per second (positive = longs
    ///         pay shorts), and for the move to the target and to the edge the expected funding over the
    ///         horizon (signed: positive = the vault pays) and the loss it saves: the risk charge the move removes (USD).
    event HedgeDecision(
        address indexed asset,
        HedgeAction indexed action,
        int256 sizeBefore,
        int256 sizeAfter,
        int256 targetSize,
        int256 edgeSize,
        uint256 priceUsd,
        uint256 sigma,
        int256 fundingRate,
        int256 fundingCostUsd,
        uint256 lossSavedUsd,
        int256 edgeFundingCostUsd,
        uint256 edgeLossSavedUsd
    );

    /// @notice The emergency exit returned the LP position's `amount` base units of `token` to the vault,
    ///         worth `priceUsd` (18-decimal USD per whole token) each: tax records them as a lot at
    ///         that fair market value, as it does a deposit. One event per token.
    event LiquidityReturned(address indexed vault, address indexed token, uint256 amount, uint256 priceUsd);
}
