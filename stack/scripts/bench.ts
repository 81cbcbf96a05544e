// Measures the local stack: start-up to synced (services, deployment, subgraph build, gnd) and how long
// graph-node takes to index the scripted scenario once its last transaction is mined.
//   npm run bench -w stack
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runStart } from "../src/start";

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-bench-"));
  try {
    for (const run of ["cold (new cluster, subgraph built)", "warm (cluster and build reused)"]) {
      const r = await runStart({ dataDir, freePorts: true, log: () => {} });
      console.log(
        `${run}: start-up to synced ${(r.startupMs / 1000).toFixed(1)} s; scenario ${r.events} events in ` +
          `${(r.scenarioMs / 1000).toFixed(1)} s on chain; graph-node caught up ${(r.indexingMs / 1000).toFixed(1)} s after the last block`,
      );
      const p = r.phases;
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      console.log(`  phases: services ${s(p.services)}, deploy ${s(p.deploy)}, subgraph ${s(p.subgraph)}, graph-node to synced ${s(p.graphNode)}`);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
