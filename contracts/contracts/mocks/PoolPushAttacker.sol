// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IPushablePool {
    function setSkewBps(address token, int256 bps) external;
}

interface IUpkeep {
    function performUpkeep(bytes calldata performData) external;
}

/// @notice Test helper: pushes the mock pool's price of `token` and runs an upkeep in the same transaction,
///         as a searcher sandwiching a rebalance would.
contract PoolPushAttacker {
    function pushAndPerform(IPushablePool pool, address token, int256 skewBps, IUpkeep gateway, bytes calldata performData)
        external
    {
        pool.setSkewBps(token, skewBps);
        gateway.performUpkeep(performData);
    }
}
