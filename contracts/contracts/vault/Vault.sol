// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";
import {IVaultEvents} from "../interfaces/IVaultEvents.sol";
import {IVaultConfigEvents} from "../interfaces/IConfigEvents.sol";
import {IVault, IPositionModule} from "../interfaces/IVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";

/// @title Vault
/// @notice A single-owner portfolio: a USD stablecoin plus N risk assets. The vault address is the tax
///         "wallet" and its owner is the taxpayer. Only the owner deposits and withdraws, at once (never
///         behind the timelock); the owner is a role of its own, apart from management (which configures,
///         upgrades and sets modules, behind the timelock in a governed deployment). Modules (rebalancer,
///         harvester, hedger, liquidity manager) authorised by role move tokens for it.
///         NAV = Σ token balances at oracle prices + the positions the harvester, hedger and liquidity
///         manager hold for it + the stablecoin the cross-chain mover has in flight to the peer vault.
contract Vault is ManagedUpgradeable, IVault, IVaultEvents, IVaultConfigEvents {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    bytes32 public constant REBALANCER = keccak256("REBALANCER");
    bytes32 public constant HARVESTER = keccak256("HARVESTER");
    bytes32 public constant HEDGER = keccak256("HEDGER");
    bytes32 public constant LIQUIDITY_MANAGER = keccak256("LIQUIDITY_MANAGER");
    /// @notice The cross-chain mover: sends the vault's stablecoin to the peer vault on the other chain; its
    ///         position is the stablecoin in flight (sent, arrival not yet settled).
    bytes32 public constant CHAIN_MOVER = keccak256("CHAIN_MOVER");

    error AssetAlreadyAdded(address asset);
    error UnknownAsset(address asset);
    error NotModule(address caller);
    error UnknownRole(bytes32 role);
    error ZeroAmount();
    error NotOwner(address caller);
    error NotPendingOwner(address caller);
    error ModuleNotFlat(address module, uint256 positionUsd);

    /// @notice The emergency exit could not unwind `module`'s positions (they stay with it; see its events).
    event ModuleExitFailed(address indexed module, bytes reason);

    struct AssetInfo {
        bool listed;
        bool isStable;
        uint8 decimals;
    }

    address public stablecoin;
    address public oracle;
    address[] private _assets;
    mapping(address => AssetInfo) public assetInfo;
    mapping(bytes32 => address) public moduleOf;
    /// @dev How many module roles each address holds (one slot, where a bool flag used to be: true reads as 1),
    ///      so replacing one role of an address that holds two leaves it a module.
    mapping(address => uint256) public moduleRoleCount;
    /// @dev Set (in transient storage, no slot) only while emergencyExit or setModule run a module's exitAll.
    bool private transient _exiting;
    /// @notice The taxpayer: deposits and withdraws. Handed over in two steps, by the owner only.
    address public owner;
    address public pendingOwner;

    uint256[42] private __gap;

    modifier onlyModule() {
        if (moduleRoleCount[msg.sender] == 0) revert NotModule(msg.sender);
        _;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// @param owner_ the taxpayer, and the first management (which a governed deployment then hands to its timelock)
    function initialize(address owner_, address guardian_, address oracle_, address stablecoin_) external initializer {
        __Managed_init(owner_, guardian_);
        if (oracle_ == address(0) || stablecoin_ == address(0)) revert ZeroAddress();
        oracle = oracle_;
        stablecoin = stablecoin_;
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
        _addAsset(stablecoin_, true);
    }

    /// @notice Whether `account` holds at least one module role.
    function isModule(address account) external view returns (bool) {
        return moduleRoleCount[account] != 0;
    }

    /// @notice Step one of handing the vault to another owner; `next` must call acceptOwnership.
    function transferOwnership(address next) external onlyOwner nonReentrant {
        if (next == address(0)) revert ZeroAddress();
        pendingOwner = next;
        emit OwnershipTransferStarted(owner, next);
    }

    /// @notice Step two of an ownership hand-over.
    function acceptOwnership() external nonReentrant {
        if (msg.sender != pendingOwner) revert NotPendingOwner(msg.sender);
        emit OwnershipTransferred(owner, msg.sender);
        owner = msg.sender;
        pendingOwner = address(0);
    }

    function addAsset(address asset) external onlyManagement nonReentrant {
        _addAsset(asset, false);
    }

    /// @notice Authorises `module` for `role` (REBALANCER, HARVESTER, HEDGER, LIQUIDITY_MANAGER or CHAIN_MOVER), replacing
    ///         the previous one. A replaced position module (all but the rebalancer) is first unwound into vault
    ///         tokens, as in an emergency exit, and must then hold nothing for the vault: its perp position,
    ///         margin, yield shares or LP position are never stranded behind a module the vault no longer knows.
    function setModule(bytes32 role, address module) external onlyManagement nonReentrant {
        if (
            role != REBALANCER && role != HARVESTER && role != HEDGER && role != LIQUIDITY_MANAGER && role != CHAIN_MOVER
        ) revert UnknownRole(role);
        address previous = moduleOf[role];
        if (previous == module) return;
        if (previous != address(0)) {
            if (role != REBALANCER) _retirePositionModule(previous);
            --moduleRoleCount[previous];
        }
        moduleOf[role] = module;
        if (module != address(0)) ++moduleRoleCount[module];
        emit ModuleSet(role, module);
    }

    function deposit(address asset, uint256 amount) external onlyOwner whenNotPaused nonReentrant {
        _requireAsset(asset);
        if (amount == 0) revert ZeroAmount();
        IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(asset, msg.sender, amount, IOracleHub(oracle).priceOf(asset));
    }

    /// @notice The owner takes tokens out; allowed while paused so funds are never trapped.
    function withdraw(address asset, uint256 amount, address to) external onlyOwner nonReentrant {
        _requireAsset(asset);
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        IERC20(asset).safeTransfer(to, amount);
        emit Withdrawn(asset, to, amount, IOracleHub(oracle).priceOf(asset));
    }

    /// @notice Moves vault tokens for an authorised module. Guarded against reentrancy, except for the
    ///         callbacks of the modules' exitAll during the guardian's (itself guarded) emergency exit, which
    ///         may also run while paused.
    function moduleTransfer(address token, address to, uint256 amount) external onlyModule {
        if (_exiting) {
            IERC20(token).safeTransfer(to, amount);
        } else {
            _requireNotPaused();
            _guardedTransfer(token, to, amount);
        }
    }

    /// @notice Guardian's emergency exit: the harvester, hedger and liquidity manager unwind what they can into vault tokens
    ///         (each reports the parts that could not exit), then the vault pauses (owner withdrawals still
    ///         work). It never reverts on a module: a module whose exit fails as a whole is reported
    ///         (ModuleExitFailed) and the vault still ends paused.
    function emergencyExit() external onlyGuardian nonReentrant {
        _exiting = true;
        _exitModule(moduleOf[HARVESTER]);
        _exitModule(moduleOf[HEDGER]);
        _exitModule(moduleOf[LIQUIDITY_MANAGER]);
        _exitModule(moduleOf[CHAIN_MOVER]);
        _exiting = false;
        if (!paused()) _pause();
        emit EmergencyExit(msg.sender, navUsd());
    }

    // ---- views ----

    function getAssets() external view returns (address[] memory) {
        return _assets;
    }

    function isAsset(address asset) external view returns (bool) {
        return assetInfo[asset].listed;
    }

    function decimalsOf(address asset) external view returns (uint8) {
        return assetInfo[asset].decimals;
    }

    function paused() public view override(IVault, PausableUpgradeable) returns (bool) {
        return super.paused();
    }

    /// @notice USD value (WAD) of the vault's own balance of `asset`, at the oracle's last good price.
    function holdingUsd(address asset) public view returns (uint256) {
        uint256 bal = IERC20(asset).balanceOf(address(this));
        if (bal == 0) return 0;
        return bal.toUsdDown(assetInfo[asset].decimals, IOracleHub(oracle).priceOf(asset));
    }

    /// @notice Net asset value in USD (WAD), rounded down. A module that cannot value its positions counts
    ///         zero (the harvester already counts a broken source as zero), so NAV never reverts on one.
    function navUsd() public view returns (uint256 nav) {
        for (uint256 i; i < _assets.length; ++i) {
            nav += holdingUsd(_assets[i]);
        }
        nav += _positionValue(moduleOf[HARVESTER]) + _positionValue(moduleOf[HEDGER])
            + _positionValue(moduleOf[LIQUIDITY_MANAGER]) + _positionValue(moduleOf[CHAIN_MOVER]);
    }

    function _positionValue(address module) private view returns (uint256) {
        if (module == address(0)) return 0;
        try IPositionModule(module).positionValueUsd() returns (uint256 v) {
            return v;
        } catch {
            return 0;
        }
    }

    function _exitModule(address module) private {
        if (module == address(0)) return;
        try IPositionModule(module).exitAll() {}
        catch (bytes memory reason) {
            emit ModuleExitFailed(module, reason);
        }
    }

    function _addAsset(address asset, bool isStable) private {
        if (asset == address(0)) revert ZeroAddress();
        if (assetInfo[asset].listed) revert AssetAlreadyAdded(asset);
        uint8 dec = IERC20Metadata(asset).decimals();
        assetInfo[asset] = AssetInfo({listed: true, isStable: isStable, decimals: dec});
        _assets.push(asset);
        emit AssetAdded(asset, dec, IERC20Metadata(asset).symbol(), isStable);
    }

    /// @dev Runs a replaced position module's exitAll (its moduleTransfer callbacks allowed, as in an emergency
    ///      exit) and refuses the replacement if anything is left in it.
    function _retirePositionModule(address previous) private {
        _exiting = true;
        IPositionModule(previous).exitAll();
        _exiting = false;
        uint256 left = IPositionModule(previous).positionValueUsd();
        if (left != 0) revert ModuleNotFlat(previous, left);
    }

    function _guardedTransfer(address token, address to, uint256 amount) private nonReentrant {
        IERC20(token).safeTransfer(to, amount);
    }

    function _requireAsset(address asset) private view {
        if (!assetInfo[asset].listed) revert UnknownAsset(asset);
    }
}
