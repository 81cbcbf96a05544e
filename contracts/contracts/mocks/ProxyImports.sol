// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Compiles the ERC1967 proxy so the deploy script finds its artifact.
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
