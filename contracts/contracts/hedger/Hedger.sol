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
contract Hedger is ManagedUpgradeable, IHedgerEvents, IHedgerConfigEvents, IPositionModule {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    uint256 public constant MAX_RATIO = 100e18;
    uint256 public constant MIN_BAND_BPS = 10;
    uint256 public constant MAX_BAND_BPS = 5000;
    uint256 public constant MIN_MARGIN_BPS = 2000;

    error OracleUnhealthy(address asset);
    error WithinBand(uint256 hedgeRatio);
    error NotVault(address caller);
    error InvalidConfig();
    error OnlySelf();
    /// @notice The liquidity manager holds `managerAsset`/`managerStable`, not this hedger's asset/stablecoin.
    error ManagerPairMismatch(address manager, address managerAsset, address managerStable);

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

    uint256[41] private __gap;

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

    // ---- views ----

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
        return _healthy() || _abs(_targetSize()) < _abs(perpSize());
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
        uint256 wanted = _notionalUsd(target).bpsDown(marginBps).fromUsdDown(vault.decimalsOf(stable), oracle.priceOf(stable));
        _postMargin(wanted);
        // a margin-only re-hedge (the LP's delta unchanged) leaves the position as it is
        (int256 funding, int256 pnl) = target == before ? (int256(0), int256(0)) : perp.modifyPosition(asset, target - before);
        if (healthy) _returnExcessMargin(wanted);
        uint256 marginUsd = FixedPointMath.scaleToWad(wanted, vault.decimalsOf(stable));
        emit Hedge(address(vault), asset, before, target, oracle.priceOf(asset), ratio, funding, pnl, marginUsd);
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
