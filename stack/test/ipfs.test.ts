import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { IpfsEndpoint } from "../src/ipfs/server";

let endpoint: IpfsEndpoint;
let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-ipfs-"));
  endpoint = new IpfsEndpoint({ dir, port: 0 });
  await endpoint.start();
});
after(async () => {
  await endpoint.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Posts files the way kubo-rpc-client does (field names file, file-1, ...; URI-encoded filenames). */
async function add(files: { path: string; content: Buffer }[], query = "stream-channels=true&progress=false") {
  const boundary = "-----------------------------lotgraphtest";
  const chunks: Buffer[] = [];
  files.forEach((f, i) => {
    if (i > 0) chunks.push(Buffer.from("\r\n"));
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file${i ? `-${i}` : ""}"; filename="${encodeURIComponent(f.path)}"\r\n` +
          "Content-Type: application/octet-stream\r\n\r\n",
      ),
      f.content,
    );
  });
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  const res = await fetch(`${endpoint.url}/api/v0/add?${query}`, {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat(chunks),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { Name: string; Hash: string; Size: string });
}

async function post(command: string) {
  return fetch(`${endpoint.url}/api/v0/${command}`, { method: "POST" });
}

test("version answers 200 on POST, as graph-node's start-up probe requires", async () => {
  const res = await post("version");
  assert.equal(res.status, 200);
  assert.equal(typeof ((await res.json()) as { Version: string }).Version, "string");
  assert.equal((await fetch(`${endpoint.url}/api/v0/version`)).status, 405);
});

test("add gives the CIDs `ipfs add` gives for well-known content (CIDv0 default)", async () => {
  const [hello] = await add([{ path: "hello.txt", content: Buffer.from("hello world\n") }]);
  assert.deepEqual(hello, { Name: "hello.txt", Hash: "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", Size: "20" });
  const [noNewline] = await add([{ path: "a", content: Buffer.from("hello world") }]);
  assert.equal(noNewline.Hash, "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD");
  const [empty] = await add([{ path: "empty", content: Buffer.alloc(0) }]);
  assert.equal(empty.Hash, "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
});

test("add with cid-version=1 uses raw leaves, as Kubo does", async () => {
  const [hello] = await add([{ path: "a", content: Buffer.from("hello world") }], "cid-version=1");
  assert.equal(hello.Hash, "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
  const [empty] = await add([{ path: "e", content: Buffer.alloc(0) }], "cid-version=1");
  assert.equal(empty.Hash, "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
});

test("cat and block/get return what was added; a multi-chunk file round-trips", async () => {
  const big = Buffer.alloc(700_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 8)) & 0xff;
  const [entry] = await add([{ path: "big.bin", content: big }]);
  const cat = await post(`cat?arg=${entry.Hash}`);
  assert.equal(cat.status, 200);
  assert.ok(Buffer.from(await cat.arrayBuffer()).equals(big));
  // 700,000 bytes in 262,144-byte chunks: a root with three links plus the chunks themselves.
  assert.ok(Number(entry.Size) > big.length);
  const root = await post(`block/get?arg=${entry.Hash}`);
  assert.equal(root.status, 200);
  const rootBytes = Buffer.from(await root.arrayBuffer());
  assert.ok(rootBytes.length < 300, `root block is ${rootBytes.length} bytes`);
  const stat = (await (await post(`block/stat?arg=${entry.Hash}`)).json()) as { Key: string; Size: number };
  assert.deepEqual(stat, { Key: entry.Hash, Size: rootBytes.length });

  const part = await post(`cat?arg=${entry.Hash}&offset=262140&length=10`);
  assert.ok(Buffer.from(await part.arrayBuffer()).equals(big.subarray(262140, 262150)));
});

test("paths inside a directory resolve through cat, and wrap-with-directory adds the wrapper last", async () => {
  const entries = await add(
    [
      { path: "build/subgraph.yaml", content: Buffer.from("specVersion: 1.0.0\n") },
      { path: "build/schema.graphql", content: Buffer.from("type A @entity { id: ID! }\n") },
    ],
    "wrap-with-directory=true",
  );
  const names = entries.map((e) => e.Name);
  assert.deepEqual(names.slice(0, 2).sort(), ["build/schema.graphql", "build/subgraph.yaml"]);
  assert.equal(names.at(-1), "");
  const wrapper = entries.at(-1)!.Hash;
  const res = await post(`cat?arg=${wrapper}/build/subgraph.yaml`);
  assert.equal(await res.text(), "specVersion: 1.0.0\n");
});

test("pin/add accepts stored CIDs and refuses unknown ones; unknown blocks and bad CIDs are errors", async () => {
  const [entry] = await add([{ path: "p", content: Buffer.from("pinned") }], "pin=false");
  const pin = await post(`pin/add?arg=${entry.Hash}`);
  assert.deepEqual(await pin.json(), { Pins: [entry.Hash] });
  assert.ok(endpoint.store.pins().includes(entry.Hash));
  const missing = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
  assert.equal((await post(`pin/add?arg=${missing}`)).status, 500);
  assert.equal((await post(`block/get?arg=${missing}`)).status, 500);
  assert.equal((await post(`cat?arg=${missing}`)).status, 500);
  const bad = await post("cat?arg=not-a-cid");
  assert.equal(bad.status, 500);
  assert.equal((await post("block/get?arg=not-a-cid")).status, 400);
  assert.equal((await post("nope")).status, 404);
});

test("only-hash computes the CID without storing the content", async () => {
  const [entry] = await add([{ path: "x", content: Buffer.from("never stored") }], "only-hash=true");
  assert.equal((await post(`block/get?arg=${entry.Hash}`)).status, 500);
});
