// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { OFT } from "@layerzerolabs/oft-evm/contracts/OFT.sol";

/// @title BridgedStablecoin
/// @notice The other chain's stablecoin: LayerZero's OFT standard, unchanged. It is minted only by a
///         verified message from its peer (the home chain's adapter, which locked the same amount) and
///         burned when sent back. `owner_` is the OApp owner and endpoint delegate.
/// @dev Six decimals like the home stablecoin, so one base unit on either chain is the same amount
///      (the OFT's shared decimals are six as well: no dust is removed on either leg).
contract BridgedStablecoin is OFT {
    uint8 public constant DECIMALS = 6;

    constructor(string memory name_, string memory symbol_, address endpoint, address owner_)
        OFT(name_, symbol_, endpoint, owner_)
        Ownable(owner_)
    {}

    function decimals() public pure override returns (uint8) {
        return DECIMALS;
    }
}
