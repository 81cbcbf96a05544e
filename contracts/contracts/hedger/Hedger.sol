// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IHedgerEvents} from "../interfaces/IHedgerEvents.sol";
import {IHedgerConfigEvents} from "../interfaces/IConfigEvents.sol";
import {IVault, IPositionModule} from "../interfaces/IVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";
import {ILiquidityPosition} from "../venues/ILiquidityPosition.sol";

interface IPerpetual {
    function modifyPosition(address asset, int256 sizeDelta) external returns (int256 fundingPaidUsd, int256 realizedPnlUsd);
    function depositMargin(address asset, uint256 amount) external;
    function withdrawMargin(address asset, uint256 amount, address to) external;
    function positionOf(address account, address asset)
        external
        view
        returns (int256 size, uint256 entryPrice, uint256 margin, int256 pendingFundingUsd, int256 unrealizedPnlUsd);
    function equityUsd(address account, address asset) external view returns (uint256);
    function equityOf(address account, address asset) external view returns (int256);
    function fundingRate(address asset) external view returns (int256);
}

interface IOracleSampling {
    function sampleInterval() external view returns (uint256);
}

/// @notice What the hedger reads of the vault's liquidity manager: its pair and its position's token amounts.
interface ILiquidityManagerReads {
    function asset() external view returns (address);
    function stable() external view returns (address);
    function positionAmounts() external view returns (uint256 assetAmount, uint256 stableAmount);
}

