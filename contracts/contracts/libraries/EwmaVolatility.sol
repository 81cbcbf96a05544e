// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FixedPointMath} from "./FixedPointMath.sol";

/// @title EwmaVolatility
/// @notice Volatility estimator (RiskMetrics style) over prices sampled on a fixed time grid.
///         For each sample with previous sampled price p₀, new price p₁ and `elapsed` seconds between them,
///         the simple return is r = (p₁ − p₀) / p₀ (WAD; for the small moves involved it is within r²/2 of
///         the log return), normalised to one sampling interval: r²ᵢ = r² · interval / elapsed, and the
///         variance updates as
///             var ← λ · var + (1 − λ) · r²ᵢ        (the first return seeds var = r²ᵢ)
///         σ = √var, per sampling interval, WAD. All products round down.
library EwmaVolatility {
    using FixedPointMath for uint256;

    struct State {
        uint256 variance; // WAD
        uint256 samples; // returns observed
    }

    function observe(State memory s, uint256 p0, uint256 p1, uint256 elapsed, uint256 interval, uint256 lambda)
        internal
        pure
        returns (State memory)
    {
        uint256 diff = p1 > p0 ? p1 - p0 : p0 - p1;
        uint256 r = diff.divWadDown(p0);
        uint256 r2 = FixedPointMath.mulDivDown(r.mulWadDown(r), interval, elapsed);
        if (s.samples == 0) {
            s.variance = r2;
        } else {
            s.variance = s.variance.mulWadDown(lambda) + r2.mulWadDown(FixedPointMath.WAD - lambda);
        }
        s.samples += 1;
        return s;
    }

    function sigma(State memory s) internal pure returns (uint256) {
        return FixedPointMath.sqrtWad(s.variance);
    }
}
