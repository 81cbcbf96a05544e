// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IHarvesterEvents} from "../interfaces/IHarvesterEvents.sol";
import {IVault, IPositionModule} from "../interfaces/IVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";

/// @title Harvester
/// @notice Puts vault assets into ERC4626 yield sources (the vault holds the shares) and harvests the yield.
///
///         `principal[source]` is what the vault put in, in underlying units. Yield = the vault's shares'
///         value minus principal. harvest(source) redeems just the yield, emits Harvest with its amount and
///         the oracle price at that block (the fair market value of the income), then compounds
///         `compoundBps` of it back into the source (adding it to principal) and leaves the rest liquid in
///         the vault, where the rebalancer spreads it per the target allocation.
///
///         Oracle safe mode: harvesting continues at the last good price, since claiming yield trades
///         nothing; the event's price is that last good price.
contract Harvester is ManagedUpgradeable, IHarvesterEvents, IPositionModule {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    error UnknownSource(address source);
    error SourceAlreadyAdded(address source);
    error NotVaultAsset(address asset);
    error NothingToHarvest(address source, uint256 yieldAssets);
    error NotVault(address caller);
    error ZeroAmount();
    error InvalidConfig();

    event ConfigSet(uint256 compoundBps, uint256 minHarvestUsd);
    /// @notice `amount` of the vault's `asset` went into `source`; the vault received `shares` (not a sale).
    event Allocated(address indexed vault, address indexed source, address indexed asset, uint256 amount, uint256 shares);

    IVault public vault;
    IOracleHub public oracle;
    address[] private _sources;
    mapping(address => bool) public isSource;
    mapping(address => uint256) public principal;
    uint256 public compoundBps;
    /// @notice Yield below this many USD (WAD) is not worth a harvest.
    uint256 public minHarvestUsd;

    uint256[42] private __gap;

    function initialize(address management_, address guardian_, IVault vault_, uint256 compoundBps_, uint256 minHarvestUsd_)
        external
        initializer
    {
        __Managed_init(management_, guardian_);
        vault = vault_;
        oracle = IOracleHub(vault_.oracle());
        _setConfig(compoundBps_, minHarvestUsd_);
    }

    function setConfig(uint256 compoundBps_, uint256 minHarvestUsd_) external onlyManagement nonReentrant {
        _setConfig(compoundBps_, minHarvestUsd_);
    }

    function addSource(address source) external onlyManagement nonReentrant {
        if (isSource[source]) revert SourceAlreadyAdded(source);
        address asset = IERC4626(source).asset();
        if (!vault.isAsset(asset)) revert NotVaultAsset(asset);
        isSource[source] = true;
        _sources.push(source);
        emit YieldSourceAdded(source, asset);
    }

    /// @notice Moves `amount` of the source's underlying from the vault into the source, shares to the vault.
    function allocate(address source, uint256 amount) external onlyKeeper whenNotPaused nonReentrant {
        _requireSource(source);
        if (amount == 0) revert ZeroAmount();
        _depositFor(source, amount);
    }

    function harvest(address source) external onlyKeeper whenNotPaused nonReentrant returns (uint256 claimed) {
        _requireSource(source);
        uint256 y = yieldOf(source);
        if (!_worthHarvesting(source, y)) revert NothingToHarvest(source, y);
        claimed = _harvest(source, compoundBps);
    }

    /// @notice Harvests every source whose yield is worth it; returns how many were harvested.
    function harvestAll() external onlyKeeper whenNotPaused nonReentrant returns (uint256 count) {
        for (uint256 i; i < _sources.length; ++i) {
            if (_worthHarvesting(_sources[i], yieldOf(_sources[i]))) {
                _harvest(_sources[i], compoundBps);
                ++count;
            }
        }
        if (count == 0) revert NothingToHarvest(address(0), 0);
    }

    /// @notice Emergency exit: harvests any yield (so income is still reported), then redeems everything.
    function exitAll() external nonReentrant {
        if (msg.sender != address(vault)) revert NotVault(msg.sender);
        for (uint256 i; i < _sources.length; ++i) {
            address source = _sources[i];
            if (yieldOf(source) > 0) _harvest(source, 0);
            uint256 shares = IERC20(source).balanceOf(address(vault));
            if (shares > 0) {
                vault.moduleTransfer(source, address(this), shares);
                IERC4626(source).redeem(shares, address(vault), address(this));
            }
            principal[source] = 0;
        }
    }

    // ---- views ----

    function getSources() external view returns (address[] memory) {
        return _sources;
    }

    /// @notice Underlying the vault's shares are worth beyond principal.
    function yieldOf(address source) public view returns (uint256) {
        uint256 value = IERC4626(source).convertToAssets(IERC20(source).balanceOf(address(vault)));
        uint256 p = principal[source];
        return value > p ? value - p : 0;
    }

    /// @notice Whether some source has yield worth harvesting (for keepers).
    function harvestNeeded() external view returns (bool) {
        if (paused() || vault.paused()) return false;
        for (uint256 i; i < _sources.length; ++i) {
            if (_worthHarvesting(_sources[i], yieldOf(_sources[i]))) return true;
        }
        return false;
    }

    function positionValueUsd() external view returns (uint256 value) {
        for (uint256 i; i < _sources.length; ++i) {
            IERC4626 s = IERC4626(_sources[i]);
            uint256 shares = IERC20(address(s)).balanceOf(address(vault));
            if (shares == 0) continue;
            address asset = s.asset();
            value += s.convertToAssets(shares).toUsdDown(vault.decimalsOf(asset), oracle.priceOf(asset));
        }
    }

    // ---- internals ----

    function _harvest(address source, uint256 compound) private returns (uint256 claimed) {
        IERC4626 s = IERC4626(source);
        address asset = s.asset();
        uint256 shares = s.previewWithdraw(yieldOf(source));
        uint256 held = IERC20(source).balanceOf(address(vault));
        if (shares > held) shares = held;
        vault.moduleTransfer(source, address(this), shares);
        claimed = s.redeem(shares, address(this), address(this));
        // Rounding of the redemption can leave principal a wei above the remaining value; cap it.
        uint256 remaining = s.convertToAssets(IERC20(source).balanceOf(address(vault)));
        if (principal[source] > remaining) principal[source] = remaining;
        uint256 compounded = claimed.bpsDown(compound);
        if (compounded > 0) {
            IERC20(asset).forceApprove(source, compounded);
            s.deposit(compounded, address(vault));
            principal[source] += compounded;
        }
        if (claimed > compounded) IERC20(asset).safeTransfer(address(vault), claimed - compounded);
        _emitHarvest(source, asset, claimed, compounded);
    }

    function _emitHarvest(address source, address asset, uint256 claimed, uint256 compounded) private {
        uint256 price = oracle.priceOf(asset);
        uint256 valueUsd = claimed.toUsdDown(vault.decimalsOf(asset), price);
        emit Harvest(address(vault), source, asset, claimed, price, valueUsd, compounded);
    }

    function _depositFor(address source, uint256 amount) private {
        address asset = IERC4626(source).asset();
        vault.moduleTransfer(asset, address(this), amount);
        IERC20(asset).forceApprove(source, amount);
        uint256 shares = IERC4626(source).deposit(amount, address(vault));
        principal[source] += amount;
        emit Allocated(address(vault), source, asset, amount, shares);
    }

    function _worthHarvesting(address source, uint256 y) private view returns (bool) {
        if (y == 0) return false;
        address asset = IERC4626(source).asset();
        return y.toUsdDown(vault.decimalsOf(asset), oracle.priceOf(asset)) >= minHarvestUsd;
    }

    function _requireSource(address source) private view {
        if (!isSource[source]) revert UnknownSource(source);
    }

    function _setConfig(uint256 compoundBps_, uint256 minHarvestUsd_) private {
        if (compoundBps_ > FixedPointMath.MAX_BPS) revert InvalidConfig();
        compoundBps = compoundBps_;
        minHarvestUsd = minHarvestUsd_;
        emit ConfigSet(compoundBps_, minHarvestUsd_);
    }
}