/// @title Hedger
/// @notice Keeps the vault's LP exposure to one asset delta-neutral with a short perpetual.
///
///         Δ_LP = the vault's whole LP exposure to the asset: the asset amount inside its full-range position
///         (a Uniswap v3 position held for the vault by a UniswapV3LiquidityPosition whose controller is this
///         hedger) plus the asset amount of the liquidity manager's concentrated position, when one is set
///         (its positionAmounts, from its liquidity and range at its pool's price, fees owed included):
///         within its range a position of liquidity L holds x = L·(1/√P − 1/√P_upper) of the asset, and
///         dV/dP = x.
///         Δ_derivative = the delta of the perp short, one asset unit per unit of size, i.e. |size|.
///         hedge ratio = Δ_LP / Δ_derivative (WAD; MAX_RATIO when there is exposure and no hedge, 1e18 when
///         there is neither). Margin is managed on equity (margin + unrealised P&L − funding, the perp's
///         equityOf): margin ratio = equity / notional. The keeper re-hedges when the hedge ratio leaves
///         [1 − band, 1 + band] or the margin ratio leaves [marginBps / 2, 2 · marginBps] (above it only while
///         there is margin to return: unrealised profit stays on the perp): the short is set
///         to −Δ_LP and the equity to `marginBps` of the new notional — margin is posted from the vault's
///         stablecoin before the short grows (the perp checks its initial margin), and any excess is
///         returned after. The Hedge event reports the hedge ratio at the adjustment.
///
///         Oracle safe mode (the circuit breaker included): reduce-only — a re-hedge that shrinks the short
///         (and posts margin if needed) still runs on the last good price, one that grows it reverts
///         OracleUnhealthy, and no margin is returned; the open short keeps accruing funding.
///
///         Cost against benefit. Before it trades, a call weighs each move of the short from s₀ to s₁ over the
///         horizon h (seconds, management-set) — all figures WAD USD, P the oracle's price, u one whole asset:
///         - funding F = (s₁ − s₀)/u · P · r · h, r the perp's funding rate per second as last sampled (positive
///           = longs pay shorts): signed, positive when the vault pays, negative when the move earns funding
///           (growing a short while longs pay, or reducing one while shorts pay). The perp charges no trading fee.
///         - loss saved S = C(E₀) − C(E₁), the fall of the mean-variance risk charge of the net exposure
///           E = Δ_LP + s (base units): C(E) = k/2 · Var[E/u · ΔP] / (N/u · P) = k · σ² · (h/τ) · P · E² / (2 · N · u),
///           σ the oracle's per-round volatility (σ ≤ MAX_SIGMA), τ its round (sampleInterval), N = max(Δ_LP, |s₀|)
///           the notional at stake and k (management-set) the relative risk aversion over it. The charge is
///           quadratic in the exposure, so the first units of a re-hedge save more than the last: trading only to
///           the band's edge can pay when trading to the target does not (Hodges & Neuberger 1989; Whalley &
///           Wilmott 1997: under proportional costs the optimal hedge trades back to the no-trade band's edge).
///         Hedge when S ≥ F for s₁ = −Δ_LP; else Shrink when S ≥ F for s₁ = the band's edge nearest to s₀ (the
///         smallest move that brings the ratio back inside the band; ≠ s₀); else Margin when the margin ratio is out
///         of its range (size kept, margin reset: margin safety is not weighed against cost); else Skip (nothing
///         traded, recorded at most once per MIN_SKIP_INTERVAL). Every call emits one HedgeDecision with the figures.
contract Hedger is ManagedUpgradeable, IHedgerEvents, IHedgerConfigEvents, IPositionModule {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    uint256 public constant MAX_RATIO = 100e18;
    uint256 public constant MIN_BAND_BPS = 10;
    uint256 public constant MAX_BAND_BPS = 5000;
    uint256 public constant MIN_MARGIN_BPS = 2000;
    uint256 public constant MIN_HORIZON = 1 hours;
    uint256 public constant MAX_HORIZON = 30 days;
    uint256 public constant MIN_RISK_AVERSION = 0.1e18;
    uint256 public constant MAX_RISK_AVERSION = 100e18;
    uint256 public constant DEFAULT_HORIZON = 1 days;
    uint256 public constant DEFAULT_RISK_AVERSION = 10e18;
    /// @notice σ above this (per round, WAD) is read as this: bounds the risk charge's arithmetic.
    uint256 public constant MAX_SIGMA = 1e18;
    uint256 public constant MIN_SKIP_INTERVAL = 1 hours;

    error OracleUnhealthy(address asset);
    error WithinBand(uint256 hedgeRatio);
    error NotVault(address caller);
    error InvalidConfig();
    error OnlySelf();
    /// @notice The liquidity manager holds `managerAsset`/`managerStable`, not this hedger's asset/stablecoin.
    error ManagerPairMismatch(address manager, address managerAsset, address managerStable);
    error SkipTooSoon(uint256 nextAt);

    /// @notice The decision's horizon and risk aversion (zero: not set, the defaults apply) and the last Skip.
    struct CostConfig {
        uint128 riskAversion;
        uint64 horizon;
        uint64 lastSkipAt;
    }

    /// @notice One evaluation of the rule: the sizes it weighed, its inputs and figures (see the NatSpec above).
    struct Decision {
        HedgeAction action;
        int256 sizeAfter;
        int256 target;
        int256 edge;
        uint256 price;
        uint256 sigma;
        int256 rate;
        int256 fundingCost;
        uint256 lossSaved;
        int256 edgeFundingCost;
        uint256 edgeLossSaved;
    }

    /// @notice Stablecoin moved between the vault and the perp margin (positive = posted from the vault).
    event MarginMoved(address indexed vault, address indexed asset, int256 stableAmount);
    /// @notice The emergency exit could not unwind the position held at `venue` (the perp or the LP position).
    event PositionExitFailed(address indexed venue, bytes reason);
    /// @notice The liquidity manager whose position is part of the LP delta (zero: none).
    event LiquidityManagerSet(address indexed manager);

    IVault public vault;
    IOracleHub public oracle;
    /// @notice The vault's liquidity position (this hedger is its controller).
    ILiquidityPosition public lp;
    IPerpetual public perp;
    address public asset;
    address public stable;
    uint256 public bandBps;
    uint256 public marginBps;
    /// @notice The vault's liquidity manager, whose position's asset is hedged with the LP position's (zero: none).
    ILiquidityManagerReads public liquidityManager;

    CostConfig private _cost;

    uint256[40] private __gap;

    function initialize(
        address management_,
        address guardian_,
        IVault vault_,
        ILiquidityPosition lp_,
        IPerpetual perp_,
        uint256 bandBps_,
        uint256 marginBps_
    ) external initializer {
        __Managed_init(management_, guardian_);
        vault = vault_;
        oracle = IOracleHub(vault_.oracle());
        lp = lp_;
        perp = perp_;
        asset = lp_.asset();
        stable = vault_.stablecoin();
        if (lp_.stable() != stable) revert InvalidConfig();
        _setConfig(bandBps_, marginBps_);
    }

    function setConfig(uint256 bandBps_, uint256 marginBps_) external onlyManagement nonReentrant {
        _setConfig(bandBps_, marginBps_);
    }

    /// @notice Adds the liquidity manager's position to the LP delta (zero removes it). It must hold this
    ///         hedger's asset against its stablecoin, or its delta would be hedged with the wrong perp market.
    function setLiquidityManager(ILiquidityManagerReads manager) external onlyManagement nonReentrant {
        if (address(manager) != address(0)) {
            (address a, address s) = (manager.asset(), manager.stable());
            if (a != asset || s != stable) revert ManagerPairMismatch(address(manager), a, s);
        }
        liquidityManager = manager;
        emit LiquidityManagerSet(address(manager));
    }

    /// @notice The decision's horizon h (seconds) and relative risk aversion k (WAD), bounded.
    function setCostConfig(uint256 horizon_, uint256 riskAversion_) external onlyManagement nonReentrant {
        if (horizon_ < MIN_HORIZON || horizon_ > MAX_HORIZON || riskAversion_ < MIN_RISK_AVERSION || riskAversion_ > MAX_RISK_AVERSION) {
            revert InvalidConfig();
        }
        _cost.horizon = uint64(horizon_);
        _cost.riskAversion = uint128(riskAversion_);
        emit CostConfigSet(horizon_, riskAversion_);
    }

    // ---- views ----

    /// @notice The horizon (seconds) and risk aversion (WAD) the decision uses, and when the last Skip was recorded.
    function costConfig() public view returns (uint256 horizon, uint256 riskAversion, uint256 lastSkipAt) {
        CostConfig memory c = _cost;
        horizon = c.horizon == 0 ? DEFAULT_HORIZON : c.horizon;
        riskAversion = c.riskAversion == 0 ? DEFAULT_RISK_AVERSION : c.riskAversion;
        lastSkipAt = c.lastSkipAt;
    }

    /// @notice What a hedge call would decide now (it may still revert: inside the band, oracle unhealthy).
    function hedgeDecision() external view returns (Decision memory) {
        return _decide(perpSize(), _targetSize(), hedgeRatio());
    }

    /// @notice The vault's LP exposure to the asset: the LP position's asset plus the liquidity manager's.
    function lpDelta() public view returns (uint256 assetAmount) {
        (assetAmount,) = lp.amounts();
        ILiquidityManagerReads manager = liquidityManager;
        if (address(manager) != address(0)) {
            (uint256 managed,) = manager.positionAmounts();
            assetAmount += managed;
        }
    }

    function perpSize() public view returns (int256 size) {
        (size,,,,) = perp.positionOf(address(this), asset);
    }

    function hedgeRatio() public view returns (uint256) {
        uint256 dLp = lpDelta();
        int256 size = perpSize();
        uint256 dDerivative = size < 0 ? uint256(-size) : uint256(size);
        if (dDerivative == 0) return dLp == 0 ? FixedPointMath.WAD : MAX_RATIO;
        uint256 r = dLp.divWadDown(dDerivative);
        return r > MAX_RATIO ? MAX_RATIO : r;
    }

    function outsideBand(uint256 ratio) public view returns (bool) {
        uint256 band = FixedPointMath.WAD.bpsDown(bandBps);
        return ratio + band < FixedPointMath.WAD || ratio > FixedPointMath.WAD + band;
    }

    /// @notice Equity over notional of the short, in bps; type(uint256).max without a position.
    function marginRatioBps() public view returns (uint256) {
        int256 size = perpSize();
        if (size == 0) return type(uint256).max;
        int256 equity = perp.equityOf(address(this), asset);
        if (equity <= 0) return 0;
        return FixedPointMath.mulDivDown(uint256(equity), FixedPointMath.MAX_BPS, _notionalUsd(size));
    }

    /// @notice Whether the margin ratio is below half the target, or above twice it with margin left to
    ///         return (equity that is unrealised profit stays on the perp until the short is reduced).
    function marginOutOfRange() public view returns (bool) {
        uint256 r = marginRatioBps();
        if (r == type(uint256).max) return false;
        if (r < marginBps / 2) return true;
        if (r <= marginBps * 2) return false;
        (,, uint256 margin,,) = perp.positionOf(address(this), asset);
        return margin != 0;
    }

    function hedgeNeeded() external view returns (bool) {
        if (paused() || vault.paused()) return false;
        if (!outsideBand(hedgeRatio()) && !marginOutOfRange()) return false;
        int256 before = perpSize();
        int256 target = _targetSize();
        if (!_healthy() && _abs(target) >= _abs(before)) return false;
        return _decide(before, target, hedgeRatio()).action != HedgeAction.Skip;
    }

    /// @notice LP position (its amounts at the pool's price) at oracle prices plus the perp's equity (margin + unrealised P&L − pending funding).
    function positionValueUsd() external view returns (uint256) {
        (uint256 x, uint256 y) = lp.amounts();
        uint256 lpUsd = x.toUsdDown(vault.decimalsOf(asset), oracle.priceOf(asset))
            + y.toUsdDown(vault.decimalsOf(stable), oracle.priceOf(stable));
        return lpUsd + perp.equityUsd(address(this), asset);
    }

    // ---- actions ----

    function hedge() external onlyKeeper whenNotPaused nonReentrant {
        uint256 ratio = hedgeRatio();
        if (!outsideBand(ratio) && !marginOutOfRange()) revert WithinBand(ratio);
        int256 before = perpSize();
        int256 target = _targetSize();
        bool healthy = _healthy();
        if (!healthy && _abs(target) >= _abs(before)) {
            revert OracleUnhealthy(oracle.isHealthy(asset) ? stable : asset);
        }
        Decision memory d = _decide(before, target, ratio);
        if (d.action == HedgeAction.Skip) _recordSkip();
        else _adjust(before, d.sizeAfter, ratio, healthy);
        _emitDecision(before, d);
    }

    /// @notice Emergency exit: closes the short and returns all margin, then returns the LP position's
    ///         tokens to the vault; each part on its own, so one that fails (PositionExitFailed) does not
    ///         keep the other from exiting.
    function exitAll() external nonReentrant {
        if (msg.sender != address(vault)) revert NotVault(msg.sender);
        try this.exitPerp() {}
        catch (bytes memory reason) {
            emit PositionExitFailed(address(perp), reason);
        }
        try this.exitLp() {}
        catch (bytes memory reason) {
            emit PositionExitFailed(address(lp), reason);
        }
    }

    /// @notice The perp part of the exit; only this contract calls it (from exitAll).
    function exitPerp() external {
        if (msg.sender != address(this)) revert OnlySelf();
        int256 size = perpSize();
        if (size != 0) {
            (int256 funding, int256 pnl) = perp.modifyPosition(asset, -size);
            (,, uint256 m,,) = perp.positionOf(address(this), asset);
            if (m > 0) {
                perp.withdrawMargin(asset, m, address(vault));
                emit MarginMoved(address(vault), asset, -int256(m));
            }
            emit Hedge(address(vault), asset, size, 0, oracle.priceOf(asset), hedgeRatio(), funding, pnl, 0);
        }
    }

    /// @notice The LP part of the exit: the position's liquidity is removed and every token it holds (fees
    ///         included) goes to the vault; only this contract calls it (from exitAll).
    function exitLp() external {
        if (msg.sender != address(this)) revert OnlySelf();
        (uint256 assetAmount, uint256 stableAmount) = lp.exit(address(vault));
        if (assetAmount > 0 || stableAmount > 0) {
            emit LiquidityReturned(address(vault), asset, assetAmount, oracle.priceOf(asset));
            emit LiquidityReturned(address(vault), stable, stableAmount, oracle.priceOf(stable));
        }
    }

    // ---- internals ----

    /// @dev Moves the short from `before` to `size` with the equity at `marginBps` of the new notional: margin
    ///      posted first, excess returned after (not while the oracle is unhealthy). A move to the same size
    ///      leaves the position as it is (margin only).
    function _adjust(int256 before, int256 size, uint256 ratio, bool healthy) private {
        uint256 wanted = _notionalUsd(size).bpsDown(marginBps).fromUsdDown(vault.decimalsOf(stable), oracle.priceOf(stable));
        _postMargin(wanted);
        (int256 funding, int256 pnl) = size == before ? (int256(0), int256(0)) : perp.modifyPosition(asset, size - before);
        if (healthy) _returnExcessMargin(wanted);
        uint256 marginUsd = FixedPointMath.scaleToWad(wanted, vault.decimalsOf(stable));
        emit Hedge(address(vault), asset, before, size, oracle.priceOf(asset), ratio, funding, pnl, marginUsd);
    }

    /// @dev The rule (contract NatSpec): Hedge, else Shrink, else Margin, else Skip.
    function _decide(int256 before, int256 target, uint256 ratio) private view returns (Decision memory d) {
        d.target = target;
        d.edge = _bandEdge(before, target, ratio);
        d.price = oracle.priceOf(asset);
        (d.sigma,) = oracle.volatilityOf(asset);
        if (d.sigma > MAX_SIGMA) d.sigma = MAX_SIGMA;
        d.rate = perp.fundingRate(asset);
        uint256 at = _atStake(before, target);
        (d.fundingCost, d.lossSaved) = _weigh(d, before, target, at);
        (d.edgeFundingCost, d.edgeLossSaved) = _weigh(d, before, d.edge, at);
        d.sizeAfter = before;
        if (target != before && int256(d.lossSaved) >= d.fundingCost) {
            d.action = HedgeAction.Hedge;
            d.sizeAfter = target;
        } else if (d.edge != before && int256(d.edgeLossSaved) >= d.edgeFundingCost) {
            d.action = HedgeAction.Shrink;
            d.sizeAfter = d.edge;
        } else if (marginOutOfRange()) {
            d.action = HedgeAction.Margin;
        }
    }

    /// @dev The funding F and the loss saved S of moving the short from `before` to `size` (zero for no move).
    function _weigh(Decision memory d, int256 before, int256 size, uint256 atStake)
        private
        view
        returns (int256 fundingCost, uint256 lossSaved)
    {
        if (size == before) return (0, 0);
        (uint256 horizon, uint256 k,) = costConfig();
        fundingCost = _fundingCost(d, size - before, horizon);
        lossSaved = _lossSaved(d, before, size, atStake).mulWadDown(k).mulWadDown(_variance(d.sigma, horizon)) / 2;
    }

    /// @dev F = Δs/u · P · r · h, signed (positive = the vault pays), rounded toward zero.
    function _fundingCost(Decision memory d, int256 sizeDelta, uint256 horizon) private view returns (int256) {
        uint256 moved = _abs(sizeDelta).toUsdDown(vault.decimalsOf(asset), d.price);
        uint256 funding = FixedPointMath.mulDivDown(moved, _abs(d.rate) * horizon, FixedPointMath.WAD);
        return (sizeDelta > 0) == (d.rate > 0) ? int256(funding) : -int256(funding);
    }

    /// @dev (E₀² − E₁²) / N in USD at the price (WAD): the risk charge's fall before k · σ²h/τ / 2. A move
    ///      shrinks the exposure on its own side (|E₁| ≤ |E₀|), so E₀² − E₁² = (|E₀| − |E₁|)(|E₀| + |E₁|).
    function _lossSaved(Decision memory d, int256 before, int256 size, uint256 atStake) private view returns (uint256) {
        int256 dLp = -d.target;
        uint256 e0 = _abs(dLp + before);
        uint256 e1 = _abs(dLp + size);
        if (e1 >= e0 || atStake == 0) return 0;
        return FixedPointMath.mulDivDown(e0 - e1, e0 + e1, atStake).toUsdDown(vault.decimalsOf(asset), d.price);
    }

    /// @dev σ² · h / τ, the variance of a return over the horizon (WAD).
    function _variance(uint256 sigma, uint256 horizon) private view returns (uint256) {
        return FixedPointMath.mulDivDown(sigma.mulWadDown(sigma), horizon, _round());
    }

    /// @dev The size nearest to `before` whose hedge ratio is inside the band; `before` itself when its ratio `r` is.
    function _bandEdge(int256 before, int256 target, uint256 r) private view returns (int256) {
        uint256 dLp = _abs(target);
        uint256 band = FixedPointMath.WAD.bpsDown(bandBps);
        if (!outsideBand(r)) return before;
        // under-hedged (ratio above 1 + band): the smallest short with Δ_LP / |s| ≤ 1 + band;
        // over-hedged (below 1 − band): the largest with Δ_LP / |s| ≥ 1 − band
        uint256 edge = r > FixedPointMath.WAD
            ? FixedPointMath.mulDivUp(dLp, FixedPointMath.WAD, FixedPointMath.WAD + band)
            : FixedPointMath.mulDivDown(dLp, FixedPointMath.WAD, FixedPointMath.WAD - band);
        return -int256(edge);
    }

    /// @dev N = max(Δ_LP, |s₀|), the notional the risk aversion is relative to (base units).
    function _atStake(int256 before, int256 target) private pure returns (uint256) {
        uint256 a = _abs(target);
        uint256 b = _abs(before);
        return a > b ? a : b;
    }

    /// @dev The oracle's round τ (seconds), the period σ is per.
    function _round() private view returns (uint256) {
        uint256 tau = IOracleSampling(address(oracle)).sampleInterval();
        return tau == 0 ? 1 : tau;
    }

    /// @dev A Skip is recorded at most once per MIN_SKIP_INTERVAL, so a keeper cannot flood the log with them.
    function _recordSkip() private {
        uint256 next = uint256(_cost.lastSkipAt) + MIN_SKIP_INTERVAL;
        if (_cost.lastSkipAt != 0 && block.timestamp < next) revert SkipTooSoon(next);
        _cost.lastSkipAt = uint64(block.timestamp);
    }

    function _emitDecision(int256 before, Decision memory d) private {
        emit HedgeDecision(
            asset,
            d.action,
            before,
            d.sizeAfter,
            d.target,
            d.edge,
            d.price,
            d.sigma,
            d.rate,
            d.fundingCost,
            d.lossSaved,
            d.edgeFundingCost,
            d.edgeLossSaved
        );
    }

    /// @dev The perp equity in stable base units (0 when negative), rounded down.
    function _equityUnits() private view returns (uint256) {
        int256 e = perp.equityOf(address(this), asset);
        if (e <= 0) return 0;
        return uint256(e).fromUsdDown(vault.decimalsOf(stable), oracle.priceOf(stable));
    }

    /// @dev Tops the perp equity up to `wanted` stable units from the vault, before the position changes.
    function _postMargin(uint256 wanted) private {
        uint256 equity = _equityUnits();
        if (wanted <= equity) return;
        uint256 topUp = wanted - equity;
        vault.moduleTransfer(stable, address(this), topUp);
        IERC20(stable).forceApprove(address(perp), topUp);
        perp.depositMargin(asset, topUp);
        emit MarginMoved(address(vault), asset, int256(topUp));
    }

    /// @dev Returns equity above `wanted` stable units to the vault (at most the margin itself).
    function _returnExcessMargin(uint256 wanted) private {
        uint256 equity = _equityUnits();
        if (equity <= wanted) return;
        (,, uint256 margin,,) = perp.positionOf(address(this), asset);
        uint256 excess = equity - wanted;
        if (excess > margin) excess = margin;
        if (excess == 0) return;
        perp.withdrawMargin(asset, excess, address(vault));
        emit MarginMoved(address(vault), asset, -int256(excess));
    }

    function _targetSize() private view returns (int256) {
        return -int256(lpDelta());
    }

    function _healthy() private view returns (bool) {
        return oracle.isHealthy(asset) && oracle.isHealthy(stable);
    }

    function _notionalUsd(int256 size) private view returns (uint256) {
        return _abs(size).toUsdDown(vault.decimalsOf(asset), oracle.priceOf(asset));
    }

    function _abs(int256 x) private pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }

    function _setConfig(uint256 bandBps_, uint256 marginBps_) private {
        // The band is at most 50 %; the target margin sits between twice the perp's typical 10 % initial
        // margin (so the lower trigger, marginBps / 2, is still above it) and 100 %.
        if (bandBps_ < MIN_BAND_BPS || bandBps_ > MAX_BAND_BPS || marginBps_ < MIN_MARGIN_BPS || marginBps_ > FixedPointMath.MAX_BPS) {
            revert InvalidConfig();
        }
        bandBps = bandBps_;
        marginBps = marginBps_;
        emit ConfigSet(bandBps_, marginBps_);
    }
}
