// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IKeeperEvents} from "../interfaces/IKeeperEvents.sol";
import {ILiquidityManagerEvents} from "../interfaces/ILiquidityManagerEvents.sol";
import {IVault} from "../interfaces/IVault.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

interface IRebalancerActions {
    function weightsDue() external view returns (bool);
    function updateWeights() external;
    function rebalanceNeeded() external view returns (bool, uint256);
    function rebalance() external;
    function vault() external view returns (IVault);
    function harvestLoss(address asset, uint256 amount, uint256 minOut, uint256 lockoutUntil, uint256 deadline)
        external
        returns (uint256);
}

interface IHarvesterActions {
    function harvestNeeded() external view returns (bool);
    function harvestAll() external returns (uint256);
}

interface ILiquidityManagerActions {
    struct Plan {
        uint24 fee;
        address pool;
        int24 tick;
        int24 twapTick;
        int24 tickLower;
        int24 tickUpper;
        uint128 liquidity;
        uint256 feesUsd;
    }

    struct Evaluation {
        bool rerange;
        ILiquidityManagerEvents.Reason reason;
        int24 tick;
        uint256 stayFeesUsd;
        uint256 costUsd;
        Plan best;
    }

    function paused() external view returns (bool);
    function tokenId() external view returns (uint256);
    function lastCollect() external view returns (uint64);
    function costConfig()
        external
        view
        returns (uint256 feeHorizon, uint256 rerangeGas, uint256 collectInterval, uint32 twapWindow, uint256 maxDeviationTicks, uint256 maxSlippageBps);
    function evaluate() external view returns (Evaluation memory);
    function rerange() external returns (bool);
    function collectAndReinvest() external;
}

interface IHedgerActions {
    function hedgeNeeded() external view returns (bool);
    function hedge() external;
}

