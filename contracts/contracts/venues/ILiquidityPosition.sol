// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILiquidityPositionEvents} from "../interfaces/ILiquidityPositionEvents.sol";

/// @title ILiquidityPosition
/// @notice One liquidity position of a risk asset against the stablecoin, held for the vault by an adapter that
///         only its controller (the module managing the position) may change. Venue-agnostic: the Uniswap v3
///         adapter implements it over a NonfungiblePositionManager position.
interface ILiquidityPosition is ILiquidityPositionEvents {
    function asset() external view returns (address);
    function stable() external view returns (address);
    function controller() external view returns (address);

    /// @notice Asset and stablecoin base units the position holds at the pool's current price, plus fees the
    ///         venue already owes it (rounded down). Uncollected fee growth the venue has not yet credited is
    ///         not counted.
    function amounts() external view returns (uint256 assetAmount, uint256 stableAmount);

    /// @notice Adds liquidity paid by the controller (unused tokens go back to it); `deadline` as the venue's.
    function addLiquidity(uint256 assetDesired, uint256 stableDesired, uint256 assetMin, uint256 stableMin, uint256 deadline)
        external
        returns (uint128 liquidity, uint256 assetAmount, uint256 stableAmount);

    /// @notice Removes all liquidity and sends every token the position holds to `to`; controller only.
    function exit(address to) external returns (uint256 assetAmount, uint256 stableAmount);

    /// @notice Hands control to `next` (e.g. from the deployer that funded the position to the hedger).
    function setController(address next) external;
}
