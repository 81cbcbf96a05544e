/** The ledger model the engine consumes, and what it produces. */

export type AcquisitionKind = "buy" | "income" | "deposit";
export type DisposalKind = "sell" | "swap" | "harvest";
/**
 * A transfer moves units between two wallets of the same taxpayer: not a disposal and not an
 * acquisition. Under per-wallet lots it relieves lots in `wallet` by the method and re-opens them in
 * `toWallet` with their basis, acquisition dates and holding-period start; under universal pooling it
 * moves nothing.
 */
export type TransferKind = "transfer";
/**
 * A bridge moves units of the taxpayer's own from a wallet on one chain to a wallet on another (the token
 * locked or burned on one side, released or minted on the other). Before the pass the engine expands it
 * (bridges.ts): the units the bridge kept as its fee are a sale at fair market value; the units received
 * are a transfer carrying basis and holding period (the default bridged-token rule) or, under the
 * "disposal" rule, a sale at fair market value and a new acquisition on the destination chain.
 */
export type BridgeKind = "bridge";
export type EventKind = AcquisitionKind | DisposalKind | TransferKind | BridgeKind;

export const ACQUISITION_KINDS: ReadonlySet<EventKind> = new Set<EventKind>(["buy", "income", "deposit"]);

/** Where an event came from on chain: the transaction hash and, when known, the log index. */
export interface TxRef {
  /** the reference as given, e.g. "0xabc…:7" */
  raw: string;
  hash: string;
  logIndex?: number;
}

/**
 * Both legs of a bridge move: the source chain, wallet and transaction (lock or burn) and the destination
 * chain, wallet and transaction (release or mint), so the audit trail links one to the other.
 */
export interface BridgeLink {
  fromChain: number;
  fromWallet: string;
  tx: TxRef;
  toChain: number;
  toWallet: string;
  toTx: TxRef;
  /** the bridge's message id (LayerZero's guid, in OFTSent on one chain and OFTReceived on the other), when given */
  message?: string;
  /** epoch ms of the source leg */
  time: number;
}

/**
 * How a bridge's received units are treated (the token on the other chain is a different contract: locked
 * and minted, or burned and released). The IRS is silent on bridges (../shared/docs/TAX-RULES.md):
 * - "transfer" (default): the same asset, moved between the taxpayer's own wallets, basis and holding
 *   period carried lot by lot;
 * - "disposal": a sale at fair market value on the source chain and a new acquisition at that value on the
 *   destination chain (holding period restarts).
 */
export type BridgedTokenRule = "transfer" | "disposal";
export const BRIDGED_TOKEN_RULES: readonly BridgedTokenRule[] = ["transfer", "disposal"];

/** Where an event came from in an input file (for error messages and the audit trail). */
export interface SourceRef {
  file: string;
  line: number;
}

/**
 * One ledger event, normalized. Money is bigint 1e-12 USD, quantities bigint 1e-18 (see fixed.ts).
 * A swap of A for B is two events: a `swap` disposal of A (value = FMV of B received) and a `buy` of B.
 */
export interface LedgerEvent {
  kind: EventKind;
  /** the chain id of `wallet` (absent: the home chain, chains.ts); a wallet is the pair (chain, address) */
  chain?: number;
  wallet: string;
  asset: string;
  /** epoch milliseconds, UTC */
  time: number;
  quantity: bigint;
  /** quantity × USD unit price (fair market value) */
  value: bigint;
  /**
   * USD fee: added to basis on acquisitions, deducted from proceeds on disposals. Transfers take none
   * (a fee paid in the transferred token is a disposal of those units: record it as its own sale).
   */
  fee: bigint;
  tx: TxRef;
  /**
   * Acquisitions: the id the new lot gets (defaults to tx.raw).
   * Disposals and transfers: under specific identification, the lot id(s) to relieve, separated by ";".
   */
  lot?: string;
  /**
   * Disposals: the lots the sale's own transaction named (a LotIdentification of the indexed store), with
   * the quantity taken from each. Under specific identification they are relieved exactly; without them
   * the method's fallback applies.
   */
  identified?: LotIdentificationRef[];
  /** transfers and bridges: the wallet receiving the units (another wallet of the same taxpayer) */
  toWallet?: string;
  /** bridges: the chain id of `toWallet` (differs from `chain`); transfers stay on their chain */
  toChain?: number;
  /** bridges: the destination leg's transaction (release or mint), e.g. "0xdef…:5" */
  toTx?: TxRef;
  /** bridges: the units arriving on the destination (≤ quantity; the rest is the bridge's fee in the token) */
  received?: bigint;
  /** bridges: the message id both legs carry (LayerZero's guid), when known */
  message?: string;
  /** events expanded from a bridge (bridges.ts): both of its legs */
  bridge?: BridgeLink;
  /** deposits that carry basis (transfers in): the basis and original acquisition time */
  carriedBasis?: bigint;
  carriedAcquiredTime?: number;
  source?: SourceRef;
}