/// @title KeeperGateway
/// @notice Chainlink-Automation-style entry points for the automated actions.
///         checkUpkeep returns the first action due, in priority order 1 = update weights, 2 = rebalance,
///         3 = harvest, 4 = hedge, 5 = re-range, 6 = collect fees, with performData = abi.encode(uint8 action).
///         Re-range is due when the liquidity manager's rule has a trigger (out of range, near an edge, a better
///         tier) and RERANGE_SPACING has passed since the gateway last asked: the manager then re-ranges only
///         when the expected fees beat gas plus swap cost, and emits its Decision either way (a trigger that
///         stays while fees do not beat costs is re-decided at most once per spacing, not on every check). Collect is due once the manager's collect interval has passed. A hedge the
///         manager's move makes due is reported on the next check (the hedger reads the manager's position). performUpkeep is for the
///         keeper set only (the keeper account, or an automation network's forwarder added with setKeeper),
///         so nobody can time a trade to their own pool manipulation; it re-checks that the action is due
///         (UpkeepNotNeeded otherwise) and the module re-checks all of its own guards, including the
///         venue's price against the oracle. harvestLoss is the keeper's tax-loss sale (keepers only), forwarded to the
///         rebalancer, which emits LossHarvested and PurchaseLockoutSet. harvestLossIdentified is the same sale
///         with the lots it relieves named in the sale's own transaction (LotsIdentified, after LossHarvested):
///         at most MAX_IDENTIFIED_LOTS lots, each of this chain and an earlier or the current block, each amount
///         non-zero, and the amounts adding up to the amount sold, or the whole call reverts.
///         rebalanceIdentified is performUpkeep's rebalance with the lots its sales relieve: the amount sold is
///         decided on-chain in the same call, so the keeper lists each asset's lots in order of preference with
///         what each may give, and the gateway relieves them in that order up to the vault's measured decrease
///         of that asset, recording exactly the prefix used (LotsIdentified per asset sold).
///         The gateway must be a keeper of the rebalancer, the harvester, the hedger and the liquidity manager.
contract KeeperGateway is ManagedUpgradeable, IKeeperEvents {
    uint8 public constant ACTION_UPDATE_WEIGHTS = 1;
    uint8 public constant ACTION_REBALANCE = 2;
    uint8 public constant ACTION_HARVEST = 3;
    uint8 public constant ACTION_HEDGE = 4;
    uint8 public constant ACTION_RERANGE = 5;
    uint8 public constant ACTION_COLLECT = 6;
    /// @notice The least time between two re-range upkeeps.
    uint256 public constant RERANGE_SPACING = 1 hours;

    error UpkeepNotNeeded(uint8 action);
    error UnknownAction(uint8 action);
    error LotCount(uint256 lots, uint256 amounts);
    error LotNotOfThisChain(uint256 lot);
    error LotFromFutureBlock(uint256 lot);
    error ZeroLotAmount(uint256 lot);
    error LotAmountsMismatch(uint256 identified, uint256 sold);
    error AssetListLengths(uint256 assets, uint256 lots, uint256 available, uint256 vaultAssets);
    error AssetNotIdentifiable(address asset);
    error LotsShort(address asset, uint256 available, uint256 sold);

    /// @notice The liquidity manager the gateway re-ranges and collects for (zero: none).
    event LiquidityManagerSet(address indexed manager);

    /// @notice At most this many lots named by one sale (bounds the event's size and the call's gas).
    uint256 public constant MAX_IDENTIFIED_LOTS = 32;

    IRebalancerActions public rebalancer;
    IHarvesterActions public harvester;
    IHedgerActions public hedger;
    ILiquidityManagerActions public liquidityManager;
    /// @notice When the gateway last performed a re-range upkeep.
    uint64 public lastRerangeAt;

    uint256[45] private __gap;

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

    /// @notice Sets the liquidity manager whose re-range and collection the gateway performs (zero: none).
    function setLiquidityManager(ILiquidityManagerActions manager) external onlyManagement nonReentrant {
        liquidityManager = manager;
        emit LiquidityManagerSet(address(manager));
    }

    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        if (paused()) return (false, "");
        for (uint8 action = ACTION_UPDATE_WEIGHTS; action <= ACTION_COLLECT; ++action) {
            if (isDue(action)) return (true, abi.encode(action));
        }
        return (false, "");
    }

    function performUpkeep(bytes calldata performData) external onlyKeeper whenNotPaused nonReentrant {
        uint8 action = abi.decode(performData, (uint8));
        if (action < ACTION_UPDATE_WEIGHTS || action > ACTION_COLLECT) revert UnknownAction(action);
        if (!isDue(action)) revert UpkeepNotNeeded(action);
        if (action == ACTION_UPDATE_WEIGHTS) rebalancer.updateWeights();
        else if (action == ACTION_REBALANCE) rebalancer.rebalance();
        else if (action == ACTION_HARVEST) harvester.harvestAll();
        else if (action == ACTION_HEDGE) hedger.hedge();
        else if (action == ACTION_RERANGE) _rerange();
        else liquidityManager.collectAndReinvest();
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

    /// @notice harvestLoss, naming the lots it relieves (keys and base units, see IKeeperEvents.LotsIdentified).
    function harvestLossIdentified(
        address asset,
        uint256 amount,
        uint256 minOut,
        uint256 lockoutUntil,
        uint256 deadline,
        uint256[] calldata lots,
        uint256[] calldata amounts
    ) external onlyKeeper whenNotPaused nonReentrant returns (uint256 amountOut) {
        _checkIdentification(lots, amounts, amount);
        amountOut = rebalancer.harvestLoss(asset, amount, minOut, lockoutUntil, deadline);
        emit LotsIdentified(asset, amount, lots, amounts);
    }

    /// @notice performUpkeep(ACTION_REBALANCE), naming the lots each sale relieves. For each listed asset the
    ///         vault's balance is read before and after the rebalance; the decrease is what it sold, relieved from
    ///         lots[i] in the order given, each up to available[i][k], and recorded as
    ///         LotsIdentified(asset, sold, lots used, amounts used), the last lot used possibly in part. An asset
    ///         listed but not sold records nothing; lots that cannot cover a sale revert the whole call
    ///         (LotsShort). At most the vault's asset count of assets, each listed once, never the stablecoin.
    function rebalanceIdentified(address[] calldata assets, uint256[][] calldata lots, uint256[][] calldata available)
        external
        onlyKeeper
        whenNotPaused
        nonReentrant
    {
        if (!isDue(ACTION_REBALANCE)) revert UpkeepNotNeeded(ACTION_REBALANCE);
        IVault v = rebalancer.vault();
        uint256[] memory before = _balancesBefore(v, assets, lots, available);
        rebalancer.rebalance();
        for (uint256 i; i < assets.length; ++i) {
            uint256 afterSale = IERC20(assets[i]).balanceOf(address(v));
            if (afterSale < before[i]) _identifyPrefix(assets[i], before[i] - afterSale, lots[i], available[i]);
        }
        emit UpkeepPerformed(ACTION_REBALANCE, msg.sender, abi.encode(ACTION_REBALANCE));
    }

    /// @dev Checks the lists (lengths, bounds, each asset once and not the stablecoin, every lot) and returns the
    ///      vault's balance of each listed asset.
    function _balancesBefore(IVault v, address[] calldata assets, uint256[][] calldata lots, uint256[][] calldata available)
        private
        view
        returns (uint256[] memory before)
    {
        uint256 n = assets.length;
        uint256 vaultAssets = v.getAssets().length;
        if (n == 0 || n > vaultAssets || lots.length != n || available.length != n) {
            revert AssetListLengths(n, lots.length, available.length, vaultAssets);
        }
        address stable = v.stablecoin();
        before = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            if (assets[i] == stable) revert AssetNotIdentifiable(assets[i]);
            for (uint256 j; j < i; ++j) {
                if (assets[j] == assets[i]) revert AssetNotIdentifiable(assets[i]);
            }
            _checkLots(lots[i], available[i]);
            before[i] = IERC20(assets[i]).balanceOf(address(v));
        }
    }

    /// @dev Relieves `lots` in order, each up to its `available`, until `sold` is covered; emits the prefix used.
    function _identifyPrefix(address asset, uint256 sold, uint256[] calldata lots, uint256[] calldata available) private {
        uint256 remaining = sold;
        uint256 used;
        while (remaining != 0 && used < lots.length) {
            remaining -= available[used] < remaining ? available[used] : remaining;
            ++used;
        }
        if (remaining != 0) revert LotsShort(asset, sold - remaining, sold);
        uint256[] memory lotsUsed = new uint256[](used);
        uint256[] memory amountsUsed = new uint256[](used);
        uint256 left = sold;
        for (uint256 k; k < used; ++k) {
            uint256 take = available[k] < left ? available[k] : left;
            lotsUsed[k] = lots[k];
            amountsUsed[k] = take;
            left -= take;
        }
        emit LotsIdentified(asset, sold, lotsUsed, amountsUsed);
    }

    /// @dev Reverts unless the amounts add up to `sold` (and the lots pass _checkLots).
    function _checkIdentification(uint256[] calldata lots, uint256[] calldata amounts, uint256 sold) private view {
        uint256 total = _checkLots(lots, amounts);
        if (total != sold) revert LotAmountsMismatch(total, sold);
    }

    /// @dev Reverts unless 1..MAX_IDENTIFIED_LOTS lots of this chain, from blocks up to this one, with as many
    ///      non-zero amounts; returns their sum.
    function _checkLots(uint256[] calldata lots, uint256[] calldata amounts) private view returns (uint256 total) {
        uint256 n = lots.length;
        if (n == 0 || n > MAX_IDENTIFIED_LOTS || amounts.length != n) revert LotCount(n, amounts.length);
        for (uint256 i; i < n; ++i) {
            uint256 lot = lots[i];
            if (lot >> 128 != block.chainid) revert LotNotOfThisChain(lot);
            if (uint64(lot >> 64) > block.number) revert LotFromFutureBlock(lot);
            if (amounts[i] == 0) revert ZeroLotAmount(lot);
            total += amounts[i];
        }
    }

    function isDue(uint8 action) public view returns (bool) {
        if (action == ACTION_UPDATE_WEIGHTS) return rebalancer.weightsDue();
        if (action == ACTION_REBALANCE) {
            (bool needed,) = rebalancer.rebalanceNeeded();
            return needed;
        }
        if (action == ACTION_HARVEST) return harvester.harvestNeeded();
        if (action == ACTION_HEDGE) return hedger.hedgeNeeded();
        if (action == ACTION_RERANGE) return rerangeDue();
        if (action == ACTION_COLLECT) return collectDue();
        return false;
    }

    function _rerange() private {
        lastRerangeAt = uint64(block.timestamp);
        liquidityManager.rerange();
    }

    /// @notice Whether the manager's rule has a trigger (its evaluation is not InRange) on an open position, at
    ///         least RERANGE_SPACING after the last re-range upkeep.
    function rerangeDue() public view returns (bool) {
        ILiquidityManagerActions m = liquidityManager;
        if (address(m) == address(0) || block.timestamp < uint256(lastRerangeAt) + RERANGE_SPACING) return false;
        if (m.paused() || m.tokenId() == 0) return false;
        try m.evaluate() returns (ILiquidityManagerActions.Evaluation memory e) {
            return e.reason != ILiquidityManagerEvents.Reason.InRange;
        } catch {
            return false;
        }
    }

    /// @notice Whether the manager's collect interval has passed since its last collection, on an open position.
    function collectDue() public view returns (bool) {
        ILiquidityManagerActions m = liquidityManager;
        if (address(m) == address(0) || m.paused() || m.tokenId() == 0) return false;
        (,, uint256 interval,,,) = m.costConfig();
        return block.timestamp >= uint256(m.lastCollect()) + interval;
    }
}
