// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the keeper entry points (Chainlink-Automation style).
interface IKeeperEvents {
    /// @notice action: 1 = update weights, 2 = rebalance, 3 = harvest, 4 = hedge, 5 = re-range, 6 = collect fees.
    event UpkeepPerformed(uint8 indexed action, address indexed caller, bytes performData);

    /// @notice The lots a sale in this transaction relieves (specific identification, made at the sale).
    ///         Each lot is named by its key chainId << 128 | block << 64 | logIndex: the log that opened it
    ///         (the subgraph's Lot id "<block>-<logIndex>") on the chain it names. amounts are the asset's base
    ///         units taken from each lot; they add up to `amount`, the quantity the sale disposed of.
    event LotsIdentified(address indexed asset, uint256 amount, uint256[] lots, uint256[] amounts);
}
