// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Rebalancer} from "../rebalancer/Rebalancer.sol";

/// @notice A later rebalancer implementation used to test that a module upgrade preserves state.
contract RebalancerV2Mock is Rebalancer {
    function version() external pure returns (uint256) {
        return 2;
    }
}
