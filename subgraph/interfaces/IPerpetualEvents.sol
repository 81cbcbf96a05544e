// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The perpetual's liquidation (perp/Perpetual.sol): the subgraph records it and
///         closes the vault's hedge position when the liquidated account is its hedger.
///         scripts/module-events.test.ts checks it still matches the contract's declaration.
interface IPerpetualEvents {
    event Liquidated(address indexed account, address indexed asset, address indexed liquidator, int256 size, uint256 markPrice, int256 equityUsd, uint256 penalty);
}
