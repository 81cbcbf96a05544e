// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the vault. The vault address is the tax "wallet"; its owner is the taxpayer.
///         Amounts are raw token base units; prices USD per whole token, 18 decimals.
interface IVaultEvents {
    event AssetAdded(address indexed asset, uint8 decimals, string symbol, bool isStable);
    /// @notice The owner moved tokens into the vault; the lot's fair market value is priceUsd.
    event Deposited(address indexed asset, address indexed from, uint256 amount, uint256 priceUsd);
    /// @notice The owner took tokens out of the vault (a transfer to another wallet, not a sale).
    event Withdrawn(address indexed asset, address indexed to, uint256 amount, uint256 priceUsd);
    event ModuleSet(bytes32 indexed role, address indexed module);
    event EmergencyExit(address indexed guardian, uint256 navUsd);
}
