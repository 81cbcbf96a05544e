// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Events of the cross-chain mover. A move is one LayerZero OFT transfer of the vault's stablecoin to
///         the peer vault; `guid` is the message id, the same one the OFT puts in `OFTSent` here and the
///         receiving OFT in `OFTReceived` on the other chain.
interface ICrossChainMoverEvents {
    /// @notice `amountSent` left the vault (locked or burned by the OFT), `amountReceived` will be credited to
    ///         `peerVault` on `dstEid`; `nativeFee` (wei) paid to the messaging layer from the fee budget.
    event MoveSent(
        bytes32 indexed guid,
        uint32 indexed dstEid,
        address indexed peerVault,
        uint256 amountSent,
        uint256 amountReceived,
        uint256 nativeFee,
        uint64 nonce
    );
    /// @notice The move `guid` arrived (its `OFTReceived` seen on the destination): no longer in flight.
    event MoveSettled(bytes32 indexed guid, uint256 amount);
    event RouteSet(uint32 indexed dstEid, address indexed peerVault);
    event MoveConfigSet(uint256 maxPerMove, uint256 minInterval, uint256 maxSlippageBps, uint256 maxNativeFee);
    event FeeBudgetSet(uint256 budget);
    event FeesFunded(address indexed from, uint256 amount);
    event FeesWithdrawn(address indexed to, uint256 amount);
}
