// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";
import {IUniswapV3PoolReads} from "../venues/uniswap/IUniswapV3.sol";
import {PoolTwap} from "./PoolTwap.sol";

/// @title Perpetual
/// @notice Perpetual swaps on listed assets, margined in the stablecoin (taken as $1 per whole token).
///         Sizes are signed base units of the asset (negative = short).
///
///         Prices. The **index** is the oracle hub's consensus price of the asset (`priceOf`). The **mark** is
///         the time-weighted price of the asset's Uniswap v3 pool against the stablecoin over the market's
///         `twapWindow` (`observe`, mean tick). Positions are valued at the index — entry, realised and unrealised
///         P&L, margin and liquidation — so a thin or pushed pool cannot liquidate anyone; the mark only sets
///         funding, which pulls the perp's holders toward the index the way a premium does on any perp venue.
///
///         Funding. premium = clamp((mark − index) / index, ±maxPremiumBps); the rate is premium / FUNDING_PERIOD
///         per second of notional (positive = longs pay shorts), i.e. a premium held for one FUNDING_PERIOD (a
///         day) costs the paying side that share of its notional. The rate is sampled at most once per
///         `fundingInterval` (by `fund`, which anyone may call once it is due, or by any position change of the
///         market once due) and accrues continuously into the market's cumulative funding per whole unit
///         (rate × index × seconds); a position pays size × (cumulative now − cumulative at its last change).
///         Until the pool can answer the window (a pool younger than it) or while the oracle is unhealthy the
///         rate keeps its last value (zero at listing).
///
///         Margin on equity = margin + unrealised P&L − pending funding (WAD USD):
///         - a change that grows a position or flips it, or a withdrawal from an open one, needs equity ≥ initial
///           margin (`INITIAL_MARGIN_BPS` of notional) afterwards (BelowInitialMargin), a healthy oracle and the
///           contract not paused; reducing is always allowed;
///         - below maintenance (`MAINTENANCE_MARGIN_BPS` of notional, with a healthy oracle) anyone may liquidate:
///           the position is closed at the index, the liquidator gets `LIQUIDATION_PENALTY_BPS` of notional (at
///           most the margin left) and the rest of the margin stays the account's (Liquidated).
///         Profit is paid from the contract's own stablecoin (the counterparty's balance, funded by management);
///         a withdrawal it cannot cover reverts. A loss beyond the margin floors the margin at zero.
contract Perpetual is ManagedUpgradeable {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    uint256 public constant INITIAL_MARGIN_BPS = 1000;
    uint256 public constant MAINTENANCE_MARGIN_BPS = 500;
    uint256 public constant LIQUIDATION_PENALTY_BPS = 100;
    /// @notice The period a premium is paid over: a premium p held for this long costs p of notional.
    uint256 public constant FUNDING_PERIOD = 1 days;
    uint32 public constant MIN_TWAP_WINDOW = 5 minutes;
    uint32 public constant MAX_TWAP_WINDOW = 1 days;
    /// @notice The largest premium a market may pass on: 1 % of notional per FUNDING_PERIOD.
    uint256 public constant MAX_PREMIUM_BPS = 100;
    uint32 public constant MIN_FUNDING_INTERVAL = 5 minutes;
    uint32 public constant MAX_FUNDING_INTERVAL = 1 days;

    error UnknownMarket(address asset);
    error PoolMismatch(address pool, address asset, address stable);
    error InvalidMarketConfig();
    error ZeroAmount();
    error InsufficientMargin(uint256 margin, uint256 requested);
    error BelowInitialMargin(int256 equityUsd, uint256 requiredUsd);
    error NotLiquidatable(int256 equityUsd, uint256 maintenanceUsd);
    error OracleUnhealthy(address asset);
    error FundingNotDue(uint256 nextSampleAt);
    error MarkUnavailable(address pool, uint32 twapWindow);

    struct Market {
        address pool;
        uint32 twapWindow;
        uint32 fundingInterval;
        uint16 maxPremiumBps;
        uint8 decimals;
        uint64 lastAccrual;
        uint64 lastSample;
        /// funding per second, WAD share of notional; positive = longs pay shorts
        int256 ratePerSecond;
        /// funding per whole unit of the asset since listing, WAD USD
        int256 cumulativeFundingUsd;
    }

    struct Position {
        int256 size;
        uint256 entryPrice; // WAD
        uint256 margin; // stable base units
        int256 fundingSnapshot; // the market's cumulative funding at the last settlement
    }

    event MarketListed(address indexed asset, address indexed pool, uint32 twapWindow, uint16 maxPremiumBps, uint32 fundingInterval);
    /// @notice A new funding rate was sampled: premium = (mark − index) / index clamped (WAD share), rate per second.
    event FundingRateUpdated(address indexed asset, uint256 markPrice, uint256 indexPrice, int256 premiumWad, int256 ratePerSecond);
    event MarginDeposited(address indexed account, address indexed asset, uint256 amount);
    event MarginWithdrawn(address indexed account, address indexed asset, uint256 amount, address to);
    event PositionModified(address indexed account, address indexed asset, int256 sizeBefore, int256 sizeAfter, int256 fundingPaidUsd, int256 realizedPnlUsd);
    /// @notice `account`'s position of `size` was closed at `markPrice` (the index) with `equityUsd` left (below
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

    IOracleHub public oracle;
    IERC20 public stable;
    uint8 public stableDecimals;
    mapping(address => Market) private _markets;
    mapping(address => mapping(address => Position)) private _positions;

    uint256[45] private __gap;

    function initialize(address management_, address guardian_, IOracleHub oracle_, IERC20 stable_) external initializer {
        __Managed_init(management_, guardian_);
        if (address(oracle_) == address(0) || address(stable_) == address(0)) revert ZeroAddress();
        oracle = oracle_;
        stable = stable_;
        stableDecimals = IERC20Metadata(address(stable_)).decimals();
    }

    // ---- management ----

    /// @notice Lists `asset` (or re-configures it, settling funding first) with its pool against the stablecoin.
    function listMarket(address asset, address pool, uint32 twapWindow, uint16 maxPremiumBps, uint32 fundingInterval)
        external
        onlyManagement
        nonReentrant
    {
        if (asset == address(0) || pool == address(0)) revert ZeroAddress();
        address t0 = IUniswapV3PoolReads(pool).token0();
        address t1 = IUniswapV3PoolReads(pool).token1();
        address s = address(stable);
        if (!((t0 == asset && t1 == s) || (t0 == s && t1 == asset))) revert PoolMismatch(pool, asset, s);
        if (
            twapWindow < MIN_TWAP_WINDOW || twapWindow > MAX_TWAP_WINDOW || maxPremiumBps > MAX_PREMIUM_BPS
                || fundingInterval < MIN_FUNDING_INTERVAL || fundingInterval > MAX_FUNDING_INTERVAL
        ) revert InvalidMarketConfig();
        Market storage m = _markets[asset];
        if (m.pool != address(0)) {
            _accrue(m, asset);
        } else {
            m.decimals = IERC20Metadata(asset).decimals();
            m.lastAccrual = uint64(block.timestamp);
            m.lastSample = uint64(block.timestamp);
        }
        m.pool = pool;
        m.twapWindow = twapWindow;
        m.maxPremiumBps = maxPremiumBps;
        m.fundingInterval = fundingInterval;
        emit MarketListed(asset, pool, twapWindow, maxPremiumBps, fundingInterval);
    }

    // ---- actions (anyone, on their own account) ----

    function depositMargin(address asset, uint256 amount) external nonReentrant {
        _market(asset);
        if (amount == 0) revert ZeroAmount();
        stable.safeTransferFrom(msg.sender, address(this), amount);
        _positions[msg.sender][asset].margin += amount;
        emit MarginDeposited(msg.sender, asset, amount);
    }

    function withdrawMargin(address asset, uint256 amount, address to) external nonReentrant {
        Market storage m = _market(asset);
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        _accrue(m, asset);
        Position storage p = _positions[msg.sender][asset];
        _settleFunding(p, m);
        if (amount > p.margin) revert InsufficientMargin(p.margin, amount);
        p.margin -= amount;
        if (p.size != 0) _requireOpenable(p, asset);
        stable.safeTransfer(to, amount);
        emit MarginWithdrawn(msg.sender, asset, amount, to);
    }

    /// @return fundingPaidUsd funding the position paid since its last change (WAD USD; negative = received)
    /// @return realizedPnlUsd P&L realised by the reduction (WAD USD)
    function modifyPosition(address asset, int256 sizeDelta)
        external
        nonReentrant
        returns (int256 fundingPaidUsd, int256 realizedPnlUsd)
    {
        Market storage m = _market(asset);
        if (sizeDelta == 0) revert ZeroAmount();
        _accrue(m, asset);
        Position storage p = _positions[msg.sender][asset];
        fundingPaidUsd = _settleFunding(p, m);
        int256 before = p.size;
        uint256 index = oracle.priceOf(asset);
        if (before != 0 && (before > 0) != (sizeDelta > 0)) {
            uint256 closed = _min(_abs(before), _abs(sizeDelta));
            int256 perUnit = before > 0 ? int256(index) - int256(p.entryPrice) : int256(p.entryPrice) - int256(index);
            realizedPnlUsd = perUnit * int256(closed) / _unit(m);
            _applyUsd(p, realizedPnlUsd);
        }
        int256 after_ = before + sizeDelta;
        bool flips = before != 0 && after_ != 0 && (before > 0) != (after_ > 0);
        if (after_ == 0) {
            p.entryPrice = 0;
        } else if (before == 0 || flips) {
            p.entryPrice = index; // opened or flipped: the rest opens at the index
        } else if (_abs(after_) > _abs(before)) {
            p.entryPrice = (_abs(before) * p.entryPrice + _abs(sizeDelta) * index) / _abs(after_);
        }
        p.size = after_;
        if (flips || _abs(after_) > _abs(before)) _requireOpenable(p, asset);
        emit PositionModified(msg.sender, asset, before, after_, fundingPaidUsd, realizedPnlUsd);
    }

    /// @notice Closes `account`'s position in `asset` at the index once its equity is below maintenance; anyone.
    function liquidate(address account, address asset) external nonReentrant returns (uint256 penalty) {
        Market storage m = _market(asset);
        if (!oracle.isHealthy(asset)) revert OracleUnhealthy(asset);
        _accrue(m, asset);
        Position storage p = _positions[account][asset];
        int256 equity = equityOf(account, asset);
        uint256 maintenance = _notionalUsd(p.size, asset, m).bpsDown(MAINTENANCE_MARGIN_BPS);
        if (p.size == 0 || equity >= int256(maintenance)) revert NotLiquidatable(equity, maintenance);
        int256 size = p.size;
        int256 funding = _settleFunding(p, m);
        uint256 index = oracle.priceOf(asset);
        int256 pnl = (int256(index) - int256(p.entryPrice)) * size / _unit(m);
        _applyUsd(p, pnl);
        p.size = 0;
        p.entryPrice = 0;
        penalty = _notionalUsd(size, asset, m).bpsDown(LIQUIDATION_PENALTY_BPS) / 10 ** (18 - stableDecimals);
        if (penalty > p.margin) penalty = p.margin;
        p.margin -= penalty;
        if (penalty > 0) stable.safeTransfer(msg.sender, penalty);
        emit PositionModified(account, asset, size, 0, funding, pnl);
        emit Liquidated(account, asset, msg.sender, size, index, equity, penalty);
    }

    /// @notice Accrues funding and samples a new rate from the premium; anyone, once per `fundingInterval`.
    function fund(address asset) external nonReentrant {
        Market storage m = _market(asset);
        uint256 due = uint256(m.lastSample) + m.fundingInterval;
        if (block.timestamp < due) revert FundingNotDue(due);
        _accrue(m, asset);
    }

    // ---- views ----

    function market(address asset) external view returns (Market memory) {
        return _markets[asset];
    }

    /// @notice The current funding rate (WAD share of notional per second; positive = longs pay shorts).
    function fundingRate(address asset) external view returns (int256) {
        return _markets[asset].ratePerSecond;
    }

    /// @notice The oracle's price of `asset` (WAD USD per whole token).
    function indexPrice(address asset) external view returns (uint256) {
        return oracle.priceOf(asset);
    }

    /// @notice The pool's TWAP over the market's window (WAD stable per whole asset); reverts if it cannot answer.
    function markPrice(address asset) public view returns (uint256) {
        Market storage m = _markets[asset];
        if (m.pool == address(0)) revert UnknownMarket(asset);
        (bool ok, uint256 mark) = _mark(m, asset);
        if (!ok) revert MarkUnavailable(m.pool, m.twapWindow);
        return mark;
    }

    /// @notice margin + unrealised P&L − pending funding, signed WAD USD.
    function equityOf(address account, address asset) public view returns (int256) {
        Market storage m = _markets[asset];
        Position storage p = _positions[account][asset];
        int256 upnl;
        if (p.size != 0) upnl = (int256(oracle.priceOf(asset)) - int256(p.entryPrice)) * p.size / _unit(m);
        return int256(FixedPointMath.scaleToWad(p.margin, stableDecimals)) + upnl - _pendingFunding(p, m, asset);
    }

    /// @notice Whether `account`'s position in `asset` may be liquidated now (below maintenance, oracle healthy).
    function isLiquidatable(address account, address asset) external view returns (bool) {
        Market storage m = _markets[asset];
        Position storage p = _positions[account][asset];
        if (p.size == 0 || !oracle.isHealthy(asset)) return false;
        return equityOf(account, asset) < int256(_notionalUsd(p.size, asset, m).bpsDown(MAINTENANCE_MARGIN_BPS));
    }

    function positionOf(address account, address asset)
        external
        view
        returns (int256 size, uint256 entryPrice, uint256 margin, int256 pendingFundingUsd, int256 unrealizedPnlUsd)
    {
        Market storage m = _markets[asset];
        Position storage p = _positions[account][asset];
        size = p.size;
        entryPrice = p.entryPrice;
        margin = p.margin;
        pendingFundingUsd = _pendingFunding(p, m, asset);
        if (size != 0) unrealizedPnlUsd = (int256(oracle.priceOf(asset)) - int256(p.entryPrice)) * size / _unit(m);
    }

    /// @notice margin + unrealised P&L − pending funding, in WAD USD, floored at zero.
    function equityUsd(address account, address asset) external view returns (uint256) {
        int256 e = equityOf(account, asset);
        return e > 0 ? uint256(e) : 0;
    }

    /// @notice The market's cumulative funding per whole unit as of now (WAD USD), accrued or not.
    function cumulativeFundingUsd(address asset) public view returns (int256) {
        Market storage m = _markets[asset];
        return m.cumulativeFundingUsd + _accrued(m, asset);
    }

    // ---- internals ----

    function _market(address asset) private view returns (Market storage m) {
        m = _markets[asset];
        if (m.pool == address(0)) revert UnknownMarket(asset);
    }

    function _mark(Market storage m, address asset) private view returns (bool, uint256) {
        return PoolTwap.tryPrice(m.pool, asset, m.decimals, address(stable), stableDecimals, m.twapWindow);
    }

    /// @dev Funding since the last accrual at the stored rate, per whole unit (WAD USD).
    function _accrued(Market storage m, address asset) private view returns (int256) {
        if (m.ratePerSecond == 0 || block.timestamp == m.lastAccrual) return 0;
        return m.ratePerSecond * int256(oracle.priceOf(asset)) * int256(block.timestamp - m.lastAccrual) / int256(FixedPointMath.WAD);
    }

    /// @dev Brings the cumulative funding to now, then samples a new rate if one is due.
    function _accrue(Market storage m, address asset) private {
        m.cumulativeFundingUsd += _accrued(m, asset);
        m.lastAccrual = uint64(block.timestamp);
        if (block.timestamp >= uint256(m.lastSample) + m.fundingInterval) _sampleRate(m, asset);
    }

    /// @dev rate = clamp((mark − index) / index, ±maxPremiumBps) / FUNDING_PERIOD; kept as it was when the pool
    ///      cannot answer its window or the oracle is unhealthy (the next change retries).
    function _sampleRate(Market storage m, address asset) private {
        if (!oracle.isHealthy(asset)) return;
        (bool ok, uint256 mark) = _mark(m, asset);
        if (!ok) return;
        uint256 index = oracle.priceOf(asset);
        int256 premium = (int256(mark) - int256(index)) * int256(FixedPointMath.WAD) / int256(index);
        int256 cap = int256(uint256(m.maxPremiumBps) * FixedPointMath.WAD / FixedPointMath.MAX_BPS);
        if (premium > cap) premium = cap;
        if (premium < -cap) premium = -cap;
        int256 rate = premium / int256(FUNDING_PERIOD);
        m.ratePerSecond = rate;
        m.lastSample = uint64(block.timestamp);
        emit FundingRateUpdated(asset, mark, index, premium, rate);
    }

    function _pendingFunding(Position storage p, Market storage m, address asset) private view returns (int256) {
        if (p.size == 0) return 0;
        return p.size * (m.cumulativeFundingUsd + _accrued(m, asset) - p.fundingSnapshot) / _unit(m);
    }

    /// @dev Settles the position's funding into its margin; the market must be accrued to now.
    function _settleFunding(Position storage p, Market storage m) private returns (int256 paid) {
        if (p.size != 0) paid = p.size * (m.cumulativeFundingUsd - p.fundingSnapshot) / _unit(m);
        p.fundingSnapshot = m.cumulativeFundingUsd;
        _applyUsd(p, -paid);
    }

    function _requireOpenable(Position storage p, address asset) private view {
        if (paused()) revert EnforcedPause();
        if (!oracle.isHealthy(asset)) revert OracleUnhealthy(asset);
        uint256 required = _notionalUsd(p.size, asset, _markets[asset]).bpsDown(INITIAL_MARGIN_BPS);
        int256 equity = equityOf(msg.sender, asset);
        if (equity < int256(required)) revert BelowInitialMargin(equity, required);
    }

    function _notionalUsd(int256 size, address asset, Market storage m) private view returns (uint256) {
        return FixedPointMath.mulDivDown(_abs(size), oracle.priceOf(asset), uint256(_unit(m)));
    }

    function _unit(Market storage m) private view returns (int256) {
        return int256(10 ** uint256(m.decimals));
    }

    /// @dev Adds a signed WAD USD amount to the margin (stable base units), flooring at zero.
    function _applyUsd(Position storage p, int256 usd) private {
        uint256 scale = 10 ** (18 - stableDecimals);
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
