// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The stablecoin bridge's transfer events (bridge/): LayerZero's IOFT declares them, and both the
///         home chain's StablecoinOFTAdapter and the second chain's BridgedStablecoin emit them.
///         scripts/module-events.test.ts checks they still match LayerZero's declaration.
interface IOFTEvents {
    event OFTSent(bytes32 indexed guid, uint32 dstEid, address indexed fromAddress, uint256 amountSentLD, uint256 amountReceivedLD);
    event OFTReceived(bytes32 indexed guid, uint32 srcEid, address indexed toAddress, uint256 amountReceivedLD);
}
