// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the harvester. Harvested yield is ordinary income at its fair market value.
interface IHarvesterEvents {
    event YieldSourceAdded(address indexed source, address indexed asset);
    /// @notice Yield claimed from an ERC4626 source: `amount` of `asset` at `priceUsd` (income of valueUsd);
    ///         `compounded` of it went straight back into the source.
    event Harvest(
        address indexed vault,
        address indexed source,
        address indexed asset,
        uint256 amount,
        uint256 priceUsd,
        uint256 valueUsd,
        uint256 compounded
    );
}
