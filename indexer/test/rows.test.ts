import { test } from "node:test";
import assert from "node:assert/strict";
import { buildSchema } from "graphql";
import { entitiesFromSchema } from "../src/schema/entities";
import { MalformedResponseError, toStoreRows } from "../src/client/rows";

// The shape graph-node serves: entity types, their X_filter inputs and plural collections on Query.
const schema = buildSchema(`
  scalar BigInt
  scalar BigDecimal
  scalar Bytes
  enum Source { Trade Harvest }
  type Asset { id: ID! symbol: String! decimals: Int! lots: [Lot!]! }
  type Lot { id: ID! asset: Asset! quantity: BigInt! unitCostUsd: BigDecimal! txHash: Bytes!
             source: Source! open: Boolean! tags: [String!] note: String }
  type _Meta_ { deployment: String! }
  input Asset_filter { id_gt: ID }
  input Lot_filter { id_gt: ID }
  type Query { asset(id: ID!): Asset assets: [Asset!]! lot(id: ID!): Lot lots: [Lot!]! _meta: _Meta_ }
`);

const [asset, lot] = entitiesFromSchema(schema);

test("entities come from Query collections with a filter input; entity lists are left out", () => {
  assert.deepEqual(
    [asset.name, asset.collection, lot.name, lot.collection],
    ["Asset", "assets", "Lot", "lots"],
  );
  assert.deepEqual(asset.fields.map((f) => f.name), ["id", "symbol", "decimals"]);
  const byName = Object.fromEntries(lot.fields.map((f) => [f.name, f]));
  assert.equal(byName.asset.kind, "ref");
  assert.equal(byName.tags.list, true);
  assert.equal(byName.note.nullable, true);
  assert.equal(byName.source.scalar, "Enum");
});

const goodLot = {
  id: "0001-02",
  asset: { id: "0xabc" },
  quantity: "1000000000000000000",
  unitCostUsd: "1834.123456789",
  txHash: "0x0a0b",
  source: "Trade",
  open: true,
  tags: ["x"],
  note: null,
};

test("rows are converted exactly: references to ids, booleans to 0/1, lists to JSON, big numbers kept as text", () => {
  const [row] = toStoreRows(lot, [goodLot], 42, "");
  assert.deepEqual(row, {
    _block: 42,
    id: "0001-02",
    asset: "0xabc",
    quantity: "1000000000000000000",
    unitCostUsd: "1834.123456789",
    txHash: "0x0a0b",
    source: "Trade",
    open: 1,
    tags: '["x"]',
    note: null,
  });
});

test("a malformed value is rejected naming the entity, id and field", () => {
  assert.throws(
    () => toStoreRows(lot, [{ ...goodLot, quantity: 1.5 }], 1, ""),
    (err: Error) => err instanceof MalformedResponseError && /Lot 0001-02, field quantity: expected BigInt/.test(err.message),
  );
  assert.throws(() => toStoreRows(lot, [{ ...goodLot, txHash: "0xzz" }], 1, ""), /field txHash/);
  assert.throws(() => toStoreRows(lot, [{ ...goodLot, asset: null }], 1, ""), /field asset: missing value/);
});

test("ids out of order or not after the cursor are rejected, so a page can never rewind", () => {
  assert.throws(() => toStoreRows(lot, [goodLot], 1, "0001-02"), /ascending order/);
  assert.throws(() => toStoreRows(lot, [{ ...goodLot, id: "b" }, { ...goodLot, id: "a" }], 1, ""), /ascending order/);
  assert.throws(() => toStoreRows(lot, { rows: [] }, 1, ""), /expected a list/);
});
