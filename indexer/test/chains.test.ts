import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSubgraphFlag, sourcesOf } from "../src/commands";
import { parseChainId } from "../src/sync/chains";

test("--subgraph <chainId>=<url>[,<statusUrl>] names one chain's subgraph", () => {
  const home = parseSubgraphFlag("31337=http://127.0.0.1:8000/subgraphs/name/lotgraph");
  assert.equal(home.chain, 31337);
  assert.equal(home.client.url, "http://127.0.0.1:8000/subgraphs/name/lotgraph");
  assert.equal(home.client.statusUrl, "http://127.0.0.1:8030/graphql", "the status API defaults to the subgraph's host, port 8030");
  const l2 = parseSubgraphFlag("412346=http://127.0.0.1:9000/subgraphs/name/lotgraph,http://127.0.0.1:9030/graphql");
  assert.deepEqual([l2.chain, l2.client.url, l2.client.statusUrl], [412346, "http://127.0.0.1:9000/subgraphs/name/lotgraph", "http://127.0.0.1:9030/graphql"]);
});

test("bad --subgraph, --chain and flag mixes are refused naming the input", () => {
  const usage = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (err: Error & { exitCode?: number }) => err.exitCode === 2 && pattern.test(err.message));
  usage(() => parseSubgraphFlag("http://x:8000/a"), /--subgraph http:\/\/x:8000\/a: expected <chainId>=<url>/);
  usage(() => parseSubgraphFlag("home=http://x:8000/a"), /--subgraph home=http:\/\/x:8000\/a: "home" is not a chain id/);
  usage(() => parseSubgraphFlag("0=http://x:8000/a"), /"0" is not a chain id/);
  usage(() => parseSubgraphFlag("1=not a url"), /"not a url" is not a URL/);
  usage(() => parseSubgraphFlag("1=http://x/a,http://x/b,http://x/c"), /expected <chainId>=<url>\[,<statusUrl>\]/);
  usage(() => sourcesOf({ subgraph: ["1=http://x/a"], url: "http://x/b" }), /--subgraph .* does not go with --url/);
  usage(() => sourcesOf({ chain: "1.5" }), /--chain: "1.5" is not a chain id/);
  assert.throws(() => parseChainId("99999999999999999", "--chain"), /not a chain id/);
});

test("without --subgraph: the one subgraph of --url (or the default), its chain from --chain or else graph-node", () => {
  const [one] = sourcesOf({});
  assert.equal(one.chain, undefined, "asked of graph-node at sync time");
  assert.equal(one.client.url, "http://127.0.0.1:8000/subgraphs/name/lotgraph");
  const [named] = sourcesOf({ url: "http://h:8000/subgraphs/name/x", chain: "412346" });
  assert.deepEqual([named.chain, named.client.url], [412346, "http://h:8000/subgraphs/name/x"]);
  assert.deepEqual(sourcesOf({ subgraph: ["1=http://a/x", "10=http://b/x"] }).map((s) => s.chain), [1, 10]);
});
