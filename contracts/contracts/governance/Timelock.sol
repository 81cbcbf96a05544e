// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Compiles OpenZeppelin's TimelockController unchanged, so the deployment can create it from our artifacts.
// It is every module's management: upgrades, role changes and risk-parameter setters wait its delay.
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
