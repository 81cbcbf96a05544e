// Cold (compile + run) and warm (cached wasm) timings for a subgraph's suite.
// Usage: npm run bench -w matchstick-node [-- SUBGRAPH_DIR]
import * as path from "node:path";
import { run } from "../src/main";

async function main() {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, "fixtures", "basic"));
  const quiet = () => {};
  const cold = await run({ cwd: dir, recompile: true, write: quiet });
  const warmRuns = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const s = await run({ cwd: dir, write: quiet });
    warmRuns.push({ total: performance.now() - t, tests: s.outcomes.length, testMs: s.outcomes.reduce((a, o) => a + o.ms, 0) });
  }
  const best = warmRuns.sort((a, b) => a.total - b.total)[0];
  const n = cold.outcomes.length;
  console.log(`suite: ${dir}`);
  console.log(`tests: ${n} (${cold.passed} passed, ${cold.failed} failed)`);
  console.log(`cold (compile + run): ${((cold.compileMs + cold.runMs) / 1000).toFixed(2)} s`);
  console.log(`warm (cached wasm), best of 5: ${best.total.toFixed(1)} ms total, ${(best.total / Math.max(1, n)).toFixed(2)} ms per test overall, ${(best.testMs / Math.max(1, n)).toFixed(3)} ms per test body`);
  console.log(`goals: warm < 1000 ms ${best.total < 1000 ? "met" : "NOT met"}; < 5 ms per test ${best.total / Math.max(1, n) < 5 ? "met" : "NOT met"}`);
}
main();
