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

const META_QUERY = `query Meta($block: Block_height) {
  _meta(block: $block) { block { number hash } hasIndexingErrors deployment }
}`;

function blockOf(value: unknown, what: string): BlockRef {
  const block = value as { number?: unknown; hash?: unknown } | null;
  if (!block || typeof block.number !== "number" || typeof block.hash !== "string") {
    throw new MalformedResponseError(`${what}: _meta.block must have a number and a hash`);
  }
  return { number: block.number, hash: block.hash };
}

/** The subgraph's GraphQL endpoint, with every failure classified as retryable or not. */
export class SubgraphClient {
  private readonly client: GraphQLClient;
  private readonly queries = new Map<string, string>();

  constructor(readonly url: string) {
    this.client = new GraphQLClient(url);
  }

  async request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.client.request<T>(query, variables);
    } catch (err) {
      throw classify(err, this.url);
    }
  }

  /** The head (or, with `at`, a given block) as graph-node has indexed it. */
  async meta(at?: number): Promise<Meta> {
    const res = await this.request<{ _meta: unknown }>(META_QUERY, { block: at === undefined ? null : { number: at } });
    const meta = res._meta as { hasIndexingErrors?: unknown; deployment?: unknown; block?: unknown } | null;
    if (!meta || typeof meta.hasIndexingErrors !== "boolean" || typeof meta.deployment !== "string") {
      throw new MalformedResponseError(`${this.url}: _meta is missing or malformed`);
    }
    return { block: blockOf(meta.block, this.url), hasIndexingErrors: meta.hasIndexingErrors, deployment: meta.deployment };
  }

  /** One page of an entity's rows changed at or after `since`, with ids after `lastId`, as of `block`. */
  async page(entity: EntityDef, block: number, since: number, lastId: string): Promise<unknown> {
    let query = this.queries.get(entity.name);
    if (!query) {
      query = `query Page($block: Int!, $since: Int!, $lastId: ${idType(entity)}) {
  rows: ${entity.collection}(first: ${PAGE_SIZE}, orderBy: id, orderDirection: asc, block: { number: $block },
    where: { id_gt: $lastId, _change_block: { number_gte: $since } }) { ${selection(entity)} }
}`;
      this.queries.set(entity.name, query);
    }
    const res = await this.request<{ rows?: unknown }>(query, { block, since, lastId });
    return res.rows;
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

function idType(entity: EntityDef): string {
  const id = entity.fields.find((f) => f.name === "id");
  return id?.scalar === "Bytes" ? "Bytes!" : "ID!";
}

function classify(err: unknown, url: string): Error {
  if (err instanceof ClientError) {
    const status = err.response.status;
    const messages = (err.response.errors ?? []).map((e) => e.message).join("; ");
    // graph-node answers 200 with errors while a block is not yet indexed or during a reorg.
    const retryable = status >= 500 || /not yet|has only indexed|reorg|behind|unavailable/i.test(messages);
    return new GraphNodeError(`${url} answered ${status}: ${messages || "no message"}`, retryable);
  }
  const code = (err as { cause?: { code?: string }; code?: string })?.cause?.code ?? (err as { code?: string })?.code;
  if (err instanceof TypeError || code) {
    return new GraphNodeError(`graph-node is unreachable at ${url} (${code ?? (err as Error).message})`, true);
  }
  return err instanceof Error ? err : new Error(String(err));
}
