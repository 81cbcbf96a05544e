// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Hedger.MarginMoved, which the Hedger declares itself rather than in IHedgerEvents. The subgraph
///         follows it to know how much stablecoin is posted as perp margin, outside the sleeve the rebalancer
///         trades. scripts/module-events.test.ts checks it still matches the contract's line.
interface IHedgerMarginEvents {
    event MarginMoved(address indexed vault, address indexed asset, int256 stableAmount);
}
