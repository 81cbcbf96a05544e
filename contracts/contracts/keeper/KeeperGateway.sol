// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IKeeperEvents} from "../interfaces/IKeeperEvents.sol";

interface IRebalancerActions {
    function weightsDue() external view returns (bool);
    function updateWeights() external;
    function rebalanceNeeded() external view returns (bool, uint256);
    function rebalance() external;
    function harvestLoss(address asset, uint256 amount, uint256 minOut, uint256 lockoutUntil, uint256 deadline)
        external
        returns (uint256);
}

interface IHarvesterActions {
    function harvestNeeded() external view returns (bool);
    function harvestAll() external returns (uint256);
}

interface IHedgerActions {
    function hedgeNeeded() external view returns (bool);
    function hedge() external;
}

/// @title KeeperGateway
/// @notice Chainlink-Automation-style entry points for the automated actions.
///         checkUpkeep returns the first action due, in priority order 1 = update weights, 2 = rebalance,
///         3 = harvest, 4 = hedge, with performData = abi.encode(uint8 action). performUpkeep is for the
///         keeper set only (the keeper account, or an automation network's forwarder added with setKeeper),
///         so nobody can time a trade to their own pool manipulation; it re-checks that the action is due
///         (UpkeepNotNeeded otherwise) and the module re-checks all of its own guards, including the
///         venue's price against the oracle. harvestLoss is the keeper's tax-loss sale (keepers only), forwarded to the
///         rebalancer, which emits LossHarvested and PurchaseLockoutSet.
///         The gateway must be a keeper of the rebalancer, the harvester and the hedger.
contract KeeperGateway is ManagedUpgradeable, IKeeperEvents {
    uint8 public constant ACTION_UPDATE_WEIGHTS = 1;
    uint8 public constant ACTION_REBALANCE = 2;
    uint8 public constant ACTION_HARVEST = 3;
    uint8 public constant ACTION_HEDGE = 4;

    error UpkeepNotNeeded(uint8 action);
    error UnknownAction(uint8 action);

    IRebalancerActions public rebalancer;
    IHarvesterActions public harvester;
    IHedgerActions public hedger;

    uint256[47] private __gap;

    function initialize(
        address management_,
        address guardian_,
        IRebalancerActions rebalancer_,
        IHarvesterActions harvester_,
        IHedgerActions hedger_
    ) external initializer {
        __Managed_init(management_, guardian_);
        rebalancer = rebalancer_;
        harvester = harvester_;
        hedger = hedger_;
    }

    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        if (paused()) return (false, "");
        for (uint8 action = ACTION_UPDATE_WEIGHTS; action <= ACTION_HEDGE; ++action) {
            if (isDue(action)) return (true, abi.encode(action));
        }
        return (false, "");
    }

    function performUpkeep(bytes calldata performData) external onlyKeeper whenNotPaused nonReentrant {
        uint8 action = abi.decode(performData, (uint8));
        if (action < ACTION_UPDATE_WEIGHTS || action > ACTION_HEDGE) revert UnknownAction(action);
        if (!isDue(action)) revert UpkeepNotNeeded(action);
        if (action == ACTION_UPDATE_WEIGHTS) rebalancer.updateWeights();
        else if (action == ACTION_REBALANCE) rebalancer.rebalance();
        else if (action == ACTION_HARVEST) harvester.harvestAll();
        else hedger.hedge();
        emit UpkeepPerformed(action, msg.sender, performData);
    }

    function harvestLoss(address asset, uint256 amount, uint256 minOut, uint256 lockoutUntil, uint256 deadline)
        external
        onlyKeeper
        whenNotPaused
        nonReentrant
        returns (uint256 amountOut)
    {
        return rebalancer.harvestLoss(asset, amount, minOut, lockoutUntil, deadline);
    }

    function isDue(uint8 action) public view returns (bool) {
        if (action == ACTION_UPDATE_WEIGHTS) return rebalancer.weightsDue();
        if (action == ACTION_REBALANCE) {
            (bool needed,) = rebalancer.rebalanceNeeded();
            return needed;
        }
        if (action == ACTION_HARVEST) return harvester.harvestNeeded();
        if (action == ACTION_HEDGE) return hedger.hedgeNeeded();
        return false;
    }
}
