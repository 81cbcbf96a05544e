// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ManagedUpgradeable} from "../access/ManagedUpgradeable.sol";
import {IOracleEvents} from "../interfaces/IOracleEvents.sol";
import {IOracleConfigEvents} from "../interfaces/IConfigEvents.sol";
import {IOracleHub} from "../interfaces/IOracleHub.sol";
import {IAggregatorV3} from "./IAggregatorV3.sol";
import {FixedPointMath} from "../libraries/FixedPointMath.sol";
import {EwmaVolatility} from "../libraries/EwmaVolatility.sol";

/// @title OracleHub
/// @notice Consensus prices from several AggregatorV3 feeds per asset.
///
///         update(asset), callable by anyone, reads every feed and:
///         1. keeps the fresh ones (answer > 0, updatedAt not in the future and within the feed's heartbeat,
///            `stalenessSeconds` unless setFeedHeartbeat gave it its own); a feed that reverts counts as
///            stale, so one broken feed never stops the others. Fewer than `quorum` → safe mode, reason 1;
///         2. takes their median and keeps the feeds within `maxDeviationBps` of it; fewer than `quorum`
///            → safe mode, reason 2 (quorum lost). A single manipulated feed is dropped here;
///         3. the candidate is the median of the agreeing feeds; if it moved more than `breakerBps` from
///            the last good price → CircuitBreakerTripped and safe mode, reason 3, until a new candidate is
///            back within the bound or management calls acceptCandidate;
///         4. otherwise it becomes the last good price (PriceUpdated) and ends safe mode (SafeModeExited).
///         A round only counts when the newest agreeing feed has posted since the last accepted price.
///
///         Volatility is sampled on a time grid: an accepted price becomes a sample only when at least
///         `sampleInterval` seconds passed since the previous sample, and its return is normalised by the
///         time elapsed (see EwmaVolatility), so σ is per interval whoever calls update() and however often
///         the feeds post.
///
///         Paused (guardian or management): no update is taken and every asset reads unhealthy, which halts
///         the modules; priceOf still answers the last good price for NAV. An optional L2 sequencer-uptime
///         feed (answer 0 = up) makes every asset unhealthy while the sequencer is down and for a grace
///         period after it comes back.
///
///         Safe mode: priceOf still returns the last good price, isHealthy is false.
///         - Rebalancer: halted (no weights update, no rebalance, no loss harvest) while any asset is unhealthy.
///         - Harvester: keeps harvesting; income is valued at the last good price (claiming yield trades nothing).
///         - Hedger: adjustments are skipped for an unhealthy asset; the open hedge stays and keeps accruing
///           funding, which is the safer choice than trading on a price nobody agrees on.
contract OracleHub is ManagedUpgradeable, IOracleHub, IOracleEvents, IOracleConfigEvents {
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
    error CandidateStale(address asset, uint256 candidateTime);
    error QuorumAboveFeedCount(address asset, uint256 feeds, uint8 quorum);

    uint256 public constant MAX_STALENESS = 7 days;
    uint256 public constant MIN_HEARTBEAT = 1 minutes;
    uint256 public constant MAX_HEARTBEAT = 2 days;
    uint256 public constant MIN_SAMPLE_INTERVAL = 1 minutes;
    uint256 public constant MAX_SAMPLE_INTERVAL = 30 days;
    uint256 public constant MAX_SEQUENCER_GRACE = 1 days;
    uint256 private constant MIN_LAMBDA = 0.5e18;

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

    /// @notice Per-feed heartbeat in seconds; 0 = stalenessSeconds.
    mapping(address => uint256) public feedHeartbeat;
    /// @dev Largest explicit heartbeat among an asset's feeds (0 = none): how long its price stays healthy.
    mapping(address => uint256) private _maxHeartbeat;
    /// @notice Newest feed time of the circuit-breaker candidate awaiting acceptCandidate.
    mapping(address => uint256) public candidateTime;
    /// @notice The last volatility sample of each asset (price, block time).
    mapping(address => Sample) public lastSample;
    /// @notice Seconds between volatility samples (at most one sample per interval).
    uint256 public sampleInterval;
    /// @notice Chainlink L2 sequencer-uptime feed (answer 0 = up); address(0) = not on such an L2.
    address public sequencerUptimeFeed;
    uint256 public sequencerGracePeriod;

    struct Sample {
        uint256 price;
        uint256 time;
    }

    uint256[36] private __gap;

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
        _setSampleInterval(1 days);
    }

    function setSampleInterval(uint256 interval) external onlyManagement nonReentrant {
        _setSampleInterval(interval);
    }

    /// @notice Gives `feed` of `asset` its own heartbeat (e.g. 24 h for a stablecoin feed that only posts on
    ///         deviation); 0 returns it to stalenessSeconds.
    function setFeedHeartbeat(address asset, address feed, uint256 heartbeat) external onlyManagement nonReentrant {
        if (heartbeat != 0 && (heartbeat < MIN_HEARTBEAT || heartbeat > MAX_HEARTBEAT)) revert InvalidConfig();
        _requireFeed(asset, feed);
        feedHeartbeat[feed] = heartbeat;
        _refreshMaxHeartbeat(asset);
        emit FeedHeartbeatSet(asset, feed, heartbeat);
    }

    /// @notice On an L2, the sequencer-uptime feed whose downtime (and `gracePeriod` after it) makes every
    ///         asset unhealthy; address(0) turns the check off.
    function setSequencerUptimeFeed(address feed, uint256 gracePeriod) external onlyManagement nonReentrant {
        if (gracePeriod > MAX_SEQUENCER_GRACE || (feed == address(0) && gracePeriod != 0)) revert InvalidConfig();
        sequencerUptimeFeed = feed;
        sequencerGracePeriod = gracePeriod;
        emit SequencerUptimeFeedSet(feed, gracePeriod);
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

    /// @notice Removes a feed; refused when fewer than `quorum` feeds would remain.
    function removeFeed(address asset, address feed) external onlyManagement nonReentrant {
        address[] storage feeds = _feeds[asset];
        uint256 i = _requireFeed(asset, feed);
        if (feeds.length - 1 < quorum) revert QuorumAboveFeedCount(asset, feeds.length - 1, quorum);
        feeds[i] = feeds[feeds.length - 1];
        feeds.pop();
        delete feedHeartbeat[feed];
        _refreshMaxHeartbeat(asset);
        emit FeedRemoved(asset, feed);
    }

    /// @notice Accepts a consensus the circuit breaker rejected (after management checked it is real), while
    ///         its feeds' rounds are still within the staleness window; the asset stays healthy only as long
    ///         as those rounds are fresh. Its PriceUpdated carries feedsUsed = 0, marking a price accepted by
    ///         management.
    function acceptCandidate(address asset) external onlyManagement nonReentrant {
        AssetState storage s = assetState[asset];
        uint256 candidate = s.candidatePrice;
        if (candidate == 0) revert NoCandidate(asset);
        uint256 t = candidateTime[asset];
        if (block.timestamp > t + _healthWindow(asset)) revert CandidateStale(asset, t);
        s.candidatePrice = 0;
        s.lastGoodPrice = candidate;
        s.lastFeedTime = t;
        _sample(asset, candidate);
        emit PriceUpdated(asset, candidate, t, 0);
        _exitSafeMode(asset, candidate);
    }

    function update(address asset) public whenNotPaused nonReentrant {
        _update(asset);
    }

    function updateAll() external whenNotPaused nonReentrant {
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
        return s.safeReason == 0 && s.lastGoodPrice != 0 && block.timestamp <= s.lastFeedTime + _healthWindow(asset)
            && !paused() && _sequencerUp();
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
                candidateTime[asset] = newest;
                if (s.safeReason != REASON_CIRCUIT_BREAKER || s.candidatePrice != candidate) {
                    s.candidatePrice = candidate;
                    emit CircuitBreakerTripped(asset, last, candidate, moveBps);
                }
                return _enterSafeMode(asset, REASON_CIRCUIT_BREAKER);
            }
        }
        s.lastGoodPrice = candidate;
        s.lastFeedTime = newest;
        s.candidatePrice = 0;
        _sample(asset, candidate);
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
            (bool ok, uint256 price, uint256 updatedAt) = _readFeed(feeds[i]);
            if (!ok) continue;
            prices[fresh] = price;
            times[fresh] = updatedAt;
            ++fresh;
        }
    }

    /// @dev One feed's answer in WAD, or ok = false when it reverts, answers ≤ 0 or absurdly large, is dated
    ///      in the future or is older than its heartbeat: all of them count as a stale feed.
    function _readFeed(address feed) private view returns (bool ok, uint256 price, uint256 updatedAt) {
        uint8 dec;
        try IAggregatorV3(feed).decimals() returns (uint8 d) {
            dec = d;
        } catch {
            return (false, 0, 0);
        }
        int256 answer;
        try IAggregatorV3(feed).latestRoundData() returns (uint80, int256 a, uint256, uint256 t, uint80) {
            (answer, updatedAt) = (a, t);
        } catch {
            return (false, 0, 0);
        }
        uint256 heartbeat = feedHeartbeat[feed];
        if (heartbeat == 0) heartbeat = stalenessSeconds;
        if (
            answer <= 0 || uint256(answer) > type(uint128).max || dec > 36 || updatedAt > block.timestamp
                || block.timestamp - updatedAt > heartbeat
        ) return (false, 0, 0);
        return (true, FixedPointMath.scaleToWad(uint256(answer), dec), updatedAt);
    }

    /// @dev Takes `price` as a volatility sample when a sampling interval has passed since the last one.
    function _sample(address asset, uint256 price) private {
        Sample storage last = lastSample[asset];
        if (last.time != 0) {
            uint256 elapsed = block.timestamp - last.time;
            if (elapsed < sampleInterval) return;
            _vol[asset] = EwmaVolatility.observe(_vol[asset], last.price, price, elapsed, sampleInterval, lambda);
        }
        last.price = price;
        last.time = block.timestamp;
    }

    /// @dev How long after its newest round an asset's price stays healthy.
    function _healthWindow(address asset) private view returns (uint256) {
        uint256 m = _maxHeartbeat[asset];
        return m > stalenessSeconds ? m : stalenessSeconds;
    }

    function _refreshMaxHeartbeat(address asset) private {
        address[] storage feeds = _feeds[asset];
        uint256 m;
        for (uint256 i; i < feeds.length; ++i) {
            uint256 h = feedHeartbeat[feeds[i]];
            if (h > m) m = h;
        }
        _maxHeartbeat[asset] = m;
    }

    /// @dev True when no sequencer feed is set, or it reports up (answer 0) for longer than the grace period.
    function _sequencerUp() private view returns (bool) {
        address feed = sequencerUptimeFeed;
        if (feed == address(0)) return true;
        try IAggregatorV3(feed).latestRoundData() returns (uint80, int256 answer, uint256 startedAt, uint256, uint80) {
            return answer == 0 && startedAt != 0 && block.timestamp > startedAt + sequencerGracePeriod;
        } catch {
            return false;
        }
    }

    function _requireFeed(address asset, address feed) private view returns (uint256) {
        address[] storage feeds = _feeds[asset];
        for (uint256 i; i < feeds.length; ++i) {
            if (feeds[i] == feed) return i;
        }
        revert FeedNotFound(asset, feed);
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
            staleness == 0 || staleness > MAX_STALENESS || quorum_ == 0 || quorum_ > MAX_FEEDS || deviationBps == 0
                || deviationBps >= breakerBps_ || breakerBps_ > FixedPointMath.MAX_BPS || lambda_ < MIN_LAMBDA
                || lambda_ >= FixedPointMath.WAD
        ) revert InvalidConfig();
        for (uint256 i; i < _assets.length; ++i) {
            uint256 n = _feeds[_assets[i]].length;
            if (n != 0 && n < quorum_) revert QuorumAboveFeedCount(_assets[i], n, quorum_);
        }
        stalenessSeconds = staleness;
        quorum = quorum_;
        maxDeviationBps = deviationBps;
        breakerBps = breakerBps_;
        lambda = lambda_;
        emit ConfigSet(staleness, quorum_, deviationBps, breakerBps_, lambda_);
    }

    function _setSampleInterval(uint256 interval) private {
        if (interval < MIN_SAMPLE_INTERVAL || interval > MAX_SAMPLE_INTERVAL) revert InvalidConfig();
        sampleInterval = interval;
        emit SampleIntervalSet(interval);
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
