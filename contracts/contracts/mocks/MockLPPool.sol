// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {MockERC20} from "./MockERC20.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";

/// @notice A constant-product (x·y = L²) pool of a risk asset against the stablecoin whose reserves are
///         always arbitraged to the oracle price P (stable per asset): x = L/√P, y = L·√P, in 18-decimal
///         units. The LP token is the liquidity L itself, so one LP token holds x/L asset and y/L stable.
///         The delta of an LP position with respect to the asset price is its asset amount x: that is
///         what the hedger offsets. Payouts come from its balance, minting any shortfall (mock only).
contract MockLPPool is ERC20 {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    error ZeroAmount();

    IOracleHub public immutable oracle;
    address public immutable asset;
    address public immutable stable;
    uint8 private immutable _assetDecimals;
    uint8 private immutable _stableDecimals;

    constructor(IOracleHub oracle_, address asset_, address stable_) ERC20("Mock CP LP", "MOCK-LP") {
        oracle = oracle_;
        asset = asset_;
        stable = stable_;
        _assetDecimals = IERC20Metadata(asset_).decimals();
        _stableDecimals = IERC20Metadata(stable_).decimals();
    }

    /// @notice √P in WAD, P = asset price / stable price.
    function sqrtPrice() public view returns (uint256) {
        return FixedPointMath.sqrtWad(oracle.priceOf(asset).divWadDown(oracle.priceOf(stable)));
    }

    /// @notice Stable base units needed alongside `assetAmount` to add liquidity at the current price.
    function quoteStable(uint256 assetAmount) public view returns (uint256) {
        uint256 xW = FixedPointMath.scaleToWad(assetAmount, _assetDecimals);
        uint256 s = sqrtPrice();
        uint256 yW = xW.mulWadUp(s).mulWadUp(s);
        return FixedPointMath.mulDivUp(yW, 10 ** _stableDecimals, FixedPointMath.WAD);
    }

    /// @notice Adds `assetAmount` plus the matching stable (quoteStable); mints L = x·√P to `to`.
    function addLiquidity(uint256 assetAmount, address to) external returns (uint256 liquidity) {
        if (assetAmount == 0) revert ZeroAmount();
        uint256 stableAmount = quoteStable(assetAmount);
        IERC20(asset).safeTransferFrom(msg.sender, address(this), assetAmount);
        IERC20(stable).safeTransferFrom(msg.sender, address(this), stableAmount);
        liquidity = FixedPointMath.scaleToWad(assetAmount, _assetDecimals).mulWadDown(sqrtPrice());
        _mint(to, liquidity);
    }

    /// @notice Asset and stable base units that `liquidity` LP tokens hold at the current price (rounded down).
    function amountsFor(uint256 liquidity) public view returns (uint256 assetAmount, uint256 stableAmount) {
        uint256 s = sqrtPrice();
        assetAmount = FixedPointMath.mulDivDown(liquidity.divWadDown(s), 10 ** _assetDecimals, FixedPointMath.WAD);
        stableAmount = FixedPointMath.mulDivDown(liquidity.mulWadDown(s), 10 ** _stableDecimals, FixedPointMath.WAD);
    }

    function positionOf(address account) external view returns (uint256 assetAmount, uint256 stableAmount) {
        return amountsFor(balanceOf(account));
    }

    function removeLiquidity(uint256 liquidity, address to) external returns (uint256 assetAmount, uint256 stableAmount) {
        if (liquidity == 0) revert ZeroAmount();
        (assetAmount, stableAmount) = amountsFor(liquidity);
        _burn(msg.sender, liquidity);
        _pay(asset, to, assetAmount);
        _pay(stable, to, stableAmount);
    }

    function _pay(address token, address to, uint256 amount) private {
        uint256 bal = IERC20(token).balanceOf(address(this));
        if (bal < amount) MockERC20(token).mint(address(this), amount - bal);
        IERC20(token).safeTransfer(to, amount);
    }
}
