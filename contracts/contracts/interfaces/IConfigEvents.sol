// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The configuration events of the modules and the vault's ownership events, one interface per
///         contract (and per subgraph data source): the contracts inherit them, so the declarations here are the
///         ones emitted and the subgraph's ABIs (compiled from these files alone) cannot drift from them.
///         The Rebalancer's configuration structs are declared here too, as its events carry them.
interface IVaultConfigEvents {
    event OwnershipTransferStarted(address indexed current, address indexed pending);
    event OwnershipTransferred(address indexed previous, address indexed current);
}

interface IOracleConfigEvents {
    /// @notice The hub's parameters changed (a state change outside any one asset's price).
    event ConfigSet(uint256 stalenessSeconds, uint8 quorum, uint256 maxDeviationBps, uint256 breakerBps, uint256 lambda);
    /// @notice `feed` of `asset` is fresh for `heartbeat` seconds after its round (0 = stalenessSeconds).
    event FeedHeartbeatSet(address indexed asset, address indexed feed, uint256 heartbeat);
    event SampleIntervalSet(uint256 interval);
    /// @notice The L2 sequencer-uptime feed (address(0) = none) and the grace period after a restart.
    event SequencerUptimeFeedSet(address feed, uint256 gracePeriod);
}

interface IRebalancerConfigEvents {
    struct TradeConfig {
        uint256 driftThresholdBps;
        uint256 maxSlippageBps;
        uint256 cooldown;
        uint256 maxBaseFee;
        uint256 minTradeUsd;
        uint24 feeTier;
        uint256 maxLockout;
    }

    struct RiskConfig {
        uint256 minSamples;
        uint256 fallbackSigma;
        uint256 minSigma;
        uint256 maxSigma;
        uint256 riskOffSigma;
        uint256 baseStableShare;
        uint256 riskOffStableShare;
        uint256 weightsInterval;
    }

    /// @dev The same fields as VenueGuard.Config (the rebalancer converts when it emits VenueConfigSet).
    struct VenueConfig {
        uint256 maxDeviationBps;
        uint32 twapWindow;
        uint256 maxDepthShareBps;
    }

    event TradeConfigSet(TradeConfig config);
    event RiskConfigSet(RiskConfig config);
    event VenueConfigSet(VenueConfig config);
    event RouterSet(address router);
    event SubstituteSet(address indexed asset, address substitute);
    event FeeTierSet(address indexed asset, uint24 feeTier);
}

interface IHarvesterConfigEvents {
    event ConfigSet(uint256 compoundBps, uint256 minHarvestUsd);
}

interface IHedgerConfigEvents {
    event ConfigSet(uint256 bandBps, uint256 marginBps);
    /// @notice The hedge decision's horizon (seconds) and relative risk aversion k (WAD).
    event CostConfigSet(uint256 horizon, uint256 riskAversion);
}

interface ILiquidityManagerConfigEvents {
    /// @notice The range rule: half-width k·σ·√h in log price (`k` WAD, `horizonRounds` h oracle rounds), σ
    ///         clamped to [minSigma, maxSigma]; re-range inside the range when the price is within
    ///         `thresholdBps` of the half-width from an edge.
    struct RangeConfig {
        uint256 k;
        uint256 horizonRounds;
        uint256 thresholdBps;
        uint256 minSigma;
        uint256 maxSigma;
    }

    /// @notice The cost side and the guards: fees are expected over `feeHorizon` seconds; a re-range costs
    ///         `rerangeGas` gas at the block's base fee plus its swap; fees are collected at most every
    ///         `collectInterval` seconds; spot and `twapWindow`-second TWAP ticks must be within
    ///         `maxDeviationTicks` of the oracle's tick; a ratio swap fills at least the oracle's price less
    ///         the pool fee and `maxSlippageBps`.
    struct CostConfig {
        uint256 feeHorizon;
        uint256 rerangeGas;
        uint256 collectInterval;
        uint32 twapWindow;
        uint256 maxDeviationTicks;
        uint256 maxSlippageBps;
    }

    event RangeConfigSet(RangeConfig config);
    event CostConfigSet(CostConfig config);
}
