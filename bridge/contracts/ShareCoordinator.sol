// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { OApp, Origin, MessagingFee, MessagingReceipt } from "@layerzerolabs/oapp-evm/contracts/oapp/OApp.sol";
import { OAppOptionsType3 } from "@layerzerolabs/oapp-evm/contracts/oapp/libs/OAppOptionsType3.sol";

/// @title ShareCoordinator
/// @notice The per-chain target shares of the cross-chain portfolio (bps of its total value, summing to
///         10,000, keyed by LayerZero endpoint id). On the home chain (`homeEid`) its owner — the home
///         timelock — sets them; anyone may pay to relay the current set to a peer coordinator on another
///         chain as a LayerZero message. A remote coordinator applies a set only from its verified home peer
///         (OApp: the endpoint, then the peer) and only when newer than the set it holds, so a replayed or
///         late message never rolls the shares back.
///
///         Entry points — who, when, bound:
///         - `setShares`: owner, on the home chain only; 1–`MAX_CHAINS` distinct non-zero eids, bps summing to 10,000.
///         - `relay`: anyone, on the home chain only, once shares are set; pays exactly the quoted native fee;
///           the message carries the stored set (the caller chooses only the destination, which must be a peer).
///         - `lzReceive`: the endpoint only, from the home peer only (OApp), not on the home chain.
///         - `setPeer`, `setEnforcedOptions`, `setDelegate`: owner (OApp).
contract ShareCoordinator is OApp, OAppOptionsType3 {
    uint16 public constant MSG_SHARES = 1;
    uint16 public constant MAX_BPS = 10_000;
    uint256 public constant MAX_CHAINS = 8;

    /// @notice The endpoint id of the chain whose governance sets the shares.
    uint32 public immutable homeEid;

    /// @notice The set held here: on home the last set by governance, elsewhere the last applied.
    uint64 public version;
    uint32[] private _eids;
    uint16[] private _bps;
    /// @notice Unix time the held set was set (home) or applied (remote).
    uint256 public updatedAt;

    event SharesSet(uint64 indexed version, uint32[] eids, uint16[] bps);
    event SharesRelayed(bytes32 indexed guid, uint32 indexed dstEid, uint64 indexed version, uint256 nativeFee);
    event SharesApplied(bytes32 indexed guid, uint64 indexed version, uint32[] eids, uint16[] bps);
    event StaleSharesIgnored(bytes32 indexed guid, uint64 version, uint64 held);

    error NotHome(uint32 eid);
    error OnlyRemote();
    error InvalidShares();
    error NothingToRelay();
    error NoEnforcedOptions(uint32 dstEid);

    constructor(address endpoint, address owner_, uint32 homeEid_) OApp(endpoint, owner_) Ownable(owner_) {
        if (homeEid_ == 0) revert InvalidShares();
        homeEid = homeEid_;
    }

    // ---- home chain ----

    /// @notice Governance's new target shares; `bps[i]` is chain `eids[i]`'s share of the portfolio.
    function setShares(uint32[] calldata eids, uint16[] calldata bps) external onlyOwner {
        _onlyHome();
        _check(eids, bps);
        _store(eids, bps);
        emit SharesSet(version + 1, eids, bps);
        ++version;
    }

    /// @notice The native fee `relay(dstEid)` must carry.
    function quoteRelay(uint32 dstEid) external view returns (uint256 nativeFee) {
        return _quote(dstEid, _message(), _options(dstEid), false).nativeFee;
    }

    /// @notice Sends the current shares to the peer coordinator on `dstEid`; the caller pays the exact fee.
    function relay(uint32 dstEid) external payable returns (bytes32 guid) {
        _onlyHome();
        if (version == 0) revert NothingToRelay();
        MessagingReceipt memory r =
            _lzSend(dstEid, _message(), _options(dstEid), MessagingFee(msg.value, 0), payable(msg.sender));
        emit SharesRelayed(r.guid, dstEid, version, r.fee.nativeFee);
        return r.guid;
    }

    // ---- views ----

    function shares() external view returns (uint64, uint32[] memory, uint16[] memory) {
        return (version, _eids, _bps);
    }

    /// @notice The share (bps) of chain `eid` in the held set; 0 when it has none.
    function shareOf(uint32 eid) external view returns (uint16) {
        for (uint256 i; i < _eids.length; ++i) {
            if (_eids[i] == eid) return _bps[i];
        }
        return 0;
    }

    // ---- remote chain ----

    /// @dev OApp has already checked the caller is the endpoint and the sender the peer of `srcEid`.
    function _lzReceive(Origin calldata origin, bytes32 guid, bytes calldata message, address, bytes calldata)
        internal
        override
    {
        if (origin.srcEid != homeEid) revert NotHome(origin.srcEid);
        if (_isHome()) revert OnlyRemote();
        (uint64 v, uint32[] memory eids, uint16[] memory bps) = abi.decode(message, (uint64, uint32[], uint16[]));
        if (v <= version) {
            emit StaleSharesIgnored(guid, v, version);
            return;
        }
        _check(eids, bps);
        _store(eids, bps);
        version = v;
        emit SharesApplied(guid, v, eids, bps);
    }

    // ---- internal ----

    function _isHome() private view returns (bool) {
        return endpoint.eid() == homeEid;
    }

    function _onlyHome() private view {
        if (!_isHome()) revert NotHome(endpoint.eid());
    }

    function _message() private view returns (bytes memory) {
        return abi.encode(version, _eids, _bps);
    }

    /// @dev The enforced options for the shares message (its lzReceive gas); a path without them is refused.
    function _options(uint32 dstEid) private view returns (bytes memory options) {
        options = enforcedOptions[dstEid][MSG_SHARES];
        if (options.length == 0) revert NoEnforcedOptions(dstEid);
    }

    function _store(uint32[] memory eids, uint16[] memory bps) private {
        _eids = eids;
        _bps = bps;
        updatedAt = block.timestamp;
    }

    function _check(uint32[] memory eids, uint16[] memory bps) private pure {
        uint256 n = eids.length;
        if (n == 0 || n > MAX_CHAINS || bps.length != n) revert InvalidShares();
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            if (eids[i] == 0) revert InvalidShares();
            for (uint256 j; j < i; ++j) {
                if (eids[j] == eids[i]) revert InvalidShares();
            }
            sum += bps[i];
        }
        if (sum != MAX_BPS) revert InvalidShares();
    }
}
