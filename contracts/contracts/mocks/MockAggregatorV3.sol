// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Chainlink AggregatorV3-style feed (8 decimals by default) whose answer tests and scenarios set.
contract MockAggregatorV3 {
    uint8 public immutable decimals;
    string public description;
    uint80 private _roundId;
    int256 private _answer;
    uint256 private _updatedAt;
    /// @notice When set, latestRoundData reverts (a broken or deprecated feed).
    bool public reverting;

    error FeedDown();

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        decimals = decimals_;
        description = description_;
        _set(initialAnswer, block.timestamp);
    }

    /// @notice Posts a new round with the current block time.
    function setAnswer(int256 answer) external {
        _set(answer, block.timestamp);
    }

    /// @notice Posts a new round with an explicit timestamp (to simulate a stale feed).
    function setAnswerAt(int256 answer, uint256 updatedAt) external {
        _set(answer, updatedAt);
    }

    function setReverting(bool reverting_) external {
        reverting = reverting_;
    }

    function latestAnswer() external view returns (int256) {
        return _answer;
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (reverting) revert FeedDown();
        return (_roundId, _answer, _updatedAt, _updatedAt, _roundId);
    }

    function _set(int256 answer, uint256 updatedAt) private {
        _roundId += 1;
        _answer = answer;
        _updatedAt = updatedAt;
        emit AnswerUpdated(answer, _roundId, updatedAt);
    }
}
