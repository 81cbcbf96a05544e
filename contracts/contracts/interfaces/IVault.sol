// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The vault as its modules see it.
interface IVault {
    function stablecoin() external view returns (address);
    function oracle() external view returns (address);
    function getAssets() external view returns (address[] memory);
    function isAsset(address asset) external view returns (bool);
    function decimalsOf(address asset) external view returns (uint8);
    function navUsd() external view returns (uint256);
    function paused() external view returns (bool);
    /// @notice Moves vault tokens to `to`; only for authorised modules.
    function moduleTransfer(address token, address to, uint256 amount) external;
}

/// @notice A module that holds positions for the vault outside its token balances (yield shares, LP, perp).
interface IPositionModule {
    /// @notice USD value (WAD) of the positions the module holds for the vault.
    function positionValueUsd() external view returns (uint256);
    /// @notice Unwinds every position back into vault tokens (called by the vault on emergency exit).
    function exitAll() external;
}
