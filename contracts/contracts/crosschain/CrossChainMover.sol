// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IVault, IPositionModule} from "../interfaces/IVault.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {ICrossChainMoverEvents} from "../interfaces/ICrossChainMoverEvents.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";
import {IOFT, SendParam, MessagingFee, MessagingReceipt, OFTReceipt, OFTLimit, OFTFeeDetail} from "./IOFT.sol";

/// @title CrossChainMover
/// @notice The vault module (role CHAIN_MOVER) that sends the vault's stablecoin to the peer vault on the other
///         chain over the LayerZero OFT: the home chain's OFT adapter (lock / release) or the second chain's
///         bridged OFT (burn / mint). The recipient is always the configured peer vault on the configured
///         endpoint id; the keeper chooses only the amount and a minimum received.
///
///         In flight: a move's `amountReceived` is recorded under its guid and counted in the vault's NAV
///         (`positionValueUsd`) until the keeper settles it, having seen `OFTReceived` with the same guid on the
///         destination. So a delayed delivery never makes NAV dip; between delivery and settlement (one keeper
///         pass) the amount is counted on both chains. A keeper can only clear a record (NAV then leaves the
///         amount out early); it cannot create one or move anything but to the peer vault.
///
///         Entry points — who, when, bound:
///         - `move`: keepers (or management); not while this module or the vault is paused, nor while the oracle
///           reports the stablecoin unhealthy (safe mode); at most once per `minInterval`; 0 < amount ≤
///           `maxPerMove`; received ≥ amount less `maxSlippageBps` and ≥ the keeper's minimum; native fee ≤
///           `maxNativeFee` and ≤ the remaining `feeBudget`, paid from this contract's balance.
///         - `settle`: keepers (or management); any time (bookkeeping only); a recorded guid, once.
///         - `setRoute`, `setMoveConfig`, `setFeeBudget`, `withdrawFees`: management (the timelock).
///         - `fundFees` / plain transfers: anyone (native coin for fees; spending it stays bounded by the budget).
///         - `exitAll`: the vault only (emergency exit, module replacement): returns any stablecoin held here.
contract CrossChainMover is ManagedUpgradeable, ICrossChainMoverEvents, IPositionModule {
    using SafeERC20 for IERC20;
    using FixedPointMath for uint256;

    /// @notice Upper bound on `maxSlippageBps` (1 %): the OFT charges no fee, only dust removal could differ.
    uint256 public constant MAX_SLIPPAGE_BPS = 100;
    /// @notice Upper bound on `minInterval`.
    uint256 public constant MAX_MIN_INTERVAL = 7 days;
    /// @notice Upper bound on `maxNativeFee` (wei).
    uint256 public constant MAX_NATIVE_FEE = 0.1 ether;

    struct MoveConfig {
        /// @notice Largest amount (stablecoin base units) one move may send.
        uint256 maxPerMove;
        /// @notice Seconds that must pass between two moves.
        uint256 minInterval;
        /// @notice Largest shortfall of the amount received on the other side, in bps of the amount sent.
        uint256 maxSlippageBps;
        /// @notice Largest native fee (wei) one move may pay.
        uint256 maxNativeFee;
    }

    error NotVault(address caller);
    error ZeroAmount();
    error InvalidConfig();
    error OftTokenMismatch(address oftToken, address stablecoin);
    error AboveMaxPerMove(uint256 amount, uint256 maxPerMove);
    error MoveTooSoon(uint256 nextAllowed);
    error VaultPaused();
    error StablecoinUnhealthy(address stablecoin);
    error ReceivedBelowMin(uint256 received, uint256 minReceived);
    error FeeAboveMax(uint256 fee, uint256 maxNativeFee);
    error FeeBudgetExceeded(uint256 fee, uint256 budget);
    error FeeUnfunded(uint256 fee, uint256 balance);
    error UnknownMove(bytes32 guid);

    IVault public vault;
    IOFT public oft;
    address public stablecoin;
    /// @notice The destination: endpoint id of the other chain and the peer vault there.
    uint32 public dstEid;
    address public peerVault;
    MoveConfig public moveConfig;
    /// @notice Native coin (wei) the module may still spend on fees; management tops it up.
    uint256 public feeBudget;
    uint256 public lastMoveAt;
    /// @notice Stablecoin (base units, as it will be received) of each move not yet settled, by guid.
    mapping(bytes32 guid => uint256 amount) public inFlight;
    uint256 public inFlightTotal;

    uint256[40] private __gap;

    modifier onlyVault() {
        if (msg.sender != address(vault)) revert NotVault(msg.sender);
        _;
    }

    function initialize(
        address management_,
        address guardian_,
        IVault vault_,
        IOFT oft_,
        uint32 dstEid_,
        address peerVault_,
        MoveConfig calldata config
    ) external initializer {
        __Managed_init(management_, guardian_);
        if (address(vault_) == address(0) || address(oft_) == address(0)) revert ZeroAddress();
        address stable = vault_.stablecoin();
        address oftToken = oft_.token();
        if (oftToken != stable) revert OftTokenMismatch(oftToken, stable);
        vault = vault_;
        oft = oft_;
        stablecoin = stable;
        _setRoute(dstEid_, peerVault_);
        _setMoveConfig(config);
    }

    // ---- keeper ----

    /// @notice Sends `amount` of the vault's stablecoin to the peer vault; returns the message guid.
    /// @param minReceived the keeper's own floor on what the peer vault receives (the module's slippage floor
    ///        applies when it is higher).
    function move(uint256 amount, uint256 minReceived)
        external
        payable
        onlyKeeper
        whenNotPaused
        nonReentrant
        returns (bytes32 guid)
    {
        if (msg.value != 0) _funded(msg.value);
        MoveConfig memory c = moveConfig;
        if (amount == 0) revert ZeroAmount();
        if (amount > c.maxPerMove) revert AboveMaxPerMove(amount, c.maxPerMove);
        if (vault.paused()) revert VaultPaused();
        if (!IOracleHub(vault.oracle()).isHealthy(stablecoin)) revert StablecoinUnhealthy(stablecoin);
        if (lastMoveAt != 0 && block.timestamp < lastMoveAt + c.minInterval) revert MoveTooSoon(lastMoveAt + c.minInterval);

        uint256 floor = amount.mulDivUp(FixedPointMath.MAX_BPS - c.maxSlippageBps, FixedPointMath.MAX_BPS);
        if (minReceived < floor) minReceived = floor;
        SendParam memory p = SendParam({
            dstEid: dstEid,
            to: bytes32(uint256(uint160(peerVault))),
            amountLD: amount,
            minAmountLD: minReceived,
            extraOptions: "",
            composeMsg: "",
            oftCmd: ""
        });
        (,, OFTReceipt memory quoted) = oft.quoteOFT(p);
        if (quoted.amountReceivedLD < minReceived) revert ReceivedBelowMin(quoted.amountReceivedLD, minReceived);
        MessagingFee memory fee = oft.quoteSend(p, false);
        if (fee.nativeFee > c.maxNativeFee) revert FeeAboveMax(fee.nativeFee, c.maxNativeFee);
        if (fee.nativeFee > feeBudget) revert FeeBudgetExceeded(fee.nativeFee, feeBudget);
        if (fee.nativeFee > address(this).balance) revert FeeUnfunded(fee.nativeFee, address(this).balance);
        feeBudget -= fee.nativeFee;
        lastMoveAt = block.timestamp;

        vault.moduleTransfer(stablecoin, address(this), amount);
        bool approve = oft.approvalRequired();
        if (approve) IERC20(stablecoin).forceApprove(address(oft), amount);
        (MessagingReceipt memory r, OFTReceipt memory sent) = oft.send{value: fee.nativeFee}(p, fee, address(this));
        if (approve) IERC20(stablecoin).forceApprove(address(oft), 0);
        // Dust the OFT did not take (none with six shared decimals) goes straight back.
        if (sent.amountSentLD < amount) IERC20(stablecoin).safeTransfer(address(vault), amount - sent.amountSentLD);

        guid = r.guid;
        inFlight[guid] = sent.amountReceivedLD;
        inFlightTotal += sent.amountReceivedLD;
        emit MoveSent(guid, p.dstEid, peerVault, sent.amountSentLD, sent.amountReceivedLD, fee.nativeFee, r.nonce);
    }

    /// @notice Clears the in-flight record of `guid` once its `OFTReceived` is seen on the destination.
    function settle(bytes32 guid) external onlyKeeper nonReentrant {
        uint256 amount = inFlight[guid];
        if (amount == 0) revert UnknownMove(guid);
        delete inFlight[guid];
        inFlightTotal -= amount;
        emit MoveSettled(guid, amount);
    }

    // ---- fees ----

    /// @notice Anyone may send native coin for fees (and the endpoint refunds any excess here).
    function fundFees() external payable {
        _funded(msg.value);
    }

    receive() external payable {
        _funded(msg.value);
    }

    // ---- management ----

    function setRoute(uint32 dstEid_, address peerVault_) external onlyManagement nonReentrant {
        _setRoute(dstEid_, peerVault_);
    }

    function setMoveConfig(MoveConfig calldata config) external onlyManagement nonReentrant {
        _setMoveConfig(config);
    }

    /// @notice Sets how much native coin (wei) the module may still spend on fees, whatever it holds.
    function setFeeBudget(uint256 budget) external onlyManagement nonReentrant {
        feeBudget = budget;
        emit FeeBudgetSet(budget);
    }

    function withdrawFees(address payable to, uint256 amount) external onlyManagement nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert FeeUnfunded(amount, address(this).balance);
        emit FeesWithdrawn(to, amount);
    }

    // ---- vault ----

    /// @notice Nothing in flight can be recalled (it arrives at the peer vault); any stablecoin held here goes
    ///         back. A replacement is refused by the vault while moves are unsettled (`ModuleNotFlat`).
    function exitAll() external nonReentrant onlyVault {
        uint256 held = IERC20(stablecoin).balanceOf(address(this));
        if (held != 0) IERC20(stablecoin).safeTransfer(address(vault), held);
    }

    /// @notice The stablecoin in flight, at the oracle's price.
    function positionValueUsd() external view returns (uint256) {
        if (inFlightTotal == 0) return 0;
        return inFlightTotal.toUsdDown(vault.decimalsOf(stablecoin), IOracleHub(vault.oracle()).priceOf(stablecoin));
    }

    // ---- internal ----

    function _funded(uint256 amount) private {
        emit FeesFunded(msg.sender, amount);
    }

    function _setRoute(uint32 dstEid_, address peerVault_) private {
        if (dstEid_ == 0 || peerVault_ == address(0)) revert InvalidConfig();
        dstEid = dstEid_;
        peerVault = peerVault_;
        emit RouteSet(dstEid_, peerVault_);
    }

    function _setMoveConfig(MoveConfig calldata c) private {
        if (
            c.maxPerMove == 0 || c.minInterval > MAX_MIN_INTERVAL || c.maxSlippageBps > MAX_SLIPPAGE_BPS
                || c.maxNativeFee == 0 || c.maxNativeFee > MAX_NATIVE_FEE
        ) revert InvalidConfig();
        moveConfig = c;
        emit MoveConfigSet(c.maxPerMove, c.minInterval, c.maxSlippageBps, c.maxNativeFee);
    }
}
