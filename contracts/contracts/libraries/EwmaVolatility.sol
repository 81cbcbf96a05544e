// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FixedPointMath} from "./FixedPointMath.sol";

/// @title EwmaVolatility
/// @notice Per-round volatility estimator (RiskMetrics style) over accepted oracle prices.
///         For each accepted round with previous price p₀ and new price p₁ the simple return is
///         r = (p₁ − p₀) / p₀ (WAD; for the small per-round moves involved it is within r²/2 of the log
///         return), and the variance updates as
///             var ← λ · var + (1 − λ) · r²        (the first return seeds var = r²)
///         σ = √var, per round, WAD. All products round down.
library EwmaVolatility {
    using FixedPointMath for uint256;

    struct State {
        uint256 variance; // WAD
        uint256 samples; // returns observed
    }

    function observe(State memory s, uint256 p0, uint256 p1, uint256 lambda) internal pure returns (State memory) {
        uint256 diff = p1 > p0 ? p1 - p0 : p0 - p1;
        uint256 r = diff.divWadDown(p0);
        uint256 r2 = r.mulWadDown(r);
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
