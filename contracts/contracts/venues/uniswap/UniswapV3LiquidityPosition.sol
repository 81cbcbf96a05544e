// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {TickMath} from "@uniswap/v4-core/src/libraries/TickMath.sol";
import {SqrtPriceMath} from "@uniswap/v4-core/src/libraries/SqrtPriceMath.sol";
import {ILiquidityPosition} from "../ILiquidityPosition.sol";
import {IUniswapV3PoolReads, IUniswapV3PositionManager} from "./IUniswapV3.sol";

/// @title UniswapV3LiquidityPosition
/// @notice One Uniswap v3 position (a NonfungiblePositionManager NFT this contract holds) of `asset` against
///         `stable` over a fixed tick range of one pool (full range or any range on the pool's tick spacing).
///         Its controller adds liquidity (paying for it) and exits (everything, fees included, to a recipient);
///         nobody else may change it. Its amounts come from the position's real liquidity and the pool's
///         current √P through v4-core's TickMath and SqrtPriceMath — the in-range formulas
///         x = L·(1/√P − 1/√P_upper), y = L·(√P − √P_lower), clamped to the range — plus the fees the manager
///         already owes it. A position at the pool's spot price: a swap in the same block moves those amounts,
///         which is why its reader (the hedger) acts on them only through keepers.
contract UniswapV3LiquidityPosition is ILiquidityPosition, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The furthest ahead an add's deadline may be.
    uint256 public constant MAX_DEADLINE_DELAY = 1 hours;

    error ZeroAddress();
    error ZeroAmount();
    error NotController(address caller);
    error AssetNotInPool(address asset, address pool);
    error InvalidRange(int24 tickLower, int24 tickUpper);
    error DeadlineTooFar(uint256 deadline, uint256 latest);

    IUniswapV3PositionManager public immutable positionManager;
    IUniswapV3PoolReads public immutable pool;
    address public immutable asset;
    address public immutable stable;
    uint24 public immutable fee;
    int24 public immutable tickLower;
    int24 public immutable tickUpper;
    bool private immutable _assetIsToken0;

    address public controller;
    /// @notice The position manager's id of the position; 0 before the first add and after an exit.
    uint256 public tokenId;

    modifier onlyController() {
        if (msg.sender != controller) revert NotController(msg.sender);
        _;
    }

    constructor(
        IUniswapV3PositionManager positionManager_,
        IUniswapV3PoolReads pool_,
        address asset_,
        int24 tickLower_,
        int24 tickUpper_,
        address controller_
    ) {
        if (address(positionManager_) == address(0) || address(pool_) == address(0) || controller_ == address(0)) {
            revert ZeroAddress();
        }
        address t0 = pool_.token0();
        address t1 = pool_.token1();
        if (asset_ != t0 && asset_ != t1) revert AssetNotInPool(asset_, address(pool_));
        int24 spacing = pool_.tickSpacing();
        if (
            tickLower_ >= tickUpper_ || tickLower_ < TickMath.MIN_TICK || tickUpper_ > TickMath.MAX_TICK
                || tickLower_ % spacing != 0 || tickUpper_ % spacing != 0
        ) revert InvalidRange(tickLower_, tickUpper_);
        positionManager = positionManager_;
        pool = pool_;
        asset = asset_;
        stable = asset_ == t0 ? t1 : t0;
        fee = pool_.fee();
        tickLower = tickLower_;
        tickUpper = tickUpper_;
        _assetIsToken0 = asset_ == t0;
        controller = controller_;
        emit ControllerSet(controller_);
    }

    // ---- reads ----

    function amounts() external view returns (uint256 assetAmount, uint256 stableAmount) {
        if (tokenId == 0) return (0, 0);
        (uint128 liquidity, uint128 owed0, uint128 owed1) = _position();
        (uint160 sqrtPriceX96,,,,,,) = pool.slot0();
        (uint256 a0, uint256 a1) = amountsForLiquidity(sqrtPriceX96, liquidity);
        return _ordered(a0 + owed0, a1 + owed1);
    }

    /// @notice token0 and token1 that `liquidity` over this range holds at `sqrtPriceX96` (rounded down).
    function amountsForLiquidity(uint160 sqrtPriceX96, uint128 liquidity) public view returns (uint256 amount0, uint256 amount1) {
        uint160 lower = TickMath.getSqrtPriceAtTick(tickLower);
        uint160 upper = TickMath.getSqrtPriceAtTick(tickUpper);
        if (sqrtPriceX96 <= lower) {
            amount0 = SqrtPriceMath.getAmount0Delta(lower, upper, liquidity, false);
        } else if (sqrtPriceX96 < upper) {
            amount0 = SqrtPriceMath.getAmount0Delta(sqrtPriceX96, upper, liquidity, false);
            amount1 = SqrtPriceMath.getAmount1Delta(lower, sqrtPriceX96, liquidity, false);
        } else {
            amount1 = SqrtPriceMath.getAmount1Delta(lower, upper, liquidity, false);
        }
    }

    /// @notice The position's liquidity (0 without a position).
    function liquidity() external view returns (uint128 l) {
        if (tokenId != 0) (l,,) = _position();
    }

    // ---- controller actions ----

    function addLiquidity(uint256 assetDesired, uint256 stableDesired, uint256 assetMin, uint256 stableMin, uint256 deadline)
        external
        onlyController
        nonReentrant
        returns (uint128 liquidityAdded, uint256 assetAmount, uint256 stableAmount)
    {
        if (assetDesired == 0 && stableDesired == 0) revert ZeroAmount();
        if (deadline > block.timestamp + MAX_DEADLINE_DELAY) revert DeadlineTooFar(deadline, block.timestamp + MAX_DEADLINE_DELAY);
        _pull(asset, assetDesired);
        _pull(stable, stableDesired);
        (liquidityAdded, assetAmount, stableAmount) = _addToPosition(assetDesired, stableDesired, assetMin, stableMin, deadline);
        _refund(asset, assetDesired - assetAmount);
        _refund(stable, stableDesired - stableAmount);
        emit LiquidityAdded(tokenId, liquidityAdded, assetAmount, stableAmount);
    }

    /// @dev No minimum amounts: an exit must not fail on price (it runs in an emergency); it is a controller's
    ///      call in one transaction, at the pool's price of that block.
    function exit(address to) external onlyController nonReentrant returns (uint256 assetAmount, uint256 stableAmount) {
        if (to == address(0)) revert ZeroAddress();
        uint256 id = tokenId;
        if (id == 0) return (0, 0);
        (uint128 l,,) = _position();
        if (l > 0) {
            positionManager.decreaseLiquidity(
                IUniswapV3PositionManager.DecreaseLiquidityParams({
                    tokenId: id, liquidity: l, amount0Min: 0, amount1Min: 0, deadline: block.timestamp
                })
            );
        }
        (uint256 c0, uint256 c1) = positionManager.collect(
            IUniswapV3PositionManager.CollectParams({
                tokenId: id, recipient: to, amount0Max: type(uint128).max, amount1Max: type(uint128).max
            })
        );
        positionManager.burn(id);
        tokenId = 0;
        (assetAmount, stableAmount) = _ordered(c0, c1);
        emit LiquidityRemoved(id, to, l, assetAmount, stableAmount);
    }

    function setController(address next) external onlyController nonReentrant {
        if (next == address(0)) revert ZeroAddress();
        controller = next;
        emit ControllerSet(next);
    }

    // ---- internals ----

    /// @dev Mints the position on the first add, increases it after; returns what it took in (asset, stable).
    function _addToPosition(uint256 assetDesired, uint256 stableDesired, uint256 assetMin, uint256 stableMin, uint256 deadline)
        private
        returns (uint128 liquidityAdded, uint256 assetUsed, uint256 stableUsed)
    {
        IUniswapV3PositionManager.IncreaseLiquidityParams memory p;
        (p.amount0Desired, p.amount1Desired) = _ordered(assetDesired, stableDesired);
        (p.amount0Min, p.amount1Min) = _ordered(assetMin, stableMin);
        p.deadline = deadline;
        p.tokenId = tokenId;
        uint256 used0;
        uint256 used1;
        if (p.tokenId == 0) {
            (tokenId, liquidityAdded, used0, used1) = positionManager.mint(_mintParams(p));
        } else {
            (liquidityAdded, used0, used1) = positionManager.increaseLiquidity(p);
        }
        (assetUsed, stableUsed) = _ordered(used0, used1);
    }

    function _mintParams(IUniswapV3PositionManager.IncreaseLiquidityParams memory p)
        private
        view
        returns (IUniswapV3PositionManager.MintParams memory)
    {
        return IUniswapV3PositionManager.MintParams({
            token0: _assetIsToken0 ? asset : stable,
            token1: _assetIsToken0 ? stable : asset,
            fee: fee,
            tickLower: tickLower,
            tickUpper: tickUpper,
            amount0Desired: p.amount0Desired,
            amount1Desired: p.amount1Desired,
            amount0Min: p.amount0Min,
            amount1Min: p.amount1Min,
            recipient: address(this),
            deadline: p.deadline
        });
    }

    function _position() private view returns (uint128 l, uint128 owed0, uint128 owed1) {
        (,,,,,,, l,,, owed0, owed1) = positionManager.positions(tokenId);
    }

    /// @dev (token0, token1) ↔ (asset, stable): the same swap both ways.
    function _ordered(uint256 a, uint256 b) private view returns (uint256, uint256) {
        return _assetIsToken0 ? (a, b) : (b, a);
    }

    function _pull(address token, uint256 amount) private {
        if (amount == 0) return;
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        IERC20(token).forceApprove(address(positionManager), amount);
    }

    function _refund(address token, uint256 amount) private {
        IERC20(token).forceApprove(address(positionManager), 0);
        if (amount > 0) IERC20(token).safeTransfer(msg.sender, amount);
    }
}