/** One lot a sale named at the time of the sale, where it was named, and how much of it the sale relieves. */
export interface LotIdentificationRef {
  lot: string;
  /** 1e-18 units */
  quantity: bigint;
  /** the identification's transaction and log */
  tx: TxRef;
}

/** A source of ledger events (a CSV file, the indexer's store, …), already in chronological order or not. */
export interface LedgerSource {
  describe(): string;
  read(): Promise<LedgerEvent[]>;
}

export type Method = "fifo" | "lifo" | "hifo" | "specific";

/**
 * How a wash-sale replacement's holding period includes the sold lot's (IRC §1223(3)); the IRS names
 * neither, cost-basis systems use both:
 * - "tacking": the replacement's date acquired moves back by the days the sold lot was held
 *   (replacement day − (sale day − sold lot's date acquired));
 * - "acquisition-date": the replacement takes the sold lot's date acquired (when earlier than its own).
 */
export type WashHoldingPeriod = "tacking" | "acquisition-date";
export const WASH_HOLDING_PERIODS: readonly WashHoldingPeriod[] = ["tacking", "acquisition-date"];
export const METHODS: readonly Method[] = ["fifo", "lifo", "hifo", "specific"];

export interface EngineOptions {
  method: Method;
  /** apply §1091 wash-sale rules (off by default) */
  washSales?: boolean;
  /** "wallet" (default, required from 2025) or "universal" pooling of lots across wallets */
  pooling?: "wallet" | "universal";
  /** how a wash-sale replacement's holding period includes the sold lot's (default "tacking") */
  washHoldingPeriod?: WashHoldingPeriod;
  /**
   * Specific identification: the order of the lots a sale relieves when it names none (default "fifo";
   * the indexed store's reports use "hifo": specific ID where the chain recorded a choice, HIFO otherwise)
   */
  specificFallback?: "fifo" | "hifo";
  /** report sales without enough basis as zero-basis rows instead of failing */
  allowMissingBasis?: boolean;
  /** how a bridge's received units are treated (default "transfer": basis carried) */
  bridgedTokens?: BridgedTokenRule;
  /** told about each zero-basis row (with allowMissingBasis) */
  onMissingBasis?: (row: DisposalRow) => void;
}

/** An open or closed tax lot. `remaining` and `basisRemaining` shrink as it is relieved. */
export interface Lot {
  id: string;
  /** the acquisition event's ordinal; split pieces of one acquisition share it */
  origin: number;
  /** ordering within an origin (split pieces) */
  sub: number;
  /** the chain id of `wallet` */
  chain: number;
  wallet: string;
  asset: string;
  kind: AcquisitionKind;
  acquiredTime: number;
  acquiredDay: number;
  /** the day the holding period is counted from as "date acquired" (earlier when tacked by a wash sale) */
  holdingPeriodStartDay: number;
  quantity: bigint;
  basis: bigint;
  remaining: bigint;
  basisRemaining: bigint;
  /** the wash-sale adjustment included in `basis` */
  washAdjustment: bigint;
  /** these units already served as replacement for a washed loss (one-bite rule) */
  replacementUsed: boolean;
  tx: TxRef;
  source?: SourceRef;
  /** ordering key for HIFO (unit cost at creation) */
  unitCost: number;
  /** set on a lot re-opened in another wallet by a transfer: the wallet it came from */
  transferredFrom?: string;
  /** the bridges these units crossed, in order (both legs each), or undefined */
  moves: readonly BridgeLink[] | undefined;
}

