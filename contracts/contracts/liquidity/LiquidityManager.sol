// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {ILiquidityManagerEvents} from "../interfaces/ILiquidityManagerEvents.sol";
import {ILiquidityManagerConfigEvents} from "../interfaces/IConfigEvents.sol";
import {IVault, IPositionModule} from "../interfaces/IVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";
import {
    IUniswapV3FactoryReads, IUniswapV3PoolReads, IUniswapV3PositionManager, IUniswapV3SwapRouter
} from "../venues/uniswap/IUniswapV3.sol";
import {RangeMath} from "./RangeMath.sol";

interface IOracleRounds {
    function sampleInterval() external view returns (uint256);
}

/// @title LiquidityManager
/// @notice Holds one NonfungiblePositionManager position of `asset` against the vault's stablecoin for the
///         vault, and moves it by a stated rule:
///         - range: half-width k·σ·√h in log price (σ the oracle's per-round volatility, h rounds), i.e.
///           k·σ·√h / ln(1.0001) ticks, centred on the pool's TWAP tick, widened outward to the tick spacing;
///         - fee tier: among the enabled tiers, the one whose range (same capital, its own spacing) is expected
///           to earn the most over `feeHorizon`: fees = L · (fee growth per unit of liquidity the pool showed
///           since the manager last acted — its volume × fee / in-range liquidity) · time in range, time in range
///           = min(feeHorizon, a·b/σ²) for log distances a, b to the edges (Brownian exit time);
///         - re-range: when the pool's tick has left the range, is within `thresholdBps` of the half-width
///           from an edge, or another tier is best — and only when the best range's expected fees exceed the
///           current range's plus the cost: `rerangeGas` at the block's base fee (priced in `gasToken`) plus
///           the swap to the new ratio (its pool fee plus impact q²/depth). Each evaluation is a Decision event;
///         - fees: collected at most every `collectInterval`, swapped to the range's ratio and added back.
///         Every swap and every mint happens only while the pool's spot and TWAP ticks are within
///         `maxDeviationTicks` of the oracle's price (a pushed pool is refused); tokens a mint does not take go
///         back to the vault, so between calls the manager holds only the position.
contract LiquidityManager is
    ManagedUpgradeable,
    ILiquidityManagerEvents,
    ILiquidityManagerConfigEvents,
    IPositionModule
{
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    uint256 internal constant MIN_K = 0.5e18;
    uint256 internal constant MAX_K = 10e18;
    uint256 internal constant MAX_HORIZON_ROUNDS = 365;
    uint256 internal constant MAX_THRESHOLD_BPS = 5000;
    uint256 internal constant MAX_SIGMA = 1e18;
    uint256 internal constant MIN_FEE_HORIZON = 1 hours;
    uint256 internal constant MAX_FEE_HORIZON = 90 days;
    uint256 internal constant MIN_RERANGE_GAS = 100_000;
    uint256 internal constant MAX_RERANGE_GAS = 5_000_000;
    uint256 internal constant MIN_COLLECT_INTERVAL = 1 hours;
    uint256 internal constant MAX_COLLECT_INTERVAL = 30 days;
    uint32 internal constant MIN_TWAP_WINDOW = 60;
    uint32 internal constant MAX_TWAP_WINDOW = 1 days;
    uint256 internal constant MIN_DEVIATION_TICKS = 10;
    uint256 internal constant MAX_DEVIATION_TICKS = 1000;
    uint256 internal constant MAX_SLIPPAGE_BPS = 500;
    uint256 internal constant MAX_TIERS = 4;
    uint128 private constant REF_LIQUIDITY = 1e18;
    uint256 private constant FEE_DENOMINATOR = 1_000_000;

    error InvalidConfig();
    error NotVault(address caller);
    error NoPosition();
    error PositionOpen(uint256 positionId);
    error ZeroAmount();
    error UnknownTier(uint24 fee);
    error NoTier();
    error OracleUnhealthy();
    error PoolPriceOff(address pool, int24 tick, int24 oracleTick);
    error CollectTooSoon(uint256 next);

    /// @notice The pool's fee growth per unit of liquidity when the manager last acted: the start of the
    ///         window its expected fees are read from.
    struct FeeSnapshot {
        uint256 growth0;
        uint256 growth1;
        uint64 at;
    }

    /// @notice A candidate range: its pool, spot and TWAP ticks, bounds, the liquidity the capital buys there
    ///         and the fees (USD, WAD) it is expected to earn over the fee horizon.
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

    /// @notice The re-range rule's verdict on the current position.
    struct Evaluation {
        bool rerange;
        Reason reason;
        int24 tick;
        uint256 stayFeesUsd;
        uint256 costUsd;
        Plan best;
    }

    /// @notice The contracts the manager is wired to.
    struct Wiring {
        IVault vault;
        IUniswapV3PositionManager positionManager;
        IUniswapV3FactoryReads factory;
        IUniswapV3SwapRouter swapRouter;
        address asset;
        address gasToken;
    }

    IVault public vault;
    IOracleHub public oracle;
    IUniswapV3PositionManager public positionManager;
    IUniswapV3FactoryReads public factory;
    IUniswapV3SwapRouter public swapRouter;
    address public asset;
    address public stable;
    /// @notice The token whose oracle price prices gas (the chain's wrapped native token, 18 decimals).
    address public gasToken;
    uint8 public assetDecimals;
    uint8 public stableDecimals;
    bool private _assetIsToken0;
    uint24[] private _tiers;
    mapping(uint24 => FeeSnapshot) public feeSnapshot;
    /// @notice The position manager's id of the position (0 without one), its tier and range.
    uint256 public tokenId;
    uint24 public fee;
    int24 public tickLower;
    int24 public tickUpper;
    uint64 public lastCollect;
    RangeConfig public rangeConfig;
    CostConfig public costConfig;

    uint256[34] private __gap;

    function initialize(address management_, address guardian_, Wiring calldata w, RangeConfig calldata rc, CostConfig calldata cc)
        external
        initializer
    {
        __Managed_init(management_, guardian_);
        if (
            address(w.positionManager) == address(0) || address(w.factory) == address(0)
                || address(w.swapRouter) == address(0)
        ) revert ZeroAddress();
        address stable_ = w.vault.stablecoin();
        if (!w.vault.isAsset(w.asset) || w.asset == stable_ || !w.vault.isAsset(w.gasToken)) revert InvalidConfig();
        vault = w.vault;
        oracle = IOracleHub(w.vault.oracle());
        positionManager = w.positionManager;
        factory = w.factory;
        swapRouter = w.swapRouter;
        asset = w.asset;
        stable = stable_;
        gasToken = w.gasToken;
        assetDecimals = w.vault.decimalsOf(w.asset);
        stableDecimals = w.vault.decimalsOf(stable_);
        _assetIsToken0 = w.asset < stable_;
        _setRangeConfig(rc);
        _setCostConfig(cc);
    }

    // ---- configuration ----

    function setRangeConfig(RangeConfig calldata rc) external onlyManagement nonReentrant {
        _setRangeConfig(rc);
    }

    function setCostConfig(CostConfig calldata cc) external onlyManagement nonReentrant {
        _setCostConfig(cc);
    }

    /// @notice Enables (its pool must exist; its fee growth is observed from now) or disables a fee tier. The
    ///         open position stays in its tier until a re-range moves it.
    function setFeeTier(uint24 fee_, bool enabled) external onlyManagement nonReentrant {
        uint256 n = _tiers.length;
        uint256 i;
        while (i < n && _tiers[i] != fee_) ++i;
        if (enabled) {
            if (i < n) return;
            if (n == MAX_TIERS) revert InvalidConfig();
            _snapshot(_pool(fee_), fee_);
            _tiers.push(fee_);
        } else {
            if (i == n) revert UnknownTier(fee_);
            _tiers[i] = _tiers[n - 1];
            _tiers.pop();
        }
        emit FeeTierSet(fee_, enabled);
    }

    // ---- views ----

    function tiers() external view returns (uint24[] memory) {
        return _tiers;
    }

    /// @notice The oracle's per-round σ of the asset, clamped to [minSigma, maxSigma].
    function sigma() public view returns (uint256 s) {
        (s,) = oracle.volatilityOf(asset);
        RangeConfig memory rc = rangeConfig;
        if (s < rc.minSigma) s = rc.minSigma;
        if (s > rc.maxSigma) s = rc.maxSigma;
    }

    /// @notice The position's asset and stablecoin at its pool's current price, plus fees already owed to it.
    function positionAmounts() public view returns (uint256 assetAmount, uint256 stableAmount) {
        if (tokenId == 0) return (0, 0);
        (uint128 l, uint128 owed0, uint128 owed1) = _position();
        (uint160 sqrtPriceX96,,,,,,) = _pool(fee).slot0();
        (uint256 a0, uint256 a1) = RangeMath.amounts(sqrtPriceX96, tickLower, tickUpper, l);
        return _ordered(a0 + owed0, a1 + owed1);
    }

    /// @notice The position (its amounts at the pool price) at oracle prices, USD WAD.
    function positionValueUsd() public view returns (uint256) {
        (uint256 a, uint256 s) = positionAmounts();
        return _usd(a, s);
    }

    /// @dev The range `fee_`'s pool would get now for `valueUsd` of capital, and its expected fees.
    function _planFor(uint24 fee_, uint256 valueUsd, uint256 sigma_) private view returns (Plan memory p) {
        IUniswapV3PoolReads pool = _pool(fee_);
        uint160 sqrtPriceX96;
        (p.fee, p.pool) = (fee_, address(pool));
        (sqrtPriceX96, p.tick,,,,,) = pool.slot0();
        p.twapTick = _twapTick(pool);
        RangeConfig memory rc = rangeConfig;
        (p.tickLower, p.tickUpper) =
            RangeMath.rangeAround(p.twapTick, RangeMath.halfWidthTicks(rc.k, sigma_, rc.horizonRounds), pool.tickSpacing());
        p.liquidity = _liquidityFor(valueUsd, sqrtPriceX96, p.tickLower, p.tickUpper);
        p.feesUsd = expectedFeesUsd(fee_, p.liquidity, _timeInRange(p.tick, p.tickLower, p.tickUpper, sigma_));
    }

    /// @dev The liquidity `valueUsd` (at oracle prices) buys over [lower, upper) at √P (rounded down).
    function _liquidityFor(uint256 valueUsd, uint160 sqrtPriceX96, int24 lower, int24 upper) private view returns (uint128) {
        (uint256 r0, uint256 r1) = RangeMath.amounts(sqrtPriceX96, lower, upper, REF_LIQUIDITY);
        (uint256 ra, uint256 rs) = _ordered(r0, r1);
        uint256 refUsd = _usd(ra, rs);
        return refUsd == 0 ? 0 : uint128(Math.mulDiv(REF_LIQUIDITY, valueUsd, refUsd));
    }

    /// @notice Fees (USD, WAD) `liquidity` in range earns in `fee_`'s pool over `duration` seconds, at the fee growth
    ///         per unit of liquidity the pool showed since the manager last observed it.
    function expectedFeesUsd(uint24 fee_, uint128 liquidity, uint256 duration) public view returns (uint256) {
        FeeSnapshot memory snap = feeSnapshot[fee_];
        uint256 elapsed = block.timestamp - snap.at;
        if (elapsed == 0 || liquidity == 0 || duration == 0) return 0;
        IUniswapV3PoolReads pool = _pool(fee_);
        uint256 g0;
        uint256 g1;
        unchecked {
            g0 = pool.feeGrowthGlobal0X128() - snap.growth0;
            g1 = pool.feeGrowthGlobal1X128() - snap.growth1;
        }
        uint256 exposure = uint256(liquidity) * duration;
        (uint256 fa, uint256 fs) =
            _ordered(Math.mulDiv(g0, exposure, elapsed << 128), Math.mulDiv(g1, exposure, elapsed << 128));
        return _usd(fa, fs);
    }

    /// @notice The rule on the current position: the best range, the fees of staying, the cost, the verdict.
    function evaluate() public view returns (Evaluation memory e) {
        if (tokenId == 0) revert NoPosition();
        uint256 s = sigma();
        (uint128 l,,) = _position();
        (, e.tick,,,,,) = _pool(fee).slot0();
        (uint256 a, uint256 st) = positionAmounts();
        uint256 value = _usd(a, st);
        e.best = _bestPlan(value, s);
        e.stayFeesUsd = expectedFeesUsd(fee, l, _timeInRange(e.tick, tickLower, tickUpper, s));
        e.reason = _trigger(e.tick, e.best.fee);
        e.costUsd = _gasUsd() + _swapCostUsd(e.best, a.toUsdDown(assetDecimals, oracle.priceOf(asset)), value);
        e.rerange = e.reason != Reason.InRange && e.best.feesUsd > e.stayFeesUsd + e.costUsd;
        if (!e.rerange && e.reason != Reason.InRange) e.reason = Reason.FeesBelowCost;
    }

    // ---- keeper actions ----

    /// @notice Takes `assetAmount` and `stableAmount` from the vault and opens the best range with them.
    function open(uint256 assetAmount, uint256 stableAmount) external onlyKeeper whenNotPaused nonReentrant {
        if (tokenId != 0) revert PositionOpen(tokenId);
        if (assetAmount == 0 && stableAmount == 0) revert ZeroAmount();
        if (assetAmount != 0) vault.moduleTransfer(asset, address(this), assetAmount);
        if (stableAmount != 0) vault.moduleTransfer(stable, address(this), stableAmount);
        uint256 s = sigma();
        _openPlan(_bestPlan(_usd(assetAmount, stableAmount), s), s);
    }

    /// @notice Applies the rule: emits the Decision, and on a re-range closes the position, swaps to the new
    ///         range's ratio and opens it. Returns whether it re-ranged.
    function rerange() external onlyKeeper whenNotPaused nonReentrant returns (bool) {
        Evaluation memory e = evaluate();
        _checkPrice(fee);
        Plan memory b = e.best;
        emit Decision(e.rerange, e.reason, b.fee, e.tick, b.tickLower, b.tickUpper, b.feesUsd, e.stayFeesUsd, e.costUsd);
        if (!e.rerange) return false;
        _close(address(this));
        _openPlan(b, sigma());
        return true;
    }

    /// @notice Collects the position's fees (once per `collectInterval`), swaps them to its ratio and adds them.
    function collectAndReinvest() external onlyKeeper whenNotPaused nonReentrant {
        uint256 id = tokenId;
        if (id == 0) revert NoPosition();
        uint256 next = lastCollect + costConfig.collectInterval;
        if (block.timestamp < next) revert CollectTooSoon(next);
        _checkPrice(fee);
        (uint256 ca, uint256 cs) = _collectFees(id);
        if (ca == 0 && cs == 0) return;
        _swapToRatio(fee, tickLower, tickUpper);
        (uint128 added, uint256 ua, uint256 us) = _add(id);
        emit Reinvested(id, added, ua, us);
        _returnLeftovers();
    }

    /// @notice Emergency exit (the vault's): every token of the position, fees included, to the vault, at the
    ///         pool's price of this block and without minimum amounts (an exit must not fail on price).
    function exitAll() external nonReentrant {
        if (msg.sender != address(vault)) revert NotVault(msg.sender);
        if (tokenId != 0) _close(address(vault));
        _returnLeftovers();
    }

    // ---- internals: positions ----

    function _openPlan(Plan memory p, uint256 s) private {
        _checkPrice(p.fee);
        _swapToRatio(p.fee, p.tickLower, p.tickUpper);
        (fee, tickLower, tickUpper) = (p.fee, p.tickLower, p.tickUpper);
        (uint128 l, uint256 ua, uint256 us) = _add(0);
        lastCollect = uint64(block.timestamp);
        for (uint256 i; i < _tiers.length; ++i) _snapshot(_pool(_tiers[i]), _tiers[i]);
        emit RangeOpened(tokenId, p.fee, p.tickLower, p.tickUpper, p.twapTick, s, l, ua, us);
        _returnLeftovers();
    }

    /// @dev Mints the range (id 0) or adds to position `id` with everything the manager holds.
    function _add(uint256 id) private returns (uint128 l, uint256 usedAsset, uint256 usedStable) {
        (uint256 d0, uint256 d1) = _approveHoldings(type(uint256).max);
        uint256 u0;
        uint256 u1;
        if (id == 0) {
            (tokenId, l, u0, u1) = positionManager.mint(_mintParams(d0, d1));
        } else {
            (l, u0, u1) = positionManager.increaseLiquidity(
                IUniswapV3PositionManager.IncreaseLiquidityParams(id, d0, d1, 0, 0, block.timestamp)
            );
        }
        _approveHoldings(0);
        (usedAsset, usedStable) = _ordered(u0, u1);
    }

    /// @dev Lets the position manager take the manager's holdings (`cap` max) or nothing (`cap` 0); returns the
    ///      holdings as (token0, token1).
    function _approveHoldings(uint256 cap) private returns (uint256, uint256) {
        uint256 a = IERC20(asset).balanceOf(address(this));
        uint256 s = IERC20(stable).balanceOf(address(this));
        IERC20(asset).forceApprove(address(positionManager), cap == 0 ? 0 : a);
        IERC20(stable).forceApprove(address(positionManager), cap == 0 ? 0 : s);
        return _ordered(a, s);
    }

    function _mintParams(uint256 d0, uint256 d1) private view returns (IUniswapV3PositionManager.MintParams memory) {
        (address t0, address t1) = _ordered(asset, stable);
        return IUniswapV3PositionManager.MintParams(t0, t1, fee, tickLower, tickUpper, d0, d1, 0, 0, address(this), block.timestamp);
    }

    /// @dev Collects what the position has earned, fees only: the position manager credits the pool's fee growth
    ///      before it pays, and no liquidity has been removed yet, so nothing of the principal is owed.
    function _collectFees(uint256 id) private returns (uint256 ca, uint256 cs) {
        (uint256 c0, uint256 c1) = positionManager.collect(
            IUniswapV3PositionManager.CollectParams(id, address(this), type(uint128).max, type(uint128).max)
        );
        (ca, cs) = _ordered(c0, c1);
        emit FeesCollected(id, ca, cs, oracle.priceOf(asset), oracle.priceOf(stable));
        lastCollect = uint64(block.timestamp);
    }

    /// @dev Closes the position: its fees first (FeesCollected, kept here: a re-range reinvests them, an exit
    ///      returns them with the leftovers), then the principal to `to` (RangeClosed carries the principal only).
    function _close(address to) private {
        uint256 id = tokenId;
        _collectFees(id);
        (uint128 l,,) = _position();
        if (l > 0) {
            positionManager.decreaseLiquidity(IUniswapV3PositionManager.DecreaseLiquidityParams(id, l, 0, 0, block.timestamp));
        }
        (uint256 c0, uint256 c1) = positionManager.collect(
            IUniswapV3PositionManager.CollectParams(id, to, type(uint128).max, type(uint128).max)
        );
        positionManager.burn(id);
        tokenId = 0;
        (uint256 a, uint256 s) = _ordered(c0, c1);
        emit RangeClosed(id, to, a, s, oracle.priceOf(asset), oracle.priceOf(stable));
    }

    function _returnLeftovers() private {
        uint256 a = IERC20(asset).balanceOf(address(this));
        uint256 s = IERC20(stable).balanceOf(address(this));
        if (a == 0 && s == 0) return;
        if (a != 0) IERC20(asset).safeTransfer(address(vault), a);
        if (s != 0) IERC20(stable).safeTransfer(address(vault), s);
        emit Returned(address(vault), a, s);
    }

    // ---- internals: the swap to a range's ratio ----

    /// @dev Swaps the manager's surplus side so its asset's value share matches what [lower, upper) holds at
    ///      the pool's spot price (the pool fee leaves a small remainder, which goes back to the vault).
    function _swapToRatio(uint24 fee_, int24 lower, int24 upper) private {
        (uint160 sqrtPriceX96,,,,,,) = _pool(fee_).slot0();
        (uint256 r0, uint256 r1) = RangeMath.amounts(sqrtPriceX96, lower, upper, REF_LIQUIDITY);
        (uint256 ra, uint256 rs) = _ordered(r0, r1);
        uint256 a = IERC20(asset).balanceOf(address(this));
        uint256 av = _assetInStable(a, sqrtPriceX96);
        uint256 rav = _assetInStable(ra, sqrtPriceX96);
        if (rav + rs == 0) return;
        uint256 target = Math.mulDiv(av + IERC20(stable).balanceOf(address(this)), rav, rav + rs);
        if (av > target) {
            _swap(asset, stable, fee_, Math.mulDiv(a, av - target, av));
        } else if (target > av) {
            _swap(stable, asset, fee_, target - av);
        }
    }

    function _swap(address tokenIn, address tokenOut, uint24 fee_, uint256 amountIn) private {
        if (amountIn == 0) return;
        (uint8 dIn, uint8 dOut) = tokenIn == asset ? (assetDecimals, stableDecimals) : (stableDecimals, assetDecimals);
        uint256 inUsd = amountIn.toUsdDown(dIn, oracle.priceOf(tokenIn));
        uint256 minOut = Math.mulDiv(inUsd, FEE_DENOMINATOR - fee_, FEE_DENOMINATOR)
            .bpsDown(FixedPointMath.MAX_BPS - costConfig.maxSlippageBps).fromUsdDown(dOut, oracle.priceOf(tokenOut));
        IERC20(tokenIn).forceApprove(address(swapRouter), amountIn);
        uint256 out = swapRouter.exactInputSingle(
            IUniswapV3SwapRouter.ExactInputSingleParams(
                tokenIn, tokenOut, fee_, address(this), block.timestamp, amountIn, minOut, 0
            )
        );
        emit RatioSwap(tokenIn, tokenOut, fee_, amountIn, out);
    }

    // ---- internals: the rule ----

    function _bestPlan(uint256 valueUsd, uint256 s) private view returns (Plan memory best) {
        uint256 n = _tiers.length;
        if (n == 0) revert NoTier();
        best = _planFor(_tiers[0], valueUsd, s);
        for (uint256 i = 1; i < n; ++i) {
            Plan memory p = _planFor(_tiers[i], valueUsd, s);
            if (p.feesUsd > best.feesUsd) best = p;
        }
    }

    function _trigger(int24 tick, uint24 bestFee) private view returns (Reason) {
        (int24 lo, int24 hi) = (tickLower, tickUpper);
        if (tick < lo || tick >= hi) return Reason.OutOfRange;
        uint256 toEdge = uint256(int256(tick - lo < hi - tick ? tick - lo : hi - tick));
        uint256 half = uint256(int256(hi - lo)) / 2;
        if (toEdge < half.bpsDown(rangeConfig.thresholdBps)) return Reason.NearEdge;
        if (bestFee != fee) return Reason.TierSwitch;
        return Reason.InRange;
    }

    function _timeInRange(int24 tick, int24 lower, int24 upper, uint256 s) private view returns (uint256 t) {
        t = RangeMath.expectedSecondsInRange(tick, lower, upper, s, IOracleRounds(address(oracle)).sampleInterval());
        uint256 h = costConfig.feeHorizon;
        if (t > h) t = h;
    }

    /// @dev `rerangeGas` at the block's base fee, in USD at the oracle's price of the gas token.
    function _gasUsd() private view returns (uint256) {
        return (costConfig.rerangeGas * block.basefee).toUsdDown(18, oracle.priceOf(gasToken));
    }

    /// @dev The swap from holding `assetUsd` of `valueUsd` in the asset to the plan's ratio: its pool fee plus
    ///      impact q²/depth, depth the pool's in-range virtual stablecoin reserve (as the venue adapter's).
    function _swapCostUsd(Plan memory p, uint256 assetUsd, uint256 valueUsd) private view returns (uint256) {
        IUniswapV3PoolReads pool = IUniswapV3PoolReads(p.pool);
        (uint160 sqrtPriceX96,,,,,,) = pool.slot0();
        uint256 target = _assetShareUsd(sqrtPriceX96, p.tickLower, p.tickUpper, valueUsd);
        uint256 q = assetUsd > target ? assetUsd - target : target - assetUsd;
        uint256 depth = _depthUsd(pool.liquidity(), sqrtPriceX96);
        uint256 impact = depth == 0 ? q : Math.mulDiv(q, q, depth);
        return Math.mulDiv(q, p.fee, FEE_DENOMINATOR) + impact;
    }

    /// @dev The part of `valueUsd` that [lower, upper) holds in the asset at √P (oracle prices).
    function _assetShareUsd(uint160 sqrtPriceX96, int24 lower, int24 upper, uint256 valueUsd) private view returns (uint256) {
        (uint256 r0, uint256 r1) = RangeMath.amounts(sqrtPriceX96, lower, upper, REF_LIQUIDITY);
        (uint256 ra, uint256 rs) = _ordered(r0, r1);
        uint256 raUsd = ra.toUsdDown(assetDecimals, oracle.priceOf(asset));
        uint256 refUsd = raUsd + rs.toUsdDown(stableDecimals, oracle.priceOf(stable));
        return refUsd == 0 ? 0 : Math.mulDiv(valueUsd, raUsd, refUsd);
    }

    /// @dev The in-range virtual stablecoin reserve of liquidity `l` at √P, in USD.
    function _depthUsd(uint256 l, uint160 sqrtPriceX96) private view returns (uint256) {
        uint256 reserve = _assetIsToken0 ? Math.mulDiv(l, sqrtPriceX96, 1 << 96) : Math.mulDiv(l, 1 << 96, sqrtPriceX96);
        return reserve.toUsdDown(stableDecimals, oracle.priceOf(stable));
    }

    // ---- internals: prices ----

    /// @dev Refuses a pool whose spot or TWAP tick is more than maxDeviationTicks from the oracle's tick.
    function _checkPrice(uint24 fee_) private view {
        if (!oracle.isHealthy(asset) || !oracle.isHealthy(stable)) revert OracleUnhealthy();
        IUniswapV3PoolReads pool = _pool(fee_);
        int24 ref = _oracleTick();
        (, int24 spot,,,,,) = pool.slot0();
        int24 twap = _twapTick(pool);
        uint256 bound = costConfig.maxDeviationTicks;
        if (_absDiff(spot, ref) > bound) revert PoolPriceOff(address(pool), spot, ref);
        if (_absDiff(twap, ref) > bound) revert PoolPriceOff(address(pool), twap, ref);
    }

    /// @notice The tick of the oracle's price (token1 base units per token0 base unit).
    function _oracleTick() private view returns (int24) {
        uint256 pa = oracle.priceOf(asset) * 10 ** stableDecimals;
        uint256 ps = oracle.priceOf(stable) * 10 ** assetDecimals;
        (uint256 num, uint256 den) = _assetIsToken0 ? (pa, ps) : (ps, pa);
        return RangeMath.tickOf(num, den);
    }

    function _twapTick(IUniswapV3PoolReads pool) private view returns (int24) {
        return RangeMath.twapTick(address(pool), costConfig.twapWindow);
    }

    function _assetInStable(uint256 amount, uint160 sqrtPriceX96) private view returns (uint256) {
        return RangeMath.token0In1(amount, sqrtPriceX96, _assetIsToken0);
    }

    function _usd(uint256 assetAmount, uint256 stableAmount) private view returns (uint256) {
        return assetAmount.toUsdDown(assetDecimals, oracle.priceOf(asset))
            + stableAmount.toUsdDown(stableDecimals, oracle.priceOf(stable));
    }

    // ---- internals: small helpers ----

    function _pool(uint24 fee_) private view returns (IUniswapV3PoolReads pool) {
        pool = IUniswapV3PoolReads(factory.getPool(asset, stable, fee_));
        if (address(pool) == address(0)) revert UnknownTier(fee_);
    }

    function _snapshot(IUniswapV3PoolReads pool, uint24 fee_) private {
        feeSnapshot[fee_] = FeeSnapshot(pool.feeGrowthGlobal0X128(), pool.feeGrowthGlobal1X128(), uint64(block.timestamp));
    }

    function _position() private view returns (uint128 l, uint128 owed0, uint128 owed1) {
        (,,,,,,, l,,, owed0, owed1) = positionManager.positions(tokenId);
    }

    /// @dev (token0, token1) ↔ (asset, stable): the same swap both ways.
    function _ordered(uint256 a, uint256 b) private view returns (uint256, uint256) {
        return _assetIsToken0 ? (a, b) : (b, a);
    }

    function _ordered(address a, address b) private view returns (address, address) {
        return _assetIsToken0 ? (a, b) : (b, a);
    }

    function _absDiff(int24 a, int24 b) private pure returns (uint256) {
        return a > b ? uint256(int256(a) - b) : uint256(int256(b) - a);
    }

    function _setRangeConfig(RangeConfig calldata rc) private {
        if (
            rc.k < MIN_K || rc.k > MAX_K || rc.horizonRounds == 0 || rc.horizonRounds > MAX_HORIZON_ROUNDS
                || rc.thresholdBps > MAX_THRESHOLD_BPS || rc.minSigma == 0 || rc.minSigma > rc.maxSigma
                || rc.maxSigma > MAX_SIGMA
        ) revert InvalidConfig();
        rangeConfig = rc;
        emit RangeConfigSet(rc);
    }

    function _setCostConfig(CostConfig calldata cc) private {
        if (
            cc.feeHorizon < MIN_FEE_HORIZON || cc.feeHorizon > MAX_FEE_HORIZON || cc.rerangeGas < MIN_RERANGE_GAS
                || cc.rerangeGas > MAX_RERANGE_GAS || cc.collectInterval < MIN_COLLECT_INTERVAL
                || cc.collectInterval > MAX_COLLECT_INTERVAL || cc.twapWindow < MIN_TWAP_WINDOW
                || cc.twapWindow > MAX_TWAP_WINDOW || cc.maxDeviationTicks < MIN_DEVIATION_TICKS
                || cc.maxDeviationTicks > MAX_DEVIATION_TICKS || cc.maxSlippageBps == 0
                || cc.maxSlippageBps > MAX_SLIPPAGE_BPS
        ) revert InvalidConfig();
        costConfig = cc;
        emit CostConfigSet(cc);
    }
}
