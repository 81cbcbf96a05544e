// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FixedPointMath} from "../libraries/FixedPointMath.sol";

/// @title InverseVolatility
/// @notice The allocation engine's arithmetic.
///
///         Risk weights: w_i = (1/σ_i) / Σ_j (1/σ_j). With inv_i = ⌊WAD² / σ_i⌋ each weight is
///         ⌊inv_i · WAD / Σ inv⌋; the remainder (WAD − Σ w_i, fewer than n wei) goes to the largest weight
///         (the lowest index among equals), so the weights sum to exactly WAD.
///
///         Portfolio volatility is estimated conservatively as if the assets were perfectly correlated:
///         σ_p = Σ w_i σ_i (an upper bound of the true value for any correlation).
///
///         Targets with a stablecoin share s: the stablecoin gets ⌊s⌋ and each risk asset ⌊w_i · (WAD − s)⌋;
///         the remainder again goes to the largest target, so the full vector sums to exactly WAD.
///
///         σ guards (applied by clampSigma): a missing estimate (too few samples) or σ = 0 takes the
///         configured fallback; σ is then clamped into [minSigma, maxSigma] so neither a dead feed nor a
///         spike can give an asset (almost) all or none of the weight.
library InverseVolatility {
    using FixedPointMath for uint256;

    error EmptyInput();
    error ZeroSigma(uint256 index);

    function clampSigma(uint256 sigma, uint256 samples, uint256 minSamples, uint256 fallbackSigma, uint256 minSigma, uint256 maxSigma)
        internal
        pure
        returns (uint256)
    {
        if (sigma == 0 || samples < minSamples) sigma = fallbackSigma;
        if (sigma < minSigma) return minSigma;
        if (sigma > maxSigma) return maxSigma;
        return sigma;
    }

    function riskWeights(uint256[] memory sigmas) internal pure returns (uint256[] memory weights) {
        uint256 n = sigmas.length;
        if (n == 0) revert EmptyInput();
        uint256[] memory inv = new uint256[](n);
        uint256 sumInv;
        for (uint256 i; i < n; ++i) {
            if (sigmas[i] == 0) revert ZeroSigma(i);
            inv[i] = FixedPointMath.mulDivDown(FixedPointMath.WAD, FixedPointMath.WAD, sigmas[i]);
            sumInv += inv[i];
        }
        weights = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            weights[i] = FixedPointMath.mulDivDown(inv[i], FixedPointMath.WAD, sumInv);
        }
        _assignRemainder(weights);
    }

    /// @notice σ_p = Σ w_i σ_i (perfect-correlation upper bound), WAD, rounded down.
    function portfolioSigma(uint256[] memory weights, uint256[] memory sigmas) internal pure returns (uint256 s) {
        for (uint256 i; i < weights.length; ++i) {
            s += weights[i].mulWadDown(sigmas[i]);
        }
    }

    /// @notice Full target vector: index 0 is the stablecoin with `stableShare`, then the risk assets.
    function targets(uint256[] memory riskW, uint256 stableShare) internal pure returns (uint256[] memory t) {
        uint256 n = riskW.length;
        t = new uint256[](n + 1);
        t[0] = stableShare;
        uint256 riskShare = FixedPointMath.WAD - stableShare;
        for (uint256 i; i < n; ++i) {
            t[i + 1] = riskW[i].mulWadDown(riskShare);
        }
        _assignRemainder(t);
    }

    function _assignRemainder(uint256[] memory w) private pure {
        uint256 sum;
        uint256 largest;
        for (uint256 i; i < w.length; ++i) {
            sum += w[i];
            if (w[i] > w[largest]) largest = i;
        }
        w[largest] += FixedPointMath.WAD - sum;
    }
}
