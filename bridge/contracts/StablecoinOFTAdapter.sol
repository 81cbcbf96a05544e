// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { OFTAdapter } from "@layerzerolabs/oft-evm/contracts/OFTAdapter.sol";

/// @title StablecoinOFTAdapter
/// @notice The home chain's side of the stablecoin bridge: LayerZero's OFT adapter standard, unchanged.
///         Sending locks the stablecoin here and a message mints it on the other chain; a message from
///         the other chain (where it was burned) releases it. `owner_` is the OApp owner and endpoint
///         delegate: it alone sets peers, enforced options and the endpoint configuration.
contract StablecoinOFTAdapter is OFTAdapter {
    constructor(address token, address endpoint, address owner_) OFTAdapter(token, endpoint, owner_) Ownable(owner_) {}
}
