// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {InverseVolatility} from "../allocation/InverseVolatility.sol";

/// @notice Exposes the allocation arithmetic to tests.
contract InverseVolatilityHarness {
    function riskWeights(uint256[] memory sigmas) external pure returns (uint256[] memory) {
        return InverseVolatility.riskWeights(sigmas);
    }

    function targets(uint256[] memory riskW, uint256 stableShare) external pure returns (uint256[] memory) {
        return InverseVolatility.targets(riskW, stableShare);
    }

    function portfolioSigma(uint256[] memory w, uint256[] memory s) external pure returns (uint256) {
        return InverseVolatility.portfolioSigma(w, s);
    }

    function clampSigma(uint256 sigma, uint256 samples, uint256 minSamples, uint256 fallbackSigma, uint256 minSigma, uint256 maxSigma)
        external
        pure
        returns (uint256)
    {
        return InverseVolatility.clampSigma(sigma, samples, minSamples, fallbackSigma, minSigma, maxSigma);
    }
}
