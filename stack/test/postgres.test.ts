import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { findPostgresBin, Postgres } from "../src/postgres";
import { assertPortFree, freePort, HOST } from "../src/ports";
import { StackError } from "../src/errors";

test("a missing Postgres is a StackError that names the apt command", () => {
  const apt = (err: unknown) =>
    err instanceof StackError && /apt-get install -y postgresql-15 postgresql-contrib/.test(err.message) && err.exitCode === 1;
  assert.throws(() => findPostgresBin(undefined, "/nonexistent/postgresql"), apt);
  assert.throws(
    () => findPostgresBin("/nonexistent/pg/bin"),
    (err: unknown) => err instanceof StackError && /apt-get install -y postgresql-15 postgresql-contrib/.test(err.message) && err.exitCode === 1,
  );
});

test("a port in use is a StackError naming the port and the option that changes it", async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, HOST, () => r()));
  const { port } = blocker.address() as net.AddressInfo;
  try {
    await assert.rejects(assertPortFree(port, "Postgres", "--pg-port"), (err: unknown) => {
      assert.ok(err instanceof StackError);
      assert.match(err.message, new RegExp(`port ${port} .*Postgres.* already in use`));
      assert.match(err.message, /--pg-port/);
      return true;
    });
  } finally {
    blocker.close();
  }
});

test("the cluster is created once, keeps data across restarts, and a wipe empties graph-node's database", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-pg-"));
  const pg = new Postgres({ clusterDir: path.join(dir, "postgres"), port: await freePort(), user: "graph", password: "s3cret pw", database: "graph-node" });
  try {
    assert.equal(await pg.init(), "created");
    await pg.start();
    assert.equal(await pg.ensureDatabase(), "created");
    assert.equal(await pg.sql("SHOW lc_collate", "graph-node"), "C");
    assert.equal(await pg.sql("SHOW server_encoding", "graph-node"), "UTF8");
    // graph-node creates these extensions; they must be available (postgresql-contrib).
    const available = await pg.sql(
      "SELECT string_agg(name, ',' ORDER BY name) FROM pg_available_extensions WHERE name IN ('pg_trgm','btree_gist','postgres_fdw')",
    );
    assert.equal(available, "btree_gist,pg_trgm,postgres_fdw");
    await pg.sql("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)", "graph-node");

    await pg.stop();
    assert.equal(await pg.isRunning(), false);
    assert.equal(await pg.init(), "existing");
    await pg.start();
    assert.equal(await pg.ensureDatabase(), "existing");
    assert.equal(await pg.sql("SELECT v FROM kept", "graph-node"), "42");

    await pg.resetDatabase();
    assert.equal(await pg.sql("SELECT count(*) FROM pg_tables WHERE tablename = 'kept'", "graph-node"), "0");

    // The password is really required: a wrong one is refused.
    const wrong = new Postgres({ ...pg.options, password: "wrong" });
    await assert.rejects(wrong.sql("SELECT 1"), /password authentication failed/);
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
