// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice OpenZeppelin's Ownable event (the share coordinator's owner is its chain's timelock).
///         scripts/module-events.test.ts checks it still matches OpenZeppelin's declaration.
interface IOwnableEvents {
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
}
