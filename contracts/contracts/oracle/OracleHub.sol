// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IOracleEvents} from "../interfaces/IOracleEvents.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {IAggregatorV3} from "./IAggregatorV3.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";
import {EwmaVolatility} from "../libraries/EwmaVolatility.sol";

/// @title OracleHub
/// @notice Consensus prices from several AggregatorV3 feeds per asset.
///
///         update(asset), callable by anyone, reads every feed and:
///         1. keeps the fresh ones (answer > 0, updatedAt within `stalenessSeconds`); fewer than `quorum`
///            → safe mode, reason 1 (stale);
///         2. takes their median and keeps the feeds within `maxDeviationBps` of it; fewer than `quorum`
///            → safe mode, reason 2 (quorum lost). A single manipulated feed is dropped here;
///         3. the candidate is the median of the agreeing feeds; if it moved more than `breakerBps` from
///            the last good price → CircuitBreakerTripped and safe mode, reason 3, until a new candidate is
///            back within the bound or management calls acceptCandidate;
///         4. otherwise it becomes the last good price (PriceUpdated), feeds the volatility estimator, and
///            ends safe mode (SafeModeExited).
///         A round only counts when the newest agreeing feed has posted since the last accepted price, so
///         repeated calls cannot feed zero returns into the estimator.
///
///         Safe mode: priceOf still returns the last good price, isHealthy is false.
///         - Rebalancer: halted (no weights update, no rebalance, no loss harvest) while any asset is unhealthy.
///         - Harvester: keeps harvesting; income is valued at the last good price (claiming yield trades nothing).
///         - Hedger: adjustments are skipped for an unhealthy asset; the open hedge stays and keeps accruing
///           funding, which is the safer choice than trading on a price nobody agrees on.
contract OracleHub is ManagedUpgradeable, IOracleHub, IOracleEvents {
    using FixedPointMath for uint256;

    uint8 public constant REASON_STALE = 1;
    uint8 public constant REASON_QUORUM_LOST = 2;
    uint8 public constant REASON_CIRCUIT_BREAKER = 3;
    uint256 public constant MAX_FEEDS = 7;

    error FeedAlreadyAdded(address asset, address feed);
    error FeedNotFound(address asset, address feed);
    error TooManyFeeds(address asset);
    error NoPrice(address asset);
    error InvalidConfig();
    error NoCandidate(address asset);

    /// @notice The hub's parameters changed (a state change outside any one asset's price).
    event ConfigSet(uint256 stalenessSeconds, uint8 quorum, uint256 maxDeviationBps, uint256 breakerBps, uint256 lambda);

    struct AssetState {
        uint256 lastGoodPrice; // WAD
        uint256 lastFeedTime; // newest updatedAt among the feeds of the last accepted round
        uint256 candidatePrice; // consensus rejected by the breaker, awaiting acceptCandidate
        uint8 safeReason; // 0 = healthy
    }

    uint256 public stalenessSeconds;
    uint256 public maxDeviationBps;
    uint256 public breakerBps;
    uint8 public quorum;
    /// @notice EWMA decay λ (WAD), e.g. 0.94e18.
    uint256 public lambda;

    mapping(address => address[]) private _feeds;
    mapping(address => AssetState) public assetState;
    mapping(address => EwmaVolatility.State) private _vol;
    address[] private _assets;

    uint256[43] private __gap;

    function initialize(
        address management_,
        address guardian_,
        uint256 stalenessSeconds_,
        uint8 quorum_,
        uint256 maxDeviationBps_,
        uint256 breakerBps_,
        uint256 lambda_
    ) external initializer {
        __Managed_init(management_, guardian_);
        _setConfig(stalenessSeconds_, quorum_, maxDeviationBps_, breakerBps_, lambda_);
    }

    function setConfig(uint256 staleness, uint8 quorum_, uint256 deviationBps, uint256 breakerBps_, uint256 lambda_)
        external
        onlyManagement
        nonReentrant
    {
        _setConfig(staleness, quorum_, deviationBps, breakerBps_, lambda_);
    }

    function addFeed(address asset, address feed) external onlyManagement nonReentrant {
        if (asset == address(0) || feed == address(0)) revert ZeroAddress();
        address[] storage feeds = _feeds[asset];
        if (feeds.length >= MAX_FEEDS) revert TooManyFeeds(asset);
        for (uint256 i; i < feeds.length; ++i) {
            if (feeds[i] == feed) revert FeedAlreadyAdded(asset, feed);
        }
        if (feeds.length == 0) _assets.push(asset);
        feeds.push(feed);
        emit FeedAdded(asset, feed);
    }

    function removeFeed(address asset, address feed) external onlyManagement nonReentrant {
        address[] storage feeds = _feeds[asset];
        for (uint256 i; i < feeds.length; ++i) {
            if (feeds[i] == feed) {
                feeds[i] = feeds[feeds.length - 1];
                feeds.pop();
                emit FeedRemoved(asset, feed);
                return;
            }
        }
        revert FeedNotFound(asset, feed);
    }

    /// @notice Accepts a consensus the circuit breaker rejected (after management checked it is real).
    ///         Its PriceUpdated carries feedsUsed = 0, marking a price accepted by management.
    function acceptCandidate(address asset) external onlyManagement nonReentrant {
        AssetState storage s = assetState[asset];
        uint256 candidate = s.candidatePrice;
        if (candidate == 0) revert NoCandidate(asset);
        s.candidatePrice = 0;
        // The jump is a real move: record it as one return so σ reflects it.
        _vol[asset] = EwmaVolatility.observe(_vol[asset], s.lastGoodPrice, candidate, lambda);
        s.lastGoodPrice = candidate;
        s.lastFeedTime = block.timestamp;
        emit PriceUpdated(asset, candidate, block.timestamp, 0);
        _exitSafeMode(asset, candidate);
    }

    function update(address asset) public nonReentrant {
        _update(asset);
    }

    function updateAll() external nonReentrant {
        for (uint256 i; i < _assets.length; ++i) {
            _update(_assets[i]);
        }
    }

    // ---- views ----

    function priceOf(address asset) external view returns (uint256 price) {
        price = assetState[asset].lastGoodPrice;
        if (price == 0) revert NoPrice(asset);
    }

    function isHealthy(address asset) public view returns (bool) {
        AssetState storage s = assetState[asset];
        return s.safeReason == 0 && s.lastGoodPrice != 0 && block.timestamp <= s.lastFeedTime + stalenessSeconds;
    }

    function inSafeMode(address asset) external view returns (bool safe, uint8 reason) {
        reason = assetState[asset].safeReason;
        safe = reason != 0;
    }

    function volatilityOf(address asset) external view returns (uint256 sigma, uint256 samples) {
        EwmaVolatility.State memory v = _vol[asset];
        return (EwmaVolatility.sigma(v), v.samples);
    }

    function feedsOf(address asset) external view returns (address[] memory) {
        return _feeds[asset];
    }

    function getAssets() external view returns (address[] memory) {
        return _assets;
    }

    // ---- internals ----

    function _update(address asset) private {
        (uint8 failure, uint256 candidate, uint256 newest, uint256 agreeing) = _consensus(asset);
        if (failure != 0) return _enterSafeMode(asset, failure);
        AssetState storage s = assetState[asset];
        if (newest <= s.lastFeedTime) return; // no new round since the last accepted price
        uint256 last = s.lastGoodPrice;
        if (last != 0) {
            uint256 moveBps = candidate.diffBpsUp(last, last);
            if (moveBps > breakerBps) {
                if (s.safeReason != REASON_CIRCUIT_BREAKER || s.candidatePrice != candidate) {
                    s.candidatePrice = candidate;
                    emit CircuitBreakerTripped(asset, last, candidate, moveBps);
                }
                return _enterSafeMode(asset, REASON_CIRCUIT_BREAKER);
            }
            _vol[asset] = EwmaVolatility.observe(_vol[asset], last, candidate, lambda);
        }
        s.lastGoodPrice = candidate;
        s.lastFeedTime = newest;
        s.candidatePrice = 0;
        emit PriceUpdated(asset, candidate, newest, uint8(agreeing));
        _exitSafeMode(asset, candidate);
    }

    /// @dev Steps 1–2 of update: returns a safe-mode reason, or the candidate (median of the agreeing
    ///      fresh feeds), the newest agreeing feed time and how many feeds agreed.
    function _consensus(address asset)
        private
        view
        returns (uint8 failure, uint256 candidate, uint256 newest, uint256 agreeing)
    {
        (uint256[] memory prices, uint256[] memory times, uint256 fresh) = _freshPrices(asset);
        if (fresh < quorum) return (REASON_STALE, 0, 0, 0);
        _sortPaired(prices, times, fresh);
        uint256 median = _median(prices, 0, fresh);
        // Agreeing feeds form a contiguous run of the sorted list.
        uint256 lo = type(uint256).max;
        uint256 hi;
        for (uint256 i; i < fresh; ++i) {
            if (prices[i].diffBpsUp(median, median) <= maxDeviationBps) {
                if (lo == type(uint256).max) lo = i;
                hi = i + 1;
                if (times[i] > newest) newest = times[i];
            }
        }
        agreeing = lo == type(uint256).max ? 0 : hi - lo;
        if (agreeing < quorum) return (REASON_QUORUM_LOST, 0, 0, agreeing);
        candidate = _median(prices, lo, hi);
    }

    function _freshPrices(address asset)
        private
        view
        returns (uint256[] memory prices, uint256[] memory times, uint256 fresh)
    {
        address[] storage feeds = _feeds[asset];
        uint256 n = feeds.length;
        prices = new uint256[](n);
        times = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            IAggregatorV3 feed = IAggregatorV3(feeds[i]);
            (, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
            if (answer <= 0 || updatedAt > block.timestamp || block.timestamp - updatedAt > stalenessSeconds) continue;
            prices[fresh] = FixedPointMath.scaleToWad(uint256(answer), feed.decimals());
            times[fresh] = updatedAt;
            ++fresh;
        }
    }

    function _enterSafeMode(address asset, uint8 reason) private {
        AssetState storage s = assetState[asset];
        if (s.safeReason == reason) return;
        s.safeReason = reason;
        emit SafeModeEntered(asset, reason, s.lastGoodPrice);
    }

    function _exitSafeMode(address asset, uint256 price) private {
        AssetState storage s = assetState[asset];
        if (s.safeReason == 0) return;
        s.safeReason = 0;
        emit SafeModeExited(asset, price);
    }

    function _setConfig(uint256 staleness, uint8 quorum_, uint256 deviationBps, uint256 breakerBps_, uint256 lambda_)
        private
    {
        if (
            staleness == 0 || quorum_ == 0 || quorum_ > MAX_FEEDS || deviationBps > FixedPointMath.MAX_BPS
                || breakerBps_ == 0 || lambda_ >= FixedPointMath.WAD
        ) revert InvalidConfig();
        stalenessSeconds = staleness;
        quorum = quorum_;
        maxDeviationBps = deviationBps;
        breakerBps = breakerBps_;
        lambda = lambda_;
        emit ConfigSet(staleness, quorum_, deviationBps, breakerBps_, lambda_);
    }

    /// @dev Insertion sort of the first n prices (n ≤ MAX_FEEDS), carrying their timestamps along.
    function _sortPaired(uint256[] memory prices, uint256[] memory times, uint256 n) private pure {
        for (uint256 i = 1; i < n; ++i) {
            uint256 p = prices[i];
            uint256 t = times[i];
            uint256 j = i;
            while (j > 0 && prices[j - 1] > p) {
                prices[j] = prices[j - 1];
                times[j] = times[j - 1];
                --j;
            }
            prices[j] = p;
            times[j] = t;
        }
    }

    /// @dev Median of sorted prices[lo, hi); the mean of the two middle ones when even, rounded down.
    function _median(uint256[] memory prices, uint256 lo, uint256 hi) private pure returns (uint256) {
        uint256 len = hi - lo;
        uint256 mid = lo + len / 2;
        if (len % 2 == 1) return prices[mid];
        return (prices[mid - 1] + prices[mid]) / 2;
    }
}
