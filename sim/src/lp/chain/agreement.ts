/**
 * The LP bench's on-chain agreement run: a few paths played both on a real chain (anvil, Uniswap v3's own
 * bytecode, the LiquidityManager contract) and on the pool replica, set side by side: each policy's net vs
 * holding, the manager's edge over full range and its sign per path, and the contract's hourly decisions against
 * the replica's decision code on the same chain state.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AnvilNode, freePorts } from "@lotgraph/stack";
import { netEdgePct, pct, perYearPpm, usd } from "../compare";
import { POLICIES, runPath, type PathConfig, type PathResult } from "../run";
import { runChainPath, type ChainPathResult } from "./path";
import { setUpAgreementChain } from "./setup";

/** The chain's genesis: block times are the path's, so the same seed gives the same chain whenever it runs. */
const GENESIS = new Date("2026-01-01T00:00:00Z");

export interface AgreementPath {
  seed: number;
  chain: ChainPathResult;
  replica: PathResult;
}

export interface Agreement {
  paths: AgreementPath[];
  setupMs: number;
  pathMs: number[];
}

/** Runs `paths` paths from `seed` of `cfg` on a fresh anvil (on a free port) and on the replica. */
export async function runAgreement(cfg: Omit<PathConfig, "seed">, seed: number, paths: number, log: (line: string) => void = () => {}): Promise<Agreement> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-lp-agreement-"));
  const node = new AnvilNode({ port: (await freePorts()).chain, logDir: dir, startTime: GENESIS });
  await node.start();
  try {
    let t = Date.now();
    const x = await setUpAgreementChain(node.url, { ...cfg, seed });
    const setupMs = Date.now() - t;
    const out: AgreementPath[] = [];
    const pathMs: number[] = [];
    try {
      for (let i = 0; i < paths; i++) {
        t = Date.now();
        const chain = await runChainPath(x, { ...cfg, seed: seed + i });
        pathMs.push(Date.now() - t);
        out.push({ seed: seed + i, chain, replica: runPath({ ...cfg, seed: seed + i }) });
        log(`path ${seed + i} on chain: ${(pathMs[i] / 1000).toFixed(1)} s`);
      }
    } finally {
      x.chain.close();
    }
    return { paths: out, setupMs, pathMs };
  } finally {
    await node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const LABEL = { full: "(a) full range", fixed: "(b) fixed range", manager: "(c) manager" } as const;
const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;
const dollars = (x: bigint) => usd(x).toFixed(0);

/** The agreement's tables and its closing line (no timings: same seed, same lines). */
export function agreementLines(a: Agreement): string[] {
  const lines = [
    "| path | policy | net vs holding on-chain, USD | replica, USD | on-chain %/yr | replica %/yr | fees on-chain / replica, USD | gas on-chain / replica, USD | re-ranges on-chain / replica |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const p of a.paths) {
    for (const name of POLICIES) {
      const c = p.chain[name];
      const r = p.replica[name];
      lines.push(`| ${p.seed} | ${LABEL[name]} | ${dollars(c.net)} | ${dollars(r.net)} | ${signed(pct(perYearPpm(c.net, p.chain)))} | ${signed(pct(perYearPpm(r.net, p.replica)))} | ${dollars(c.fees)} / ${dollars(r.fees)} | ${dollars(c.gas)} / ${dollars(r.gas)} | ${c.reranges} / ${r.reranges} |`);
    }
  }
  lines.push("", "| path | (c) − (a) on-chain, %/yr | replica, %/yr | verdict on-chain / replica | contract's hourly decisions = the replica's code on the chain's state |", "| --- | ---: | ---: | --- | ---: |");
  let agree = 0;
  let hours = 0;
  let same = 0;
  const verdict = (x: number) => (x > 0 ? "(c) ahead" : "(c) behind");
  for (const p of a.paths) {
    const c = netEdgePct(p.chain);
    const r = netEdgePct(p.replica);
    if (c > 0 === r > 0) agree++;
    hours += p.chain.decisions.length;
    same += p.chain.decisions.length - p.chain.disagreements.length;
    lines.push(`| ${p.seed} | ${signed(c)} | ${signed(r)} | ${verdict(c)} / ${verdict(r)} | ${p.chain.decisions.length - p.chain.disagreements.length}/${p.chain.decisions.length} hours |`);
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const mc = mean(a.paths.map((p) => netEdgePct(p.chain)));
  const mr = mean(a.paths.map((p) => netEdgePct(p.replica)));
  lines.push("", `decisions: the contract and the replica's decide() on the chain's state agree on ${same}/${hours} hours`);
  lines.push(`on-chain vs replica: verdict agrees on ${agree}/${a.paths.length} paths, mean (c) − (a) on-chain ${signed(mc)} %/yr, replica ${signed(mr)} %/yr${mc > 0 === mr > 0 ? "" : " — the means' signs differ"}`);
  return lines;
}