/** How much of one lot a disposal row relieved. */
export interface LotMatch {
  lotId: string | null;
  /** the acquisition ordinal of the matched lot (null for missing basis) */
  origin: number | null;
  /** the chain id of `wallet` */
  chain: number;
  wallet: string;
  quantity: bigint;
  costBasis: bigint;
  acquiredDay: number;
  holdingPeriodStartDay: number;
  tx: TxRef | null;
  source?: SourceRef;
  missingBasis: boolean;
  /** where the sale named this lot (specific identification recorded at the sale); absent when the method chose it */
  identifiedAt?: TxRef;
  /** the bridges the lot's units crossed before this sale (both legs each), or undefined */
  moves: readonly BridgeLink[] | undefined;
  /** this lot's share of the sale's proceeds */
  proceeds: bigint;
  /** wash-sale loss disallowed on this lot's part */
  adjustment: bigint;
  washReplacements: WashReplacement[];
}

/** Where a disallowed loss went. */
export interface WashReplacement {
  lotId: string;
  chain: number;
  wallet: string;
  quantity: bigint;
  disallowed: bigint;
  acquiredDay: number;
  tx: TxRef;
}

/**
 * One Form 8949 row: the part of a disposal whose lots share a holding-period start date (so one
 * date acquired and one term). Wash sales are applied lot by lot: only lots sold at a loss are washed.
 */
export interface DisposalRow {
  kind: DisposalKind;
  /** the chain id of `wallet` */
  chain: number;
  wallet: string;
  asset: string;
  quantity: bigint;
  acquiredDay: number;
  soldDay: number;
  proceeds: bigint;
  costBasis: bigint;
  /** disallowed wash-sale loss, positive; 0 when not washed */
  adjustment: bigint;
  term: "short" | "long";
  lots: LotMatch[];
  washReplacements: WashReplacement[];
  tx: TxRef;
  source?: SourceRef;
  missingBasis: boolean;
  /** a sale a bridge made (its fee in the token, or the units sent under the "disposal" rule): both legs */
  bridge?: BridgeLink;
  /** ordinal of the disposal event */
  eventIndex: number;
  /**
   * The Form 8949 money columns in cents, rounded once per row (see engine.ts, roundSaleRows):
   * gain = proceedsCents − costBasisCents + adjustmentCents; a fully washed row has gain exactly 0;
   * the rows of one sale add up to the sale's proceeds and basis rounded to cents.
   */
  proceedsCents: bigint;
  costBasisCents: bigint;
  adjustmentCents: bigint;
}

export interface IncomeRow {
  chain: number;
  wallet: string;
  asset: string;
  day: number;
  quantity: bigint;
  value: bigint;
  tx: TxRef;
  source?: SourceRef;
}

/**
 * A lot a sale named on chain that this computation had already relieved in part or whole (an earlier sale that
 * named no lots took it by the default order, which may differ from the order the identification was made
 * against, e.g. with and without the wash-sale rule): the units it no longer held went by the default order.
 */
export interface IdentificationShortfall {
  /** the sale's transaction and the identification's */
  tx: string;
  identificationTx: string;
  chain: number;
  wallet: string;
  asset: string;
  lot: string;
  /** named vs what the lot still held here, 1e-18 units */
  named: bigint;
  held: bigint;
}

export interface GainsResult {
  /** named lots this computation could not relieve in full (empty when every identification held) */
  identificationShortfalls?: IdentificationShortfall[];
  disposals: DisposalRow[];
  /** open lots after the last event */
  lots: Lot[];
  income: IncomeRow[];
  options: Required<Omit<EngineOptions, "onMissingBasis">>;
  /** the chain ids the ledger's events are on, ascending (reports show chains when there is more than one) */
  chains: number[];
}
