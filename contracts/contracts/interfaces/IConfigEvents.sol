// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The configuration events of the modules and the vault's ownership events, for the subgraph's ABIs
///         (the contracts declare their own; test/subgraph-events.spec.ts checks that every signature the
///         subgraph handles is one a compiled contract has). One interface per data source.
interface IVaultConfigEvents {
    event OwnershipTransferStarted(address indexed current, address indexed pending);
    event OwnershipTransferred(address indexed previous, address indexed current);
}

interface IOracleConfigEvents {
    event ConfigSet(uint256 stalenessSeconds, uint8 quorum, uint256 maxDeviationBps, uint256 breakerBps, uint256 lambda);
    event FeedHeartbeatSet(address indexed asset, address indexed feed, uint256 heartbeat);
    event SampleIntervalSet(uint256 interval);
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
}
