import { GraphQLClient, ClientError } from "graphql-request";
import type { EntityDef } from "../schema/entities";
import { MalformedResponseError, selection } from "./rows";

export const PAGE_SIZE = 1000;

export interface BlockRef {
  number: number;
  hash: string;
}

export interface Meta {
  block: BlockRef;
  hasIndexingErrors: boolean;
  deployment: string;
}

/** graph-node answered, but not with data we may sync from (errors, unhealthy, a GraphQL error). */
export class GraphNodeError extends Error {
  readonly exitCode = 5;
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "GraphNodeError";
  }
}

const META_QUERY = `{ _meta { block { number hash } hasIndexingErrors deployment } }`;
const NETWORK_QUERY = `query Network($deployment: String!) {
  indexingStatuses(subgraphs: [$deployment]) { chains { network } }
}`;
const BLOCK_HASH_QUERY = `query BlockHash($network: String!, $number: Int!) {
  blockHashFromNumber(network: $network, blockNumber: $number)
}`;

/** graph-node's index-node status API beside a subgraph URL: same host, port 8030. */
export function defaultStatusUrl(subgraphUrl: string): string {
  const u = new URL(subgraphUrl);
  return `${u.protocol}//${u.hostname}:8030/graphql`;
}

function blockOf(value: unknown, what: string): BlockRef {
  const block = value as { number?: unknown; hash?: unknown } | null;
  if (!block || typeof block.number !== "number" || typeof block.hash !== "string") {
    throw new MalformedResponseError(`${what}: _meta.block must have a number and a hash`);
  }
  return { number: block.number, hash: block.hash };
}

/**
 * The subgraph's GraphQL endpoint, and graph-node's index-node status API for the canonical block
 * hashes, with every failure classified as retryable or not.
 */
export class SubgraphClient {
  private readonly client: GraphQLClient;
  private readonly status: GraphQLClient;
  private readonly queries = new Map<string, string>();
  private network?: string;

