// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IVenue} from "./IVenue.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";

/// @title VenueGuard
/// @notice Pre-trade checks of a venue against the oracle, shared by every trading module:
///         - the venue's spot price and its TWAP must both be within `maxDeviationBps` of the oracle's price
///           (a pool pushed in the same block moves spot; one pushed for longer moves the TWAP);
///         - a trade is capped at `maxDepthShareBps` of the venue's depth, i.e. at about that much price impact.
library VenueGuard {
    using FixedPointMath for uint256;

    error VenuePriceOff(address asset, uint256 venuePrice, uint256 oraclePrice);

    struct Config {
        uint256 maxDeviationBps;
        uint32 twapWindow;
        uint256 maxDepthShareBps;
    }

    /// @param oraclePrice the oracle's price of one whole `asset` in whole `quoteToken` (WAD)
    function checkPrice(IVenue venue, address asset, address quoteToken, uint24 feeTier, uint256 oraclePrice, Config memory c)
        internal
        view
    {
        uint256 spot = venue.spotPrice(asset, quoteToken, feeTier);
        if (spot.diffBpsUp(oraclePrice, oraclePrice) > c.maxDeviationBps) revert VenuePriceOff(asset, spot, oraclePrice);
        uint256 twap = venue.twapPrice(asset, quoteToken, feeTier, c.twapWindow);
        if (twap.diffBpsUp(oraclePrice, oraclePrice) > c.maxDeviationBps) revert VenuePriceOff(asset, twap, oraclePrice);
    }

    /// @notice The largest trade (USD, WAD) the venue takes within the configured impact.
    function maxTradeUsd(IVenue venue, address asset, address quoteToken, uint24 feeTier, Config memory c)
        internal
        view
        returns (uint256)
    {
        return venue.depthUsd(asset, quoteToken, feeTier).bpsDown(c.maxDepthShareBps);
    }
}
