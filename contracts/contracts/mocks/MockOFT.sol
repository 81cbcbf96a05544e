// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MockERC20} from "./MockERC20.sol";
import {SendParam, MessagingFee, MessagingReceipt, OFTReceipt, OFTLimit, OFTFeeDetail} from "../crosschain/IOFT.sol";

/// @notice Test OFT for the cross-chain mover's in-process spec: quotes a settable native fee, keeps a settable share
///         of each amount (`feeBps`, so what arrives can fall below a minimum: this mock does not check it, as an
///         OFT that would not) and removes dust below `dustUnit`; `send` takes the amount (an adapter's lock with
///         approval, or a burn) and returns a fresh guid. Peers are per endpoint id.
contract MockOFT {
    error NoPeer(uint32 eid);
    error WrongFee(uint256 value, uint256 fee);

    event Sent(bytes32 indexed guid, uint32 dstEid, bytes32 to, uint256 amountSent, uint256 amountReceived);

    address public immutable token;
    bool public immutable approvalRequired;
    uint256 public nativeFee;
    uint256 public feeBps;
    uint256 public dustUnit = 1;
    uint64 public nonce;
    mapping(uint32 => bool) public peers;

    constructor(address token_, bool approvalRequired_, uint256 nativeFee_) {
        token = token_;
        approvalRequired = approvalRequired_;
        nativeFee = nativeFee_;
    }

    function setPeer(uint32 eid, bool on) external {
        peers[eid] = on;
    }

    function setFees(uint256 nativeFee_, uint256 feeBps_, uint256 dustUnit_) external {
        (nativeFee, feeBps, dustUnit) = (nativeFee_, feeBps_, dustUnit_);
    }

    function quoteOFT(SendParam calldata p) public view returns (OFTLimit memory, OFTFeeDetail[] memory, OFTReceipt memory) {
        if (!peers[p.dstEid]) revert NoPeer(p.dstEid);
        uint256 sent = p.amountLD - (p.amountLD % dustUnit);
        return (OFTLimit(0, type(uint256).max), new OFTFeeDetail[](0), OFTReceipt(sent, sent - (sent * feeBps) / 10_000));
    }

    function quoteSend(SendParam calldata p, bool) external view returns (MessagingFee memory) {
        if (!peers[p.dstEid]) revert NoPeer(p.dstEid);
        return MessagingFee(nativeFee, 0);
    }

    function send(SendParam calldata p, MessagingFee calldata fee, address) external payable returns (MessagingReceipt memory r, OFTReceipt memory o) {
        if (msg.value != fee.nativeFee || fee.nativeFee != nativeFee) revert WrongFee(msg.value, nativeFee);
        (,, o) = quoteOFT(p);
        if (approvalRequired) MockERC20(token).transferFrom(msg.sender, address(this), o.amountSentLD);
        else MockERC20(token).burn(msg.sender, o.amountSentLD);
        r = MessagingReceipt(keccak256(abi.encode(address(this), ++nonce)), nonce, fee);
        emit Sent(r.guid, p.dstEid, p.to, o.amountSentLD, o.amountReceivedLD);
    }
}
