// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice What the vault and its modules read from the oracle layer. Prices: USD per whole token, WAD.
interface IOracleHub {
    /// @notice The last good consensus price (also while in safe mode). Reverts if there never was one.
    function priceOf(address asset) external view returns (uint256);
    /// @notice True when the asset is out of safe mode and its last good price is fresh.
    function isHealthy(address asset) external view returns (bool);
    /// @notice Per-round volatility σ (WAD) from the EWMA estimator and how many returns it has seen.
    function volatilityOf(address asset) external view returns (uint256 sigma, uint256 samples);
    function update(address asset) external;
}
