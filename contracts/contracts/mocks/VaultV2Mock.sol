// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vault} from "../vault/Vault.sol";

/// @notice A later vault implementation used to test that a UUPS upgrade preserves state.
contract VaultV2Mock is Vault {
    function version() external pure returns (uint256) {
        return 2;
    }
}
