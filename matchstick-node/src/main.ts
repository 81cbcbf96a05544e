// The matchstick-node command: `matchstick-node [-r] [datasource-or-file ...]`, run in a
// subgraph's root like `graph test`.


import { performance } from "node:perf_hooks";
import { readConfig } from "./config";
import { CompileError, compileAll, findTestSources } from "./compile";
import { loadProject } from "./project";
import { Level, Logger, style } from "./logging";
import { runSuite, type TestOutcome } from "./runner";
import type { Store } from "./instance";

export interface RunOptions {
  cwd?: string;
  recompile?: boolean;
  patterns?: string[];
  write?: (line: string) => void;
}

export interface RunSummary {
  passed: number;
  failed: number;
  outcomes: TestOutcome[];
  /** Each test file's store at the end of its run, by suite name. */
  stores: Map<string, Store>;
  compileMs: number;
  runMs: number;
  exitCode: number;
}

const USAGE = `Usage: matchstick-node [options] [datasource or test file ...]

Runs the subgraph's matchstick-as unit tests (tests/**/*.test.ts) in Node's WebAssembly.

Options:
  -r, --recompile   recompile every test file instead of using tests/.bin
  -h, --help        show this help`;

export async function run(opts: RunOptions = {}): Promise<RunSummary> {
  const write = opts.write ?? ((l: string) => process.stdout.write(l + "\n"));
  const logger = new Logger(write);
  const cwd = opts.cwd ?? process.cwd();
  const prev = process.cwd();
  process.chdir(cwd);
  const t0 = performance.now();
  try {
    const config = readConfig("matchstick.yaml");
    const project = loadProject(config.manifestPath);
    const sources = findTestSources(config.testsFolder, opts.patterns ?? []);
    logger.raw(style.boldGreen("Compiling...\n"));
    let compiled;
    try {
      compiled = await compileAll(sources, config.testsFolder, config.libsFolder, Boolean(opts.recompile), (s, cached) =>
        logger.log(Level.Info, cached ? `${style.blue(s.name)} skipped!` : `Compiling ${style.blue(s.name)}...`),
      );
    } catch (e) {
      const errors = e instanceof AggregateError ? e.errors : [e];
      for (const err of errors) {
        if (err instanceof CompileError) {
          write(err.diagnostics);
          logger.log(Level.Critical, `Compilation of ${err.file} failed. Please attend to the compilation errors above!`);
        } else logger.log(Level.Critical, String((err as Error).message ?? err));
      }
      write("0 passed, 1 failed");
      return { passed: 0, failed: 1, outcomes: [], stores: new Map(), compileMs: performance.now() - t0, runMs: 0, exitCode: 1 };
    }
    const t1 = performance.now();
    logger.raw(style.brightRed("\nIgniting tests 🔥"));
    const outcomes: TestOutcome[] = [];
    const hookErrors: string[] = [];
    const stores = new Map<string, Store>();
    for (const c of compiled) {
      try {
        const r = runSuite(c.source.name, c.wasmFile, { project, logger });
        outcomes.push(...r.outcomes);
        hookErrors.push(...r.hookErrors);
        stores.set(c.source.name, r.store);
      } catch (e) {
        logger.clearIndent();
        logger.log(Level.Critical, `${c.source.file}: ${(e as Error).message}`);
        hookErrors.push(`${c.source.file}: ${(e as Error).message}`);
      }
    }
    const passed = outcomes.filter((o) => o.passed).length;
    const failed = outcomes.length - passed;
    if (failed > 0) {
      logger.raw(style.red("\nFailed tests:\n"));
      for (const suite of [...new Set(outcomes.filter((o) => !o.passed).map((o) => o.suite))]) {
        logger.raw(style.boldBlue(suite));
        logger.addIndent();
        for (const o of outcomes.filter((x) => x.suite === suite && !x.passed)) {
          logger.log(Level.Default, style.boldRed(o.name));
          if (o.logs) logger.raw(o.logs.replace(/\n$/, ""));
        }
        logger.subIndent();
      }
      logger.raw(`${style.red(`${failed} failed`)}, ${style.green(`${passed} passed`)}, ${passed + failed} total`);
    } else {
      logger.raw(style.green(`\nAll ${passed} tests passed! 😎`));
    }
    const runMs = performance.now() - t1;
    logger.raw(`\n[${new Date().toUTCString()}] Program executed in: ${((performance.now() - t0) / 1000).toFixed(3)}s.`);
    const failures = failed + hookErrors.length;
    write(`${passed} passed, ${failed + hookErrors.length} failed`);
    return { passed, failed: failures, outcomes, stores, compileMs: t1 - t0, runMs, exitCode: failures > 0 ? 1 : 0 };
  } catch (e) {
    logger.clearIndent();
    logger.log(Level.Critical, (e as Error).message);
    write("0 passed, 1 failed");
    return { passed: 0, failed: 1, outcomes: [], stores: new Map(), compileMs: 0, runMs: 0, exitCode: 1 };
  } finally {
    process.chdir(prev);
  }
}

export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.includes("-h") || args.includes("--help")) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const unknown = args.filter((a) => a.startsWith("-") && !["-r", "--recompile"].includes(a));
  if (unknown.length) {
    process.stderr.write(`Unknown option(s): ${unknown.join(" ")}\n${USAGE}\n`);
    return 2;
  }
  const summary = await run({
    recompile: args.includes("-r") || args.includes("--recompile"),
    patterns: args.filter((a) => !a.startsWith("-")),
  });
  return summary.exitCode;
}

