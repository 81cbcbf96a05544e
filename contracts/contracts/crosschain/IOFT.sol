// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The part of LayerZero's OFT standard (`@layerzerolabs/oft-evm` IOFT, with its OApp's messaging
///         structs) the cross-chain mover calls. Declared here with the same types, so the selectors are
///         LayerZero's, without compiling LayerZero's sources into this project.
struct SendParam {
    uint32 dstEid;
    bytes32 to;
    uint256 amountLD;
    uint256 minAmountLD;
    bytes extraOptions;
    bytes composeMsg;
    bytes oftCmd;
}

struct MessagingFee {
    uint256 nativeFee;
    uint256 lzTokenFee;
}

struct MessagingReceipt {
    bytes32 guid;
    uint64 nonce;
    MessagingFee fee;
}

struct OFTLimit {
    uint256 minAmountLD;
    uint256 maxAmountLD;
}

struct OFTReceipt {
    uint256 amountSentLD;
    uint256 amountReceivedLD;
}

struct OFTFeeDetail {
    int256 feeAmountLD;
    string description;
}

interface IOFT {
    function token() external view returns (address);
    function approvalRequired() external view returns (bool);
    function quoteOFT(SendParam calldata sendParam)
        external
        view
        returns (OFTLimit memory, OFTFeeDetail[] memory, OFTReceipt memory);
    function quoteSend(SendParam calldata sendParam, bool payInLzToken) external view returns (MessagingFee memory);
    function send(SendParam calldata sendParam, MessagingFee calldata fee, address refundAddress)
        external
        payable
        returns (MessagingReceipt memory, OFTReceipt memory);
}
