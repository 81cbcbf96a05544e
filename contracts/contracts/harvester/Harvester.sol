// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IHarvesterEvents} from "../interfaces/IHarvesterEvents.sol";
import {IHarvesterConfigEvents} from "../interfaces/IConfigEvents.sol";
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
///
///         Sources are valued defensively: a source whose convertToAssets reverts counts zero in NAV and has
///         no yield, so it never stops NAV, rebalancing, upkeeps or the emergency exit; harvestAll marks it
///         impaired (SourceImpaired). Management or the guardian shuts a source down (shutdownSource: no more
///         deposits or harvests, its shares redeemed as far as it lets them) and management removes it
///         (removeSource). Every deposit checks the shares it got are worth what went in (ERC4626 inflation
///         of a young source), and the emergency exit redeems source by source, reporting the ones that
///         could not exit (SourceExitFailed) instead of failing as a whole.
contract Harvester is ManagedUpgradeable, IHarvesterEvents, IHarvesterConfigEvents, IPositionModule {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    error UnknownSource(address source);
    error SourceAlreadyAdded(address source);
    error NotVaultAsset(address asset);
    error NothingToHarvest(address source, uint256 yieldAssets);
    error NotVault(address caller);
    error ZeroAmount();
    error InvalidConfig();
    error SourceShut(address source);
    error SourceUnavailable(address source);
    error DepositShortfall(address source, uint256 amount, uint256 sharesValue);
    error OnlySelf();

    /// @notice A deposit may lose at most this much to the source's share rounding (0.01 %).
    uint256 public constant MAX_DEPOSIT_LOSS_BPS = 1;
    uint256 public constant MAX_MIN_HARVEST_USD = 1_000_000e18;

    /// @notice `amount` of the vault's `asset` went into `source`; the vault received `shares` (not a sale).
    event Allocated(address indexed vault, address indexed source, address indexed asset, uint256 amount, uint256 shares);
    /// @notice The source's valuation reverts: it counts zero in NAV and is skipped until it recovers.
    event SourceImpaired(address indexed source);
    /// @notice The source takes no more deposits or harvests. Its shares were redeemed into the vault,
    ///         releasing `principalReleased` of `asset` (0 when it would not redeem: `sharesLeft` stay).
    event SourceShutdown(address indexed source, address indexed asset, uint256 principalReleased, uint256 sharesLeft);
    event SourceRemoved(address indexed source, uint256 sharesLeft);
    /// @notice The emergency exit could not redeem this source; its shares stay with the vault.
    event SourceExitFailed(address indexed source, bytes reason);

    IVault public vault;
    IOracleHub public oracle;
    address[] private _sources;
    mapping(address => bool) public isSource;
    mapping(address => uint256) public principal;
    uint256 public compoundBps;
    /// @notice Yield below this many USD (WAD) is not worth a harvest.
    uint256 public minHarvestUsd;
    mapping(address => bool) public isShutdown;
    mapping(address => bool) public isImpaired;

    uint256[40] private __gap;

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

    /// @notice Stops deposits into and harvests of `source` and redeems the vault's shares as far as the
    ///         source lets it (pending yield first reported as income); management or the guardian.
    function shutdownSource(address source) external onlyGuardian nonReentrant {
        _requireSource(source);
        _shutdown(source);
    }

    /// @notice Shuts `source` down (if not yet) and drops it from the list; shares it would not redeem stay
    ///         with the vault and no longer count in NAV (re-add the source to count and redeem them later).
    function removeSource(address source) external onlyManagement nonReentrant {
        _requireSource(source);
        uint256 left = _shutdown(source);
        for (uint256 i; i < _sources.length; ++i) {
            if (_sources[i] == source) {
                _sources[i] = _sources[_sources.length - 1];
                _sources.pop();
                break;
            }
        }
        isSource[source] = false;
        isShutdown[source] = false;
        isImpaired[source] = false;
        emit SourceRemoved(source, left);
    }

    /// @notice Moves `amount` of the source's underlying from the vault into the source, shares to the vault.
    function allocate(address source, uint256 amount) external onlyKeeper whenNotPaused nonReentrant {
        _requireLive(source);
        if (amount == 0) revert ZeroAmount();
        (bool ok,) = _valueOf(source);
        if (!ok) revert SourceUnavailable(source);
        _depositFor(source, amount);
    }

    function harvest(address source) external onlyKeeper whenNotPaused nonReentrant returns (uint256 claimed) {
        _requireLive(source);
        uint256 y = yieldOf(source);
        if (!_worthHarvesting(source, y)) revert NothingToHarvest(source, y);
        claimed = _harvest(source, compoundBps);
    }

    /// @notice Harvests every source whose yield is worth it; returns how many were harvested.
    function harvestAll() external onlyKeeper whenNotPaused nonReentrant returns (uint256 count) {
        for (uint256 i; i < _sources.length; ++i) {
            address source = _sources[i];
            if (isShutdown[source]) continue;
            (bool ok,) = _valueOf(source);
            if (ok != !isImpaired[source]) {
                isImpaired[source] = !ok;
                if (!ok) emit SourceImpaired(source);
            }
            if (ok && _worthHarvesting(source, yieldOf(source))) {
                _harvest(source, compoundBps);
                ++count;
            }
        }
        if (count == 0) revert NothingToHarvest(address(0), 0);
    }

    /// @notice Emergency exit: per source, harvests any yield (so income is still reported), then redeems
    ///         everything; a source that cannot exit is reported (SourceExitFailed) and the others go on.
    function exitAll() external nonReentrant {
        if (msg.sender != address(vault)) revert NotVault(msg.sender);
        for (uint256 i; i < _sources.length; ++i) {
            address source = _sources[i];
            try this.exitSource(source) {}
            catch (bytes memory reason) {
                emit SourceExitFailed(source, reason);
            }
        }
    }

    /// @notice One source's exit, as its own call so a failure undoes only that source. Only this contract
    ///         calls it, from exitAll or a shutdown.
    function exitSource(address source) external {
        if (msg.sender != address(this)) revert OnlySelf();
        if (yieldOf(source) > 0) _harvest(source, 0);
        uint256 shares = IERC20(source).balanceOf(address(vault));
        if (shares > 0) {
            vault.moduleTransfer(source, address(this), shares);
            IERC4626(source).redeem(shares, address(vault), address(this));
        }
        principal[source] = 0;
    }

    // ---- views ----

    function getSources() external view returns (address[] memory) {
        return _sources;
    }

    /// @notice Underlying the vault's shares are worth beyond principal (0 when the source cannot value them).
    function yieldOf(address source) public view returns (uint256) {
        (, uint256 value) = _valueOf(source);
        uint256 p = principal[source];
        return value > p ? value - p : 0;
    }

    /// @notice Whether some live source has yield worth harvesting (for keepers).
    function harvestNeeded() external view returns (bool) {
        if (paused() || vault.paused()) return false;
        for (uint256 i; i < _sources.length; ++i) {
            if (!isShutdown[_sources[i]] && _worthHarvesting(_sources[i], yieldOf(_sources[i]))) return true;
        }
        return false;
    }

    /// @notice The vault's shares at oracle prices; a source that cannot value them counts zero.
    function positionValueUsd() external view returns (uint256 value) {
        for (uint256 i; i < _sources.length; ++i) {
            (bool ok, uint256 assets) = _valueOf(_sources[i]);
            if (!ok || assets == 0) continue;
            address asset = IERC4626(_sources[i]).asset();
            value += assets.toUsdDown(vault.decimalsOf(asset), oracle.priceOf(asset));
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
            _checkShares(source, compounded, s.deposit(compounded, address(vault)));
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
        _checkShares(source, amount, shares);
        principal[source] += amount;
        emit Allocated(address(vault), source, asset, amount, shares);
    }

    function _worthHarvesting(address source, uint256 y) private view returns (bool) {
        if (y == 0) return false;
        address asset = IERC4626(source).asset();
        return y.toUsdDown(vault.decimalsOf(asset), oracle.priceOf(asset)) >= minHarvestUsd;
    }

    /// @dev Refuses a deposit whose shares are worth less than what went in, beyond share rounding (an
    ///      inflated share price on a young source would round the vault's shares down to nothing).
    function _checkShares(address source, uint256 amount, uint256 shares) private view {
        uint256 worth = shares == 0 ? 0 : IERC4626(source).convertToAssets(shares);
        if (shares == 0 || worth < amount.bpsDown(FixedPointMath.MAX_BPS - MAX_DEPOSIT_LOSS_BPS)) {
            revert DepositShortfall(source, amount, worth);
        }
    }

    /// @dev The vault's shares of `source` in underlying, or ok = false when the source cannot value them.
    function _valueOf(address source) private view returns (bool ok, uint256 assets) {
        uint256 shares = IERC20(source).balanceOf(address(vault));
        if (shares == 0) return (true, 0);
        try IERC4626(source).convertToAssets(shares) returns (uint256 a) {
            return (true, a);
        } catch {
            return (false, 0);
        }
    }

    function _shutdown(address source) private returns (uint256 sharesLeft) {
        isShutdown[source] = true;
        uint256 before = principal[source];
        try this.exitSource(source) {} catch {}
        sharesLeft = IERC20(source).balanceOf(address(vault));
        emit SourceShutdown(source, IERC4626(source).asset(), before - principal[source], sharesLeft);
    }

    function _requireSource(address source) private view {
        if (!isSource[source]) revert UnknownSource(source);
    }

    function _requireLive(address source) private view {
        _requireSource(source);
        if (isShutdown[source]) revert SourceShut(source);
    }

    function _setConfig(uint256 compoundBps_, uint256 minHarvestUsd_) private {
        if (compoundBps_ > FixedPointMath.MAX_BPS || minHarvestUsd_ > MAX_MIN_HARVEST_USD) revert InvalidConfig();
        compoundBps = compoundBps_;
        minHarvestUsd = minHarvestUsd_;
        emit ConfigSet(compoundBps_, minHarvestUsd_);
    }
}
