// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {MockERC20} from "./MockERC20.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";

/// @notice A perpetual swap marked at the oracle price, margined in the stablecoin (taken as $1).
///         Sizes are signed base units of the asset (negative = short). Funding accrues per second at
///         `fundingRate[asset]` (WAD per second of notional; positive = longs pay shorts) and is settled into
///         margin on every change. Reducing a position realises (mark − entry)·closed·sign into margin.
///         Margin is managed on equity = margin + unrealised P&L − pending funding (WAD USD):
///         - increasing a position, or withdrawing margin from an open one, needs equity ≥ initial margin
///           (`INITIAL_MARGIN_BPS` of notional) afterwards (BelowInitialMargin); reducing is always allowed;
///         - below maintenance (`MAINTENANCE_MARGIN_BPS` of notional) anyone may liquidate: the position is
///           closed at mark, the liquidator gets `LIQUIDATION_PENALTY_BPS` of notional (at most the margin
///           left) and the rest of the margin stays the account's (Liquidated).
///         Profits are paid from its balance, minting any shortfall (mock only).
contract MockPerpetual {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;
    using SafeCast for uint256;
    using SafeCast for int256;

    error InsufficientMargin(uint256 margin, uint256 requested);
    error BelowInitialMargin(int256 equityUsd, uint256 requiredUsd);
    error NotLiquidatable(int256 equityUsd, uint256 maintenanceUsd);

    uint256 public constant INITIAL_MARGIN_BPS = 1000;
    uint256 public constant MAINTENANCE_MARGIN_BPS = 500;
    uint256 public constant LIQUIDATION_PENALTY_BPS = 100;

    struct Position {
        int256 size;
        uint256 entryPrice; // WAD
        uint256 margin; // stable base units
        uint256 lastFundingTime;
    }

    IOracleHub public immutable oracle;
    IERC20 public immutable stable;
    uint8 private immutable _stableDecimals;
    mapping(address => int256) public fundingRate;
    mapping(address => mapping(address => Position)) private _positions;

    event PositionModified(address indexed account, address indexed asset, int256 sizeBefore, int256 sizeAfter, int256 fundingPaidUsd, int256 realizedPnlUsd);
    /// @notice `account`'s position of `size` was closed at `markPrice` with `equityUsd` left (below
    ///         maintenance); `penalty` stable base units of its margin went to `liquidator`.
    event Liquidated(
        address indexed account,
        address indexed asset,
        address indexed liquidator,
        int256 size,
        uint256 markPrice,
        int256 equityUsd,
        uint256 penalty
    );

    constructor(IOracleHub oracle_, IERC20 stable_) {
        oracle = oracle_;
        stable = stable_;
        _stableDecimals = IERC20Metadata(address(stable_)).decimals();
    }

    function setFundingRate(address asset, int256 ratePerSecondWad) external {
        fundingRate[asset] = ratePerSecondWad;
    }

    function depositMargin(address asset, uint256 amount) external {
        stable.safeTransferFrom(msg.sender, address(this), amount);
        _positions[msg.sender][asset].margin += amount;
    }

    function withdrawMargin(address asset, uint256 amount, address to) external {
        Position storage p = _positions[msg.sender][asset];
        _settleFunding(p, asset);
        if (amount > p.margin) revert InsufficientMargin(p.margin, amount);
        p.margin -= amount;
        if (p.size != 0) _requireInitialMargin(p, asset);
        uint256 bal = stable.balanceOf(address(this));
        if (bal < amount) MockERC20(address(stable)).mint(address(this), amount - bal);
        stable.safeTransfer(to, amount);
    }

    /// @return fundingPaidUsd funding the position paid since its last change (WAD USD; negative = received)
    /// @return realizedPnlUsd P&L realised by the reduction (WAD USD)
    function modifyPosition(address asset, int256 sizeDelta) external returns (int256 fundingPaidUsd, int256 realizedPnlUsd) {
        Position storage p = _positions[msg.sender][asset];
        fundingPaidUsd = _settleFunding(p, asset);
        int256 before = p.size;
        uint256 mark = oracle.priceOf(asset);
        int256 unit = int256(10 ** IERC20Metadata(asset).decimals());
        if (before != 0 && (before > 0) != (sizeDelta > 0) && sizeDelta != 0) {
            uint256 closed = _min(_abs(before), _abs(sizeDelta));
            int256 perUnit = before > 0 ? int256(mark) - int256(p.entryPrice) : int256(p.entryPrice) - int256(mark);
            realizedPnlUsd = perUnit * int256(closed) / unit;
            _applyUsd(p, realizedPnlUsd);
        }
        int256 after_ = before + sizeDelta;
        if (after_ == 0) {
            p.entryPrice = 0;
        } else if (before == 0 || (before > 0) != (after_ > 0)) {
            p.entryPrice = mark; // opened or flipped: the rest opens at mark
        } else if (_abs(after_) > _abs(before)) {
            p.entryPrice = (_abs(before) * p.entryPrice + _abs(sizeDelta) * mark) / _abs(after_);
        }
        p.size = after_;
        if (_abs(after_) > _abs(before)) _requireInitialMargin(p, asset);
        emit PositionModified(msg.sender, asset, before, after_, fundingPaidUsd, realizedPnlUsd);
    }

    /// @notice Closes `account`'s position in `asset` at mark once its equity is below maintenance; anyone.
    function liquidate(address account, address asset) external returns (uint256 penalty) {
        Position storage p = _positions[account][asset];
        int256 equity = equityOf(account, asset);
        uint256 maintenance = _notionalUsd(p.size, asset).bpsDown(MAINTENANCE_MARGIN_BPS);
        if (p.size == 0 || equity >= int256(maintenance)) revert NotLiquidatable(equity, maintenance);
        int256 size = p.size;
        int256 funding = _settleFunding(p, asset);
        uint256 mark = oracle.priceOf(asset);
        int256 pnl = (int256(mark) - int256(p.entryPrice)) * size / int256(10 ** IERC20Metadata(asset).decimals());
        _applyUsd(p, pnl);
        p.size = 0;
        p.entryPrice = 0;
        penalty = _notionalUsd(size, asset).bpsDown(LIQUIDATION_PENALTY_BPS) / 10 ** (18 - _stableDecimals);
        if (penalty > p.margin) penalty = p.margin;
        p.margin -= penalty;
        if (penalty > 0) {
            uint256 bal = stable.balanceOf(address(this));
            if (bal < penalty) MockERC20(address(stable)).mint(address(this), penalty - bal);
            stable.safeTransfer(msg.sender, penalty);
        }
        emit PositionModified(account, asset, size, 0, funding, pnl);
        emit Liquidated(account, asset, msg.sender, size, mark, equity, penalty);
    }

    /// @notice margin + unrealised P&L − pending funding, signed WAD USD.
    function equityOf(address account, address asset) public view returns (int256) {
        Position storage p = _positions[account][asset];
        int256 upnl;
        if (p.size != 0) {
            upnl = (int256(oracle.priceOf(asset)) - int256(p.entryPrice)) * p.size
                / int256(10 ** IERC20Metadata(asset).decimals());
        }
        return int256(FixedPointMath.scaleToWad(p.margin, _stableDecimals)) + upnl - _pendingFunding(p, asset);
    }

    /// @notice Whether `account`'s position in `asset` is below maintenance margin (liquidatable).
    function isLiquidatable(address account, address asset) external view returns (bool) {
        Position storage p = _positions[account][asset];
        return p.size != 0 && equityOf(account, asset) < int256(_notionalUsd(p.size, asset).bpsDown(MAINTENANCE_MARGIN_BPS));
    }

    function _requireInitialMargin(Position storage p, address asset) private view {
        uint256 required = _notionalUsd(p.size, asset).bpsDown(INITIAL_MARGIN_BPS);
        int256 equity = equityOf(msg.sender, asset);
        if (equity < int256(required)) revert BelowInitialMargin(equity, required);
    }

    function _notionalUsd(int256 size, address asset) private view returns (uint256) {
        return FixedPointMath.mulDivDown(_abs(size), oracle.priceOf(asset), 10 ** IERC20Metadata(asset).decimals());
    }

    function positionOf(address account, address asset)
        external
        view
        returns (int256 size, uint256 entryPrice, uint256 margin, int256 pendingFundingUsd, int256 unrealizedPnlUsd)
    {
        Position storage p = _positions[account][asset];
        size = p.size;
        entryPrice = p.entryPrice;
        margin = p.margin;
        pendingFundingUsd = _pendingFunding(p, asset);
        if (size != 0) {
            uint256 mark = oracle.priceOf(asset);
            int256 perUnit = int256(mark) - int256(p.entryPrice);
            unrealizedPnlUsd = perUnit * size / int256(10 ** IERC20Metadata(asset).decimals());
        }
    }

    /// @notice margin + unrealised P&L − pending funding, in WAD USD, floored at zero.
    function equityUsd(address account, address asset) external view returns (uint256) {
        int256 e = equityOf(account, asset);
        return e > 0 ? uint256(e) : 0;
    }

    function _pendingFunding(Position storage p, address asset) private view returns (int256) {
        if (p.size == 0 || p.lastFundingTime == 0) return 0;
        uint256 mark = oracle.priceOf(asset);
        int256 notionalUsd = p.size * int256(mark) / int256(10 ** IERC20Metadata(asset).decimals());
        return notionalUsd * fundingRate[asset] * int256(block.timestamp - p.lastFundingTime) / int256(FixedPointMath.WAD);
    }

    function _settleFunding(Position storage p, address asset) private returns (int256 paid) {
        paid = _pendingFunding(p, asset);
        p.lastFundingTime = block.timestamp;
        _applyUsd(p, -paid);
    }

    /// @dev Adds a signed WAD USD amount to the margin (stable base units), flooring at zero.
    function _applyUsd(Position storage p, int256 usd) private {
        uint256 scale = 10 ** (18 - _stableDecimals);
        if (usd >= 0) {
            p.margin += uint256(usd) / scale;
        } else {
            uint256 loss = (uint256(-usd) + scale - 1) / scale;
            p.margin = loss >= p.margin ? 0 : p.margin - loss;
        }
    }

    function _abs(int256 x) private pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
