// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title ManagedUpgradeable
/// @notice The three roles every lotgraph contract shares, behind a UUPS proxy:
///         - management: configures and upgrades; handed over in two steps (transfer, then accept);
///         - keepers: run the automated actions (a set, so both a keeper EOA and the keeper gateway fit);
///         - guardian: pauses (management may pause too); only management unpauses.
///         The reentrancy guard uses transient storage, so it adds no storage slot to the proxy layout.
abstract contract ManagedUpgradeable is Initializable, UUPSUpgradeable, PausableUpgradeable, ReentrancyGuardTransient {
    error NotManagement(address caller);
    error NotPendingManagement(address caller);
    error NotKeeper(address caller);
    error NotGuardian(address caller);
    error ZeroAddress();

    event ManagementTransferStarted(address indexed current, address indexed pending);
    event ManagementTransferred(address indexed previous, address indexed current);
    event KeeperSet(address indexed keeper, bool allowed);
    event GuardianSet(address indexed guardian);

    address public management;
    address public pendingManagement;
    address public guardian;
    mapping(address => bool) public isKeeper;

    uint256[46] private __gap;

    modifier onlyManagement() {
        if (msg.sender != management) revert NotManagement(msg.sender);
        _;
    }

    modifier onlyKeeper() {
        if (!isKeeper[msg.sender] && msg.sender != management) revert NotKeeper(msg.sender);
        _;
    }

    modifier onlyGuardian() {
        if (msg.sender != guardian && msg.sender != management) revert NotGuardian(msg.sender);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function __Managed_init(address management_, address guardian_) internal onlyInitializing {
        if (management_ == address(0) || guardian_ == address(0)) revert ZeroAddress();
        __Pausable_init();
        management = management_;
        guardian = guardian_;
        emit ManagementTransferred(address(0), management_);
        emit GuardianSet(guardian_);
    }

    /// @notice Step one of a management hand-over; `next` must call acceptManagement.
    function transferManagement(address next) external onlyManagement nonReentrant {
        if (next == address(0)) revert ZeroAddress();
        pendingManagement = next;
        emit ManagementTransferStarted(management, next);
    }

    /// @notice Step two of a management hand-over.
    function acceptManagement() external nonReentrant {
        if (msg.sender != pendingManagement) revert NotPendingManagement(msg.sender);
        emit ManagementTransferred(management, msg.sender);
        management = msg.sender;
        pendingManagement = address(0);
    }

    function setKeeper(address keeper, bool allowed) external onlyManagement nonReentrant {
        if (keeper == address(0)) revert ZeroAddress();
        isKeeper[keeper] = allowed;
        emit KeeperSet(keeper, allowed);
    }

    function setGuardian(address guardian_) external onlyManagement nonReentrant {
        if (guardian_ == address(0)) revert ZeroAddress();
        guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    function pause() external onlyGuardian nonReentrant {
        _pause();
    }

    function unpause() external onlyManagement nonReentrant {
        _unpause();
    }

    function _authorizeUpgrade(address) internal view override onlyManagement {}
}
