// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test oracle: one settable price and health flag per asset (default $1 and healthy), for specs that
///         need a vault without the oracle hub's feeds (the cross-chain mover's two-chain tests).
contract FixedPriceOracle {
    mapping(address => uint256) private _price;
    mapping(address => bool) private _unhealthy;

    function setPrice(address asset, uint256 priceWad) external {
        _price[asset] = priceWad;
    }

    function setHealthy(address asset, bool healthy) external {
        _unhealthy[asset] = !healthy;
    }

    function priceOf(address asset) external view returns (uint256) {
        uint256 p = _price[asset];
        return p == 0 ? 1e18 : p;
    }

    function isHealthy(address asset) external view returns (bool) {
        return !_unhealthy[asset];
    }

    function volatilityOf(address) external pure returns (uint256, uint256) {
        return (0, 0);
    }

    function update(address) external {}
}
