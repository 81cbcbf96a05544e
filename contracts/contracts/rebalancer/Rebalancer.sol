// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IRebalancerEvents} from "../interfaces/IRebalancerEvents.sol";
import {IRebalancerConfigEvents} from "../interfaces/IConfigEvents.sol";
import {IVault} from "../interfaces/IVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {ISwapRouter} from "../interfaces/ISwapRouter.sol";
import {IVenue} from "../venues/IVenue.sol";
import {VenueGuard} from "../venues/VenueGuard.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";
import {InverseVolatility} from "../allocation/InverseVolatility.sol";

/// @title Rebalancer
/// @notice Keeps the vault's liquid token balances at the allocation engine's targets.
///
///         updateWeights: inverse-volatility weights over the risk assets from the oracle's EWMA σ (see
///         InverseVolatility and EwmaVolatility); the stablecoin gets `baseStableShare`, or
///         `riskOffStableShare` when the portfolio σ exceeds `riskOffSigma` (risk-off tilt).
///
///         rebalance: when some asset's weight is more than `driftThresholdBps` away from its target, sells
///         the overweight assets for the stablecoin, then buys the underweight ones with it, through the
///         router, each swap with a minimum out derived from oracle prices and `maxSlippageBps`. Guarded by
///         a basefee ceiling, a cooldown, oracle health of every asset and pause. One Trade per swap, then
///         Rebalance. Before every swap (rebalance and harvestLoss) the venue's spot price and TWAP must be
///         within `venueConfig.maxDeviationBps` of the oracle (VenuePriceOff otherwise), and a rebalance trade
///         is cut to `maxDepthShareBps` of the venue's depth (the rest waits for the next rebalance); a loss
///         harvest above it is refused (TradeAboveDepth).
///
///         Purchase lockouts (wash-sale windows): a locked asset is never bought. Its target is capped at
///         its current value and the excess is parked in its configured substitute (if that is listed and
///         not locked itself) or else in the stablecoin. A lockout ends on its own at `until`.
///
///         Yield-source shares, LP and perp positions are outside the rebalanced sleeve (their owners, the
///         harvester and hedger, manage them); they still count in the NAV the Rebalance event reports.
contract Rebalancer is ManagedUpgradeable, IRebalancerEvents, IRebalancerConfigEvents {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    error BaseFeeTooHigh(uint256 basefee, uint256 maxBaseFee);
    error CooldownActive(uint256 until);
    error DriftBelowThreshold(uint256 maxDriftBps, uint256 thresholdBps);
    error OracleUnhealthy(address asset);
    error WeightsNotSet();
    error WeightsNotDue(uint256 dueAt);
    error VaultPaused();
    error NotRiskAsset(address asset);
    error InvalidLockout(uint256 lockoutUntil);
    error ZeroAmount();
    error ZeroMinOut();
    error SlippageExceeded(uint256 received, uint256 minOut);
    error InvalidConfig();
    error DeadlineExpired(uint256 deadline);
    error DeadlineTooFar(uint256 deadline, uint256 latest);
    error TradeAboveDepth(uint256 tradeUsd, uint256 maxTradeUsd);

    uint256 public constant MAX_SLIPPAGE_BPS = 1000;
    uint256 public constant MAX_COOLDOWN = 7 days;
    uint256 public constant MAX_LOCKOUT = 90 days;
    /// @notice The furthest ahead a keeper's deadline may be: a signed sale cannot wait in a mempool for longer.
    uint256 public constant MAX_DEADLINE_DELAY = 1 hours;
    uint256 public constant MAX_MIN_TRADE_USD = 1_000_000e18;
    uint256 public constant MAX_MIN_SAMPLES = 1000;
    uint256 public constant MIN_WEIGHTS_INTERVAL = 1 hours;
    uint256 public constant MAX_WEIGHTS_INTERVAL = 30 days;

    uint256 public constant MAX_VENUE_DEVIATION_BPS = 500;
    uint32 public constant MAX_TWAP_WINDOW = 1 days;

    struct SwapOrder {
        address tokenIn;
        address tokenOut;
        uint256 amountIn;
        uint256 minOut;
        uint24 feeTier;
        uint256 priceIn;
        uint256 priceOut;
        uint256 amountOut;
        uint256 fee;
        uint256 deadline;
        address pool;
        uint256 realisedPrice;
        int256 priceImpactBps;
    }

    struct Plan {
        address[] assets;
        uint8[] decimals;
        uint256[] prices;
        uint256[] values;
        uint256[] targets;
        uint256 total;
        uint256 maxDriftBps;
    }

    IVault public vault;
    IOracleHub public oracle;
    /// @notice The venue trades go through (the deployment key and setter keep the name "router").
    IVenue public router;
    TradeConfig public tradeConfig;
    RiskConfig public riskConfig;

    mapping(address => uint256) public targetWeight;
    bool public weightsSet;
    uint256 public lastWeightsUpdate;
    uint256 public lastRebalanceAt;
    uint256 public rebalanceCount;
    mapping(address => uint256) public lockedUntil;
    mapping(address => address) public substituteOf;
    /// @notice Pool fee tier for swaps of a risk asset against the stablecoin; 0 = tradeConfig.feeTier.
    mapping(address => uint24) public feeTierOf;
    VenueGuard.Config public venueConfig;

    uint256[34] private __gap;

    function initialize(
        address management_,
        address guardian_,
        IVault vault_,
        IVenue router_,
        TradeConfig calldata trade_,
        RiskConfig calldata risk_
    ) external initializer {
        __Managed_init(management_, guardian_);
        vault = vault_;
        oracle = IOracleHub(vault_.oracle());
        router = router_;
        _setTradeConfig(trade_);
        _setRiskConfig(risk_);
        // Spot and TWAP within 0.5 % of the oracle over 30 min; trades up to ~1 % price impact.
        _setVenueConfig(VenueGuard.Config({maxDeviationBps: 50, twapWindow: 30 minutes, maxDepthShareBps: 100}));
    }

    function setVenueConfig(VenueGuard.Config calldata c) external onlyManagement nonReentrant {
        _setVenueConfig(c);
    }

    // ---- configuration ----

    function setTradeConfig(TradeConfig calldata c) external onlyManagement nonReentrant {
        _setTradeConfig(c);
    }

    function setRiskConfig(RiskConfig calldata c) external onlyManagement nonReentrant {
        _setRiskConfig(c);
    }

    function setRouter(IVenue router_) external onlyManagement nonReentrant {
        if (address(router_) == address(0)) revert ZeroAddress();
        router = router_;
        emit RouterSet(address(router_));
    }

    /// @notice Where a locked asset's weight is parked; address(0) parks it in the stablecoin.
    function setSubstitute(address asset, address substitute) external onlyManagement nonReentrant {
        _requireRiskAsset(asset);
        if (substitute != address(0)) _requireRiskAsset(substitute);
        substituteOf[asset] = substitute;
        emit SubstituteSet(asset, substitute);
    }

    /// @notice The DEX fee tier (500, 3000 or 10000 = 0.05/0.3/1 %) for `asset`'s pool; 0 = the default.
    function setFeeTier(address asset, uint24 feeTier) external onlyManagement nonReentrant {
        _requireRiskAsset(asset);
        if (feeTier != 0 && !_validFeeTier(feeTier)) revert InvalidConfig();
        feeTierOf[asset] = feeTier;
        emit FeeTierSet(asset, feeTier);
    }

    /// @notice Locks purchases of `asset` until `until` (a wash-sale window opened elsewhere), at most
    ///         maxLockout ahead; a lockout only ever extends here.
    function setPurchaseLockout(address asset, uint256 until) external onlyKeeper nonReentrant {
        _requireRiskAsset(asset);
        _requireLockout(until);
        _lock(asset, until);
    }

    /// @notice Ends a purchase lockout now (management undoing a keeper's mistake); emits PurchaseLockoutSet
    ///         with until = 0.
    function clearPurchaseLockout(address asset) external onlyManagement nonReentrant {
        _requireRiskAsset(asset);
        lockedUntil[asset] = 0;
        emit PurchaseLockoutSet(asset, 0, _parkingOf(asset));
    }

    // ---- allocation ----

    /// @notice Recomputes target weights; keepers only when due (every weightsInterval), management any time.
    function updateWeights() external onlyKeeper whenNotPaused nonReentrant {
        if (msg.sender != management && weightsSet && block.timestamp < lastWeightsUpdate + riskConfig.weightsInterval) {
            revert WeightsNotDue(lastWeightsUpdate + riskConfig.weightsInterval);
        }
        address[] memory assets = vault.getAssets();
        _requireAllHealthy(assets);
        (uint256[] memory t, uint256[] memory sigmas, bool riskOff) = computeTargets();
        for (uint256 i; i < assets.length; ++i) {
            targetWeight[assets[i]] = t[i];
        }
        weightsSet = true;
        lastWeightsUpdate = block.timestamp;
        emit TargetWeightsUpdated(assets, t, sigmas, riskOff);
    }

    /// @notice Whether updateWeights() would act for a keeper now. Never reverts.
    function weightsDue() external view returns (bool) {
        if (paused() || vault.paused()) return false;
        if (weightsSet && block.timestamp < lastWeightsUpdate + riskConfig.weightsInterval) return false;
        address[] memory assets = vault.getAssets();
        for (uint256 i; i < assets.length; ++i) {
            if (!oracle.isHealthy(assets[i])) return false;
        }
        return true;
    }

    /// @notice Targets for vault.getAssets() (index 0 = stablecoin, σ reported as 0), the clamped σ used,
    ///         and whether the risk-off tilt applies.
    function computeTargets() public view returns (uint256[] memory t, uint256[] memory sigmas, bool riskOff) {
        address[] memory assets = vault.getAssets();
        uint256 n = assets.length - 1;
        RiskConfig memory rc = riskConfig;
        sigmas = new uint256[](n + 1);
        uint256[] memory riskSigmas = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            (uint256 s, uint256 samples) = oracle.volatilityOf(assets[i + 1]);
            riskSigmas[i] = InverseVolatility.clampSigma(s, samples, rc.minSamples, rc.fallbackSigma, rc.minSigma, rc.maxSigma);
            sigmas[i + 1] = riskSigmas[i];
        }
        uint256[] memory w = InverseVolatility.riskWeights(riskSigmas);
        riskOff = InverseVolatility.portfolioSigma(w, riskSigmas) > rc.riskOffSigma;
        t = InverseVolatility.targets(w, riskOff ? rc.riskOffStableShare : rc.baseStableShare);
    }

    // ---- rebalancing ----

    /// @notice Whether rebalance() would act now, and the largest drift in bps. Never reverts.
    function rebalanceNeeded() external view returns (bool needed, uint256 maxDriftBps) {
        if (paused() || vault.paused() || !weightsSet || block.basefee > tradeConfig.maxBaseFee) return (false, 0);
        if (lastRebalanceAt != 0 && block.timestamp < lastRebalanceAt + tradeConfig.cooldown) return (false, 0);
        address[] memory assets = vault.getAssets();
        for (uint256 i; i < assets.length; ++i) {
            if (!oracle.isHealthy(assets[i])) return (false, 0);
        }
        Plan memory p = plan();
        return (p.total != 0 && p.maxDriftBps >= tradeConfig.driftThresholdBps, p.maxDriftBps);
    }

    function rebalance() external onlyKeeper whenNotPaused nonReentrant {
        TradeConfig memory tc = tradeConfig;
        if (block.basefee > tc.maxBaseFee) revert BaseFeeTooHigh(block.basefee, tc.maxBaseFee);
        if (lastRebalanceAt != 0 && block.timestamp < lastRebalanceAt + tc.cooldown) {
            revert CooldownActive(lastRebalanceAt + tc.cooldown);
        }
        if (vault.paused()) revert VaultPaused();
        if (!weightsSet) revert WeightsNotSet();
        Plan memory p = plan();
        _requireAllHealthy(p.assets);
        if (p.total == 0 || p.maxDriftBps < tc.driftThresholdBps) revert DriftBelowThreshold(p.maxDriftBps, tc.driftThresholdBps);

        uint256 id = ++rebalanceCount;
        lastRebalanceAt = block.timestamp;
        uint256 navBefore = vault.navUsd();
        uint256 trades;
        // Sell what is overweight for the stablecoin first, then buy what is underweight with it.
        for (uint256 i = 1; i < p.assets.length; ++i) {
            if (p.values[i] > p.targets[i] + tc.minTradeUsd) {
                uint256 amountIn = (p.values[i] - p.targets[i]).fromUsdDown(p.decimals[i], p.prices[i]);
                if (amountIn == 0) continue;
                _tradeAtOraclePrice(id, p, i, 0, amountIn, tc);
                ++trades;
            }
        }
        address stable = p.assets[0];
        for (uint256 i = 1; i < p.assets.length; ++i) {
            if (p.targets[i] > p.values[i] + tc.minTradeUsd) {
                uint256 amountIn = (p.targets[i] - p.values[i]).fromUsdDown(p.decimals[0], p.prices[0]);
                uint256 available = IERC20(stable).balanceOf(address(vault));
                if (amountIn > available) amountIn = available;
                if (amountIn == 0) continue;
                _tradeAtOraclePrice(id, p, 0, i, amountIn, tc);
                ++trades;
            }
        }
        emit Rebalance(address(vault), id, navBefore, vault.navUsd(), p.maxDriftBps, trades);
    }

    /// @notice Current values and lockout-adjusted targets (USD, WAD) of the vault's liquid balances.
    function plan() public view returns (Plan memory p) {
        p.assets = vault.getAssets();
        uint256 n = p.assets.length;
        p.decimals = new uint8[](n);
        p.prices = new uint256[](n);
        p.values = new uint256[](n);
        p.targets = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            p.decimals[i] = vault.decimalsOf(p.assets[i]);
            p.prices[i] = oracle.priceOf(p.assets[i]);
            p.values[i] = IERC20(p.assets[i]).balanceOf(address(vault)).toUsdDown(p.decimals[i], p.prices[i]);
            p.total += p.values[i];
        }
        if (p.total == 0) return p;
        for (uint256 i; i < n; ++i) {
            p.targets[i] = p.total.mulWadDown(targetWeight[p.assets[i]]);
        }
        _applyLockouts(p);
        for (uint256 i; i < n; ++i) {
            uint256 d = p.values[i] > p.targets[i] ? p.values[i] - p.targets[i] : p.targets[i] - p.values[i];
            uint256 driftBps = FixedPointMath.mulDivUp(d, FixedPointMath.MAX_BPS, p.total);
            if (driftBps > p.maxDriftBps) p.maxDriftBps = driftBps;
        }
    }

    // ---- tax-loss harvesting ----

    /// @notice Sells `amount` of `asset` for the stablecoin to realise a loss, and locks buying it back until
    ///         `lockoutUntil` (at most maxLockout ahead). The sale must return at least the oracle value less
    ///         maxSlippageBps, the same floor as rebalance; `minOut` can only tighten it. Refused after
    ///         `deadline`, which the venue's swap carries too and which may be at most MAX_DEADLINE_DELAY
    ///         ahead (DeadlineTooFar), and in oracle safe mode.
    function harvestLoss(address asset, uint256 amount, uint256 minOut, uint256 lockoutUntil, uint256 deadline)
        external
        onlyKeeper
        whenNotPaused
        nonReentrant
        returns (uint256 amountOut)
    {
        if (block.timestamp > deadline) revert DeadlineExpired(deadline);
        if (deadline > block.timestamp + MAX_DEADLINE_DELAY) revert DeadlineTooFar(deadline, block.timestamp + MAX_DEADLINE_DELAY);
        _requireRiskAsset(asset);
        if (amount == 0) revert ZeroAmount();
        _requireLockout(lockoutUntil);
        address stable = vault.stablecoin();
        if (!oracle.isHealthy(asset)) revert OracleUnhealthy(asset);
        if (!oracle.isHealthy(stable)) revert OracleUnhealthy(stable);
        SwapOrder memory o = SwapOrder(
            asset, stable, amount, 0, _feeTier(asset), oracle.priceOf(asset), oracle.priceOf(stable), 0, 0, deadline, address(0), 0, 0
        );
        o.minOut = _oracleFloor(o, tradeConfig.maxSlippageBps);
        if (minOut > o.minOut) o.minOut = minOut;
        uint256 tradeUsd = amount.toUsdDown(vault.decimalsOf(asset), o.priceIn);
        uint256 maxUsd = VenueGuard.maxTradeUsd(router, asset, stable, o.feeTier, venueConfig);
        if (tradeUsd > maxUsd) revert TradeAboveDepth(tradeUsd, maxUsd);
        (o.amountOut, o.fee) = _swap(o);
        amountOut = o.amountOut;
        _emitLossHarvested(o, lockoutUntil);
        _lock(asset, lockoutUntil);
    }

    function isLocked(address asset) public view returns (bool) {
        return lockedUntil[asset] > block.timestamp;
    }

    // ---- internals ----

    function _tradeAtOraclePrice(uint256 id, Plan memory p, uint256 i, uint256 j, uint256 amountIn, TradeConfig memory tc)
        private
    {
        uint256 k = i == 0 ? j : i; // the risk asset of the pair
        uint256 maxUsd = VenueGuard.maxTradeUsd(router, p.assets[k], p.assets[0], _feeTier(p.assets[k]), venueConfig);
        if (amountIn.toUsdDown(p.decimals[i], p.prices[i]) > maxUsd) amountIn = maxUsd.fromUsdDown(p.decimals[i], p.prices[i]);
        SwapOrder memory o = SwapOrder({
            tokenIn: p.assets[i],
            tokenOut: p.assets[j],
            amountIn: amountIn,
            minOut: 0,
            feeTier: _feeTier(i == 0 ? p.assets[j] : p.assets[i]),
            priceIn: p.prices[i],
            priceOut: p.prices[j],
            amountOut: 0,
            fee: 0,
            deadline: block.timestamp, // the keeper's rebalance runs in this block or not at all
            pool: address(0),
            realisedPrice: 0,
            priceImpactBps: 0
        });
        o.minOut = _oracleFloor(o, tc.maxSlippageBps);
        (o.amountOut, o.fee) = _swap(o);
        _emitTrade(id, o);
    }

    function _emitTrade(uint256 id, SwapOrder memory o) private {
        emit Trade(
            address(vault),
            id,
            o.tokenIn,
            o.tokenOut,
            o.amountIn,
            o.amountOut,
            o.priceIn,
            o.priceOut,
            o.fee,
            o.feeTier,
            o.pool,
            o.realisedPrice,
            o.priceImpactBps
        );
    }

    function _emitLossHarvested(SwapOrder memory o, uint256 lockoutUntil) private {
        emit LossHarvested(
            address(vault),
            o.tokenIn,
            o.tokenOut,
            o.amountIn,
            o.amountOut,
            o.priceIn,
            o.priceOut,
            o.fee,
            lockoutUntil,
            o.pool,
            o.realisedPrice,
            o.priceImpactBps
        );
    }

    /// @dev The least `o` may return: its oracle value in tokenOut less `slippageBps`; never zero.
    function _oracleFloor(SwapOrder memory o, uint256 slippageBps) private view returns (uint256 floor) {
        uint256 expectedOut = o.amountIn.toUsdDown(vault.decimalsOf(o.tokenIn), o.priceIn).fromUsdDown(
            vault.decimalsOf(o.tokenOut), o.priceOut
        );
        floor = expectedOut.bpsDown(FixedPointMath.MAX_BPS - slippageBps);
        if (floor == 0) revert ZeroMinOut();
    }

    function _swap(SwapOrder memory o) private returns (uint256 received, uint256 fee) {
        bool selling = o.tokenOut == vault.stablecoin();
        (address asset, address stable) = selling ? (o.tokenIn, o.tokenOut) : (o.tokenOut, o.tokenIn);
        uint256 oraclePrice = selling ? o.priceIn.divWadDown(o.priceOut) : o.priceOut.divWadDown(o.priceIn);
        VenueGuard.checkPrice(router, asset, stable, o.feeTier, oraclePrice, venueConfig);
        vault.moduleTransfer(o.tokenIn, address(this), o.amountIn);
        IERC20(o.tokenIn).forceApprove(address(router), o.amountIn);
        uint256 before = IERC20(o.tokenOut).balanceOf(address(vault));
        (, fee) = router.swapExactInput(
            ISwapRouter.ExactInputParams({
                tokenIn: o.tokenIn,
                tokenOut: o.tokenOut,
                feeTier: o.feeTier,
                amountIn: o.amountIn,
                minAmountOut: o.minOut,
                recipient: address(vault),
                deadline: o.deadline
            })
        );
        received = IERC20(o.tokenOut).balanceOf(address(vault)) - before;
        if (received < o.minOut) revert SlippageExceeded(received, o.minOut);
        o.pool = router.poolOf(asset, stable, o.feeTier);
        _recordFill(o, received, selling, oraclePrice);
    }

    /// @dev The fill's price (whole stablecoin per whole risk asset, WAD, fee included) and its shortfall
    ///      against the oracle's price in bps: selling below or buying above the oracle is positive.
    function _recordFill(SwapOrder memory o, uint256 received, bool selling, uint256 oraclePrice) private view {
        (uint256 assetAmount, uint256 stableAmount) = selling ? (o.amountIn, received) : (received, o.amountIn);
        (address asset, address stable) = selling ? (o.tokenIn, o.tokenOut) : (o.tokenOut, o.tokenIn);
        uint256 assetWad = FixedPointMath.scaleToWad(assetAmount, vault.decimalsOf(asset));
        if (assetWad == 0) return;
        o.realisedPrice = FixedPointMath.scaleToWad(stableAmount, vault.decimalsOf(stable)).divWadDown(assetWad);
        int256 diff = selling
            ? int256(oraclePrice) - int256(o.realisedPrice)
            : int256(o.realisedPrice) - int256(oraclePrice);
        o.priceImpactBps = diff * int256(FixedPointMath.MAX_BPS) / int256(oraclePrice);
    }

    function _applyLockouts(Plan memory p) private view {
        for (uint256 i = 1; i < p.assets.length; ++i) {
            if (!isLocked(p.assets[i]) || p.targets[i] <= p.values[i]) continue;
            uint256 excess = p.targets[i] - p.values[i];
            p.targets[i] = p.values[i];
            uint256 park = 0;
            address sub = substituteOf[p.assets[i]];
            if (sub != address(0) && !isLocked(sub)) {
                for (uint256 k = 1; k < p.assets.length; ++k) {
                    if (p.assets[k] == sub) park = k;
                }
            }
            p.targets[park] += excess;
        }
    }

    function _lock(address asset, uint256 until) private {
        if (until > lockedUntil[asset]) lockedUntil[asset] = until;
        emit PurchaseLockoutSet(asset, lockedUntil[asset], _parkingOf(asset));
    }

    function _parkingOf(address asset) private view returns (address) {
        address sub = substituteOf[asset];
        return sub == address(0) ? vault.stablecoin() : sub;
    }

    function _requireLockout(uint256 until) private view {
        if (until <= block.timestamp || until > block.timestamp + tradeConfig.maxLockout) revert InvalidLockout(until);
    }

    function _feeTier(address riskAsset) private view returns (uint24) {
        uint24 t = feeTierOf[riskAsset];
        return t == 0 ? tradeConfig.feeTier : t;
    }

    function _requireAllHealthy(address[] memory assets) private view {
        for (uint256 i; i < assets.length; ++i) {
            if (!oracle.isHealthy(assets[i])) revert OracleUnhealthy(assets[i]);
        }
    }

    function _requireRiskAsset(address asset) private view {
        if (!vault.isAsset(asset) || asset == vault.stablecoin()) revert NotRiskAsset(asset);
    }

    function _validFeeTier(uint24 feeTier) private pure returns (bool) {
        return feeTier == 500 || feeTier == 3000 || feeTier == 10000;
    }

    function _setTradeConfig(TradeConfig calldata c) private {
        if (
            c.driftThresholdBps == 0 || c.driftThresholdBps > FixedPointMath.MAX_BPS || c.maxSlippageBps == 0
                || c.maxSlippageBps > MAX_SLIPPAGE_BPS || c.cooldown > MAX_COOLDOWN || c.maxBaseFee == 0
                || c.minTradeUsd > MAX_MIN_TRADE_USD || !_validFeeTier(c.feeTier) || c.maxLockout == 0
                || c.maxLockout > MAX_LOCKOUT
        ) revert InvalidConfig();
        tradeConfig = c;
        emit TradeConfigSet(c);
    }

    function _setVenueConfig(VenueGuard.Config memory c) private {
        if (
            c.maxDeviationBps == 0 || c.maxDeviationBps > MAX_VENUE_DEVIATION_BPS || c.twapWindow == 0
                || c.twapWindow > MAX_TWAP_WINDOW || c.maxDepthShareBps == 0 || c.maxDepthShareBps > FixedPointMath.MAX_BPS
        ) revert InvalidConfig();
        venueConfig = c;
        emit VenueConfigSet(VenueConfig(c.maxDeviationBps, c.twapWindow, c.maxDepthShareBps));
    }

    function _setRiskConfig(RiskConfig calldata c) private {
        if (
            c.minSamples == 0 || c.minSamples > MAX_MIN_SAMPLES || c.minSigma == 0 || c.minSigma > c.maxSigma
                || c.maxSigma > FixedPointMath.WAD || c.fallbackSigma < c.minSigma || c.fallbackSigma > c.maxSigma
                || c.riskOffSigma == 0 || c.riskOffSigma > FixedPointMath.WAD || c.baseStableShare > FixedPointMath.WAD
                || c.riskOffStableShare > FixedPointMath.WAD || c.weightsInterval < MIN_WEIGHTS_INTERVAL
                || c.weightsInterval > MAX_WEIGHTS_INTERVAL
        ) revert InvalidConfig();
        riskConfig = c;
        emit RiskConfigSet(c);
    }
}
