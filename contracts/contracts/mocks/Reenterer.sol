// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test-only hostile counterparty. Plugged in where a contract calls out — as a token, a price feed, a
///         yield source, a venue, a perpetual or a module — it answers every call it does not declare itself
///         by calling back into `callee` with `callback`, as itself (so it must hold the role that callback needs).
///         The callback is a staticcall, so it also works where it is reached through a view call (a feed, a
///         venue's quote); a reentrancy guard refuses before anything is written.
///         - bubble mode: the callback's revert becomes this call's revert, so the outer call fails with it;
///         - answer mode (for callers that swallow a failing counterparty, as the oracle does with its feeds):
///           when the callback reverted with `expected`, the call answers `answer` (raw return data),
///           otherwise it reverts CallbackNotRefused with what the callback returned.
///         Unarmed, every undeclared call reverts NotArmed. Only the deployer drives it (exec, arm).
contract Reenterer {
    error NotDeployer(address caller);
    error NotArmed();
    error CallbackNotRefused(bytes result);

    address public immutable deployer;
    uint8 public immutable decimals;
    string public symbol;

    bool public armed;
    bool public bubble;
    address public callee;
    bytes4 public expected;
    bytes public callback;
    bytes public answer;

    constructor(uint8 decimals_, string memory symbol_) {
        deployer = msg.sender;
        decimals = decimals_;
        symbol = symbol_;
    }

    modifier onlyDeployer() {
        if (msg.sender != deployer) revert NotDeployer(msg.sender);
        _;
    }

    /// @notice Calls `to` as this contract (to take roles: accept a hand-over, act as management or owner).
    function exec(address to, bytes calldata callData) external onlyDeployer returns (bytes memory) {
        (bool ok, bytes memory ret) = to.call(callData);
        if (!ok) _revertWith(ret);
        return ret;
    }

    /// @notice Every undeclared call made to this contract calls back `callee_` with `callback_`.
    function armBubble(address callee_, bytes calldata callback_) external onlyDeployer {
        (armed, bubble, callee, callback) = (true, true, callee_, callback_);
    }

    /// @notice As armBubble, but answers `answer_` when the callback reverts with `expected_`.
    function armAnswer(address callee_, bytes calldata callback_, bytes4 expected_, bytes calldata answer_) external onlyDeployer {
        (armed, bubble, callee, callback, expected, answer) = (true, false, callee_, callback_, expected_, answer_);
    }

    function disarm() external onlyDeployer {
        armed = false;
    }

    fallback(bytes calldata) external returns (bytes memory) {
        if (!armed) revert NotArmed();
        (bool ok, bytes memory ret) = callee.staticcall(callback);
        if (bubble) {
            if (!ok) _revertWith(ret);
            revert CallbackNotRefused(ret);
        }
        if (!ok && ret.length >= 4 && bytes4(ret) == expected) return answer;
        revert CallbackNotRefused(ret);
    }

    function _revertWith(bytes memory ret) private pure {
        assembly ("memory-safe") {
            revert(add(ret, 32), mload(ret))
        }
    }
}