  constructor(
    readonly url: string,
    readonly statusUrl = defaultStatusUrl(url),
  ) {
    this.client = new GraphQLClient(url);
    this.status = new GraphQLClient(statusUrl);
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}, client = this.client): Promise<T> {
    try {
      return await client.request<T>(query, variables);
    } catch (err) {
      throw classify(err, client === this.client ? this.url : this.statusUrl);
    }
  }

  /** The head as graph-node has indexed it. */
  async meta(): Promise<Meta> {
    const res = await this.request<{ _meta: unknown }>(META_QUERY);
    const meta = res._meta as { hasIndexingErrors?: unknown; deployment?: unknown; block?: unknown } | null;
    if (!meta || typeof meta.hasIndexingErrors !== "boolean" || typeof meta.deployment !== "string") {
      throw new MalformedResponseError(`${this.url}: _meta is missing or malformed`);
    }
    return { block: blockOf(meta.block, this.url), hasIndexingErrors: meta.hasIndexingErrors, deployment: meta.deployment };
  }

  /** The hash of the block at `number` on the chain as graph-node sees it now (null if it has none). */
  async blockHash(number: number): Promise<string | null> {
    const network = await this.networkName();
    const res = await this.request<{ blockHashFromNumber?: unknown }>(
      BLOCK_HASH_QUERY,
      { network, number },
      this.status,
    );
    const hash = res.blockHashFromNumber;
    if (hash === null || hash === undefined) return null;
    if (typeof hash !== "string") throw new MalformedResponseError(`${this.statusUrl}: blockHashFromNumber is not a hash`);
    return hash.startsWith("0x") ? hash : `0x${hash}`;
  }

  /** The graph network graph-node indexes the subgraph on (asked once). */
  async networkName(): Promise<string> {
    this.network ??= await this.networkOf((await this.meta()).deployment);
    return this.network;
  }

  private async networkOf(deployment: string): Promise<string> {
    const res = await this.request<{ indexingStatuses?: { chains?: { network?: unknown }[] }[] }>(
      NETWORK_QUERY,
      { deployment },
      this.status,
    );
    const network = res.indexingStatuses?.[0]?.chains?.[0]?.network;
    if (typeof network !== "string") {
      throw new MalformedResponseError(`${this.statusUrl}: no indexing status (network) for deployment ${deployment}`);
    }
    return network;
  }

  /** One page of an entity's rows changed at or after `since`, with ids after `lastId`, as of `block`. */
  async page(entity: EntityDef, block: number, since: number, lastId: string, pageSize = PAGE_SIZE): Promise<unknown> {
    const key = `${entity.name}/${pageSize}`;
    let query = this.queries.get(key);
    if (!query) {
      query = `query Page($block: Int!, $since: Int!, $lastId: ${idType(entity)}) {
  rows: ${entity.collection}(first: ${pageSize}, orderBy: id, orderDirection: asc, block: { number: $block },
    where: { id_gt: $lastId, _change_block: { number_gte: $since } }) { ${selection(entity)} }
}`;
      this.queries.set(key, query);
    }
    const res = await this.request<{ rows?: unknown }>(query, { block, since, lastId });
    return res.rows;
  }

  /**
   * The first page of several entities in one request: each entity's rows changed at or after `since`,
   * with ids after its own `after`, as of `block`. A sync that finds little or nothing new (a keeper pass,
   * a resumed store) then costs one round trip instead of one per entity type. Returns each entity's
   * rows, by entity name.
   */
  async firstPages(
    wanted: { entity: EntityDef; after: string }[],
    block: number,
    since: number,
    pageSize = PAGE_SIZE,
  ): Promise<Map<string, unknown>> {
    if (wanted.length === 0) return new Map();
    const variables: Record<string, unknown> = { block, since };
    const declared = ["$block: Int!", "$since: Int!"];
    const fields = wanted.map(({ entity, after }, i) => {
      variables[`after${i}`] = after;
      declared.push(`$after${i}: ${idType(entity)}`);
      return `${pageAlias(i)}: ${entity.collection}(first: ${pageSize}, orderBy: id, orderDirection: asc, block: { number: $block },
    where: { id_gt: $after${i}, _change_block: { number_gte: $since } }) { ${selection(entity)} }`;
    });
    const query = `query FirstPages(${declared.join(", ")}) {\n  ${fields.join("\n  ")}\n}`;
    const res = await this.request<Record<string, unknown>>(query, variables);
    return new Map(wanted.map(({ entity }, i) => [entity.name, res[pageAlias(i)]]));
  }

  /** The current versions of the given ids, as of `block` (ids missing there are absent). */
  async byIds(entity: EntityDef, block: number, ids: string[]): Promise<unknown> {
    const query = `query ByIds($block: Int!, $ids: [${idType(entity).replace("!", "")}!]!) {
  rows: ${entity.collection}(first: ${PAGE_SIZE}, orderBy: id, orderDirection: asc, block: { number: $block },
    where: { id_in: $ids }) { ${selection(entity)} }
}`;
    const res = await this.request<{ rows?: unknown }>(query, { block, ids });
    return res.rows;
  }
}

/** The alias of the i-th entity's page in a batched request (`rows…`, as a single page's field is `rows`). */
const pageAlias = (i: number) => `rows${i}`;

function idType(entity: EntityDef): string {
  const id = entity.fields.find((f) => f.name === "id");
  return id?.scalar === "Bytes" ? "Bytes!" : "ID!";
}

function classify(err: unknown, url: string): Error {
  if (err instanceof ClientError) {
    const status = err.response.status;
    const messages = (err.response.errors ?? []).map((e) => e.message).join("; ");
    // graph-node answers with errors while a block is not yet indexed, during a reorg, and while it
    // (re)deploys the subgraph after a restart; those pass. A wrong name stays "does not exist" and
    // the retries give up, naming it.
    const retryable =
      status >= 500 || /not yet|has only indexed|reorg|behind|unavailable|not started syncing|does not exist/i.test(messages);
    return new GraphNodeError(`${url} answered ${status}: ${messages || "no message"}`, retryable);
  }
  const code = (err as { cause?: { code?: string }; code?: string })?.cause?.code ?? (err as { code?: string })?.code;
  if (err instanceof TypeError || code) {
    return new GraphNodeError(`graph-node is unreachable at ${url} (${code ?? (err as Error).message})`, true);
  }
  return err instanceof Error ? err : new Error(String(err));
}
