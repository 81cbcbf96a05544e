// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IHedgerEvents} from "../interfaces/IHedgerEvents.sol";
import {IVault, IPositionModule} from "../interfaces/IVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";

interface ILPPool {
    function asset() external view returns (address);
    function positionOf(address account) external view returns (uint256 assetAmount, uint256 stableAmount);
    function removeLiquidity(uint256 liquidity, address to) external returns (uint256, uint256);
}

interface IPerpetual {
    function modifyPosition(address asset, int256 sizeDelta) external returns (int256 fundingPaidUsd, int256 realizedPnlUsd);
    function depositMargin(address asset, uint256 amount) external;
    function withdrawMargin(address asset, uint256 amount, address to) external;
    function positionOf(address account, address asset)
        external
        view
        returns (int256 size, uint256 entryPrice, uint256 margin, int256 pendingFundingUsd, int256 unrealizedPnlUsd);
    function equityUsd(address account, address asset) external view returns (uint256);
}

/// @title Hedger
/// @notice Keeps the vault's LP exposure to one asset delta-neutral with a short perpetual.
///
///         Δ_LP = the asset amount inside the vault's constant-product LP position (dV/dP of x·y = L²).
///         Δ_derivative = the delta of the perp short, one asset unit per unit of size, i.e. |size|.
///         hedge ratio = Δ_LP / Δ_derivative (WAD; MAX_RATIO when there is exposure and no hedge, 1e18 when
///         there is neither). When it leaves [1 − band, 1 + band] the keeper re-hedges: the short is set to
///         −Δ_LP and the margin to `marginBps` of the new notional (topped up from or returned to the vault's
///         stablecoin). The Hedge event reports the ratio that triggered the adjustment.
///
///         Oracle safe mode: no adjustment (hedge reverts OracleUnhealthy); the open short stays and keeps
///         accruing funding.
contract Hedger is ManagedUpgradeable, IHedgerEvents, IPositionModule {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    uint256 public constant MAX_RATIO = 100e18;

    error OracleUnhealthy(address asset);
    error WithinBand(uint256 hedgeRatio);
    error NotVault(address caller);
    error InvalidConfig();

    event ConfigSet(uint256 bandBps, uint256 marginBps);
    /// @notice Stablecoin moved between the vault and the perp margin (positive = posted from the vault).
    event MarginMoved(address indexed vault, address indexed asset, int256 stableAmount);

    IVault public vault;
    IOracleHub public oracle;
    ILPPool public lp;
    IPerpetual public perp;
    address public asset;
    address public stable;
    uint256 public bandBps;
    uint256 public marginBps;

    uint256[42] private __gap;

    function initialize(
        address management_,
        address guardian_,
        IVault vault_,
        ILPPool lp_,
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
        _setConfig(bandBps_, marginBps_);
    }

    function setConfig(uint256 bandBps_, uint256 marginBps_) external onlyManagement nonReentrant {
        _setConfig(bandBps_, marginBps_);
    }

    // ---- views ----

    function lpDelta() public view returns (uint256 assetAmount) {
        (assetAmount,) = lp.positionOf(address(vault));
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

    function hedgeNeeded() external view returns (bool) {
        if (paused() || vault.paused() || !oracle.isHealthy(asset) || !oracle.isHealthy(stable)) return false;
        return outsideBand(hedgeRatio());
    }

    /// @notice LP position at oracle prices plus the perp's equity (margin + unrealised P&L − pending funding).
    function positionValueUsd() external view returns (uint256) {
        (uint256 x, uint256 y) = lp.positionOf(address(vault));
        uint256 lpUsd = x.toUsdDown(vault.decimalsOf(asset), oracle.priceOf(asset))
            + y.toUsdDown(vault.decimalsOf(stable), oracle.priceOf(stable));
        return lpUsd + perp.equityUsd(address(this), asset);
    }

    // ---- actions ----

    function hedge() external onlyKeeper whenNotPaused nonReentrant {
        if (!oracle.isHealthy(asset)) revert OracleUnhealthy(asset);
        if (!oracle.isHealthy(stable)) revert OracleUnhealthy(stable);
        uint256 ratio = hedgeRatio();
        if (!outsideBand(ratio)) revert WithinBand(ratio);
        int256 before = perpSize();
        int256 target = -int256(lpDelta());
        (int256 funding, int256 pnl) = perp.modifyPosition(asset, target - before);
        uint256 marginUsd = _resizeMargin(target);
        emit Hedge(address(vault), asset, before, target, oracle.priceOf(asset), ratio, funding, pnl, marginUsd);
    }

    /// @notice Emergency exit: closes the short, returns all margin and the LP position's tokens to the vault.
    function exitAll() external nonReentrant {
        if (msg.sender != address(vault)) revert NotVault(msg.sender);
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
        uint256 liquidity = IERC20(address(lp)).balanceOf(address(vault));
        if (liquidity > 0) {
            vault.moduleTransfer(address(lp), address(this), liquidity);
            (uint256 assetAmount, uint256 stableAmount) = lp.removeLiquidity(liquidity, address(vault));
            emit LiquidityReturned(address(vault), asset, assetAmount, oracle.priceOf(asset));
            emit LiquidityReturned(address(vault), stable, stableAmount, oracle.priceOf(stable));
        }
    }

    // ---- internals ----

    /// @dev Sets the perp margin to marginBps of the target notional; returns the margin in WAD USD.
    function _resizeMargin(int256 target) private returns (uint256) {
        uint8 sd = vault.decimalsOf(stable);
        uint256 absSize = target < 0 ? uint256(-target) : uint256(target);
        uint256 notionalUsd = absSize.toUsdDown(vault.decimalsOf(asset), oracle.priceOf(asset));
        uint256 wanted = notionalUsd.bpsDown(marginBps).fromUsdDown(sd, oracle.priceOf(stable));
        (,, uint256 margin,,) = perp.positionOf(address(this), asset);
        if (wanted > margin) {
            uint256 topUp = wanted - margin;
            vault.moduleTransfer(stable, address(this), topUp);
            IERC20(stable).forceApprove(address(perp), topUp);
            perp.depositMargin(asset, topUp);
            emit MarginMoved(address(vault), asset, int256(topUp));
        } else if (margin > wanted) {
            perp.withdrawMargin(asset, margin - wanted, address(vault));
            emit MarginMoved(address(vault), asset, -int256(margin - wanted));
        }
        return FixedPointMath.scaleToWad(wanted, sd);
    }

    function _setConfig(uint256 bandBps_, uint256 marginBps_) private {
        if (bandBps_ == 0 || bandBps_ >= FixedPointMath.MAX_BPS || marginBps_ == 0 || marginBps_ > FixedPointMath.MAX_BPS) {
            revert InvalidConfig();
        }
        bandBps = bandBps_;
        marginBps = marginBps_;
        emit ConfigSet(bandBps_, marginBps_);
    }
}
