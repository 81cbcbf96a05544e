// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MockERC20} from "./MockERC20.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";

/// @notice An ERC4626 yield source in the style of an Aave aToken, a Compound cToken or a Curve gauge:
///         the share price rises as interest accrues at `aprBps` a year (linear per second), and tests can add
///         yield at once by minting underlying to it (accrueYield). Accrued interest is minted on every
///         deposit and withdrawal, and totalAssets counts the interest pending since then.
contract MockYieldSource is ERC4626 {
    uint256 private constant YEAR = 365 days;

    uint256 public aprBps;
    uint256 public lastAccrual;
    /// @notice Withdrawals and redemptions revert (a source that paused exits).
    bool public withdrawalsPaused;
    /// @notice totalAssets (and so convertToAssets, deposits and redemptions) reverts (a broken source).
    bool public broken;

    error WithdrawalsPaused();
    error SourceBroken();

    constructor(IERC20 asset_, string memory name_, string memory symbol_, uint256 aprBps_)
        ERC20(name_, symbol_)
        ERC4626(asset_)
    {
        aprBps = aprBps_;
        lastAccrual = block.timestamp;
    }

    function setAprBps(uint256 aprBps_) external {
        _accrue();
        aprBps = aprBps_;
    }

    function setWithdrawalsPaused(bool paused_) external {
        withdrawalsPaused = paused_;
    }

    function setBroken(bool broken_) external {
        broken = broken_;
    }

    function pendingInterest() public view returns (uint256) {
        uint256 principal = IERC20(asset()).balanceOf(address(this));
        return FixedPointMath.mulDivDown(principal, aprBps * (block.timestamp - lastAccrual), FixedPointMath.MAX_BPS * YEAR);
    }

    function totalAssets() public view override returns (uint256) {
        if (broken) revert SourceBroken();
        return IERC20(asset()).balanceOf(address(this)) + pendingInterest();
    }

    function _deposit(address caller, address receiver, uint256 assets, uint256 shares) internal override {
        _accrue();
        super._deposit(caller, receiver, assets, shares);
    }

    function _withdraw(address caller, address receiver, address owner, uint256 assets, uint256 shares) internal override {
        if (withdrawalsPaused) revert WithdrawalsPaused();
        _accrue();
        super._withdraw(caller, receiver, owner, assets, shares);
    }

    function _accrue() private {
        uint256 interest = pendingInterest();
        lastAccrual = block.timestamp;
        if (interest > 0) MockERC20(asset()).mint(address(this), interest);
    }
}
