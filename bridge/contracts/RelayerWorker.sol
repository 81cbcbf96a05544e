// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { Ownable, Ownable2Step } from "@openzeppelin/contracts/access/Ownable2Step.sol";
import { ILayerZeroDVN } from "@layerzerolabs/lz-evm-messagelib-v2/contracts/uln/interfaces/ILayerZeroDVN.sol";
import { ILayerZeroExecutor } from "@layerzerolabs/lz-evm-messagelib-v2/contracts/interfaces/ILayerZeroExecutor.sol";
import { ISendLib } from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ISendLib.sol";

/// @title RelayerWorker
/// @notice The send-side face of the project's relayer in LayerZero's ULN302: it is the required DVN and
///         the executor that the send library assigns each packet to, and it prices both jobs. The relayer
///         process watches the endpoint's `PacketSent`, verifies the packet on the destination's receive
///         library with its own key (the destination's required DVN), commits it and calls `lzReceive`.
/// @dev Fees are flat per packet, in the chain's native coin, and accrue inside the send library under
///      this contract's address; only the owner can withdraw them (through the library).
///
///      Entry points — who, when, bound:
///      - `assignJob` (both overloads): only `sendLibrary`, while sending a packet to a served destination; no native value.
///      - `getFee` (both overloads): anyone (view); reverts for a destination that is not served.
///      - `setFees`: owner; each fee at most `MAX_FEE`.
///      - `setDestination`: owner; any endpoint id but 0.
///      - `withdrawFees`: owner; to a non-zero address, at most what the library holds for this worker.
contract RelayerWorker is ILayerZeroDVN, ILayerZeroExecutor, Ownable2Step {
    /// @notice Upper bound on each job's fee (wei), so a compromised owner cannot price users out silently.
    uint256 public constant MAX_FEE = 0.01 ether;

    /// @notice The ULN302 send library allowed to assign jobs.
    address public immutable sendLibrary;

    /// @notice Fee (wei) for verifying one packet on its destination (the DVN job).
    uint256 public verifyFee;
    /// @notice Fee (wei) for delivering one packet (the executor job: commit + lzReceive).
    uint256 public deliveryFee;
    /// @notice Destination endpoint ids this relayer delivers to.
    mapping(uint32 eid => bool) public servesDestination;

    event FeesSet(uint256 verifyFee, uint256 deliveryFee);
    event DestinationSet(uint32 indexed eid, bool served);
    event VerificationAssigned(uint32 indexed dstEid, address indexed sender, bytes32 payloadHash, uint64 confirmations, uint256 fee);
    event DeliveryAssigned(uint32 indexed dstEid, address indexed sender, uint256 calldataSize, uint256 fee);
    event FeesWithdrawn(address indexed to, uint256 amount);

    error OnlySendLibrary(address caller);
    error UnservedDestination(uint32 eid);
    error FeeAboveMax(uint256 fee, uint256 max);
    error NativeValueNotAccepted(uint256 value);
    error ZeroAddress();
    error ZeroEid();

    modifier onlySendLibrary() {
        if (msg.sender != sendLibrary) revert OnlySendLibrary(msg.sender);
        _;
    }

    constructor(address sendLibrary_, address owner_, uint256 verifyFee_, uint256 deliveryFee_) Ownable(owner_) {
        if (sendLibrary_ == address(0)) revert ZeroAddress();
        sendLibrary = sendLibrary_;
        _setFees(verifyFee_, deliveryFee_);
    }

    // ---------------------------------------------------------------- DVN job

    /// @inheritdoc ILayerZeroDVN
    function assignJob(AssignJobParam calldata param, bytes calldata) external payable onlySendLibrary returns (uint256 fee) {
        if (msg.value != 0) revert NativeValueNotAccepted(msg.value);
        fee = _served(param.dstEid, verifyFee);
        emit VerificationAssigned(param.dstEid, param.sender, param.payloadHash, param.confirmations, fee);
    }

    /// @inheritdoc ILayerZeroDVN
    function getFee(uint32 dstEid, uint64, address, bytes calldata) external view returns (uint256) {
        return _served(dstEid, verifyFee);
    }

    // ---------------------------------------------------------------- executor job

    /// @inheritdoc ILayerZeroExecutor
    function assignJob(uint32 dstEid, address sender, uint256 calldataSize, bytes calldata) external onlySendLibrary returns (uint256 fee) {
        fee = _served(dstEid, deliveryFee);
        emit DeliveryAssigned(dstEid, sender, calldataSize, fee);
    }

    /// @inheritdoc ILayerZeroExecutor
    function getFee(uint32 dstEid, address, uint256, bytes calldata) external view returns (uint256) {
        return _served(dstEid, deliveryFee);
    }

    // ---------------------------------------------------------------- owner

    function setFees(uint256 verifyFee_, uint256 deliveryFee_) external onlyOwner {
        _setFees(verifyFee_, deliveryFee_);
    }

    function setDestination(uint32 eid, bool served) external onlyOwner {
        if (eid == 0) revert ZeroEid();
        servesDestination[eid] = served;
        emit DestinationSet(eid, served);
    }

    /// @notice Withdraws fees the send library holds for this worker (the library reverts above its balance).
    function withdrawFees(address to, uint256 amount) external onlyOwner {
        if (to == address(0)) revert ZeroAddress();
        ISendLib(sendLibrary).withdrawFee(to, amount);
        emit FeesWithdrawn(to, amount);
    }

    // ---------------------------------------------------------------- internal

    function _served(uint32 dstEid, uint256 fee) private view returns (uint256) {
        if (!servesDestination[dstEid]) revert UnservedDestination(dstEid);
        return fee;
    }

    function _setFees(uint256 verifyFee_, uint256 deliveryFee_) private {
        if (verifyFee_ > MAX_FEE) revert FeeAboveMax(verifyFee_, MAX_FEE);
        if (deliveryFee_ > MAX_FEE) revert FeeAboveMax(deliveryFee_, MAX_FEE);
        verifyFee = verifyFee_;
        deliveryFee = deliveryFee_;
        emit FeesSet(verifyFee_, deliveryFee_);
    }
}
