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

    /// @notice The emergency exit returned the LP position's `amount` base units of `token` to the vault,
    ///         worth `priceUsd` (18-decimal USD per whole token) each: tax records them as a lot at
    ///         that fair market value, as it does a deposit. One event per token.
    event LiquidityReturned(address indexed vault, address indexed token, uint256 amount, uint256 priceUsd);
}
