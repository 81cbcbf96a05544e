// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title FixedPointMath
/// @notice Fixed-point helpers with named precision. WAD = 1e18 is the unit of prices (USD per whole token),
///         weights and volatilities; MAX_BPS = 10_000 is 100 % in basis points. Every function names its
///         rounding direction: `Down` truncates toward zero, `Up` rounds away from zero.
library FixedPointMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant MAX_BPS = 10_000;

    function mulWadDown(uint256 a, uint256 b) internal pure returns (uint256) {
        return Math.mulDiv(a, b, WAD);
    }

    function mulWadUp(uint256 a, uint256 b) internal pure returns (uint256) {
        return Math.mulDiv(a, b, WAD, Math.Rounding.Ceil);
    }

    function divWadDown(uint256 a, uint256 b) internal pure returns (uint256) {
        return Math.mulDiv(a, WAD, b);
    }

    function divWadUp(uint256 a, uint256 b) internal pure returns (uint256) {
        return Math.mulDiv(a, WAD, b, Math.Rounding.Ceil);
    }

    function mulDivDown(uint256 a, uint256 b, uint256 d) internal pure returns (uint256) {
        return Math.mulDiv(a, b, d);
    }

    function mulDivUp(uint256 a, uint256 b, uint256 d) internal pure returns (uint256) {
        return Math.mulDiv(a, b, d, Math.Rounding.Ceil);
    }

    /// @notice `a` scaled by `bps` / MAX_BPS, rounded down.
    function bpsDown(uint256 a, uint256 bps) internal pure returns (uint256) {
        return Math.mulDiv(a, bps, MAX_BPS);
    }

    /// @notice USD value (WAD) of `amount` base units of a token with `decimals`, at `priceWad`; rounded down.
    function toUsdDown(uint256 amount, uint8 decimals, uint256 priceWad) internal pure returns (uint256) {
        return Math.mulDiv(amount, priceWad, 10 ** decimals);
    }

    /// @notice Base units of a token with `decimals` worth `usdWad` at `priceWad`; rounded down.
    function fromUsdDown(uint256 usdWad, uint8 decimals, uint256 priceWad) internal pure returns (uint256) {
        return Math.mulDiv(usdWad, 10 ** decimals, priceWad);
    }

    /// @notice Rescales an integer with `fromDecimals` decimals to WAD (18 decimals), rounding down.
    function scaleToWad(uint256 value, uint8 fromDecimals) internal pure returns (uint256) {
        if (fromDecimals == 18) return value;
        if (fromDecimals < 18) return value * 10 ** (18 - fromDecimals);
        return value / 10 ** (fromDecimals - 18);
    }

    /// @notice Square root of a WAD number, as a WAD number, rounded down.
    function sqrtWad(uint256 x) internal pure returns (uint256) {
        return Math.sqrt(x * WAD);
    }

    /// @notice |a - b| / reference in basis points, rounded up (so a bound check never under-reports a move).
    function diffBpsUp(uint256 a, uint256 b, uint256 reference_) internal pure returns (uint256) {
        uint256 diff = a > b ? a - b : b - a;
        return Math.mulDiv(diff, MAX_BPS, reference_, Math.Rounding.Ceil);
    }
}
