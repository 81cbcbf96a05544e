// Matchstick's test model: a file registers tests, describe blocks and hooks while its start
// function runs; each describe body is executed in a fresh instance only to discover what it
// registers; tests and hooks then run in the file's main instance, in Matchstick's order:
// a group's beforeAll on entry and afterAll on exit, beforeEach hooks outermost first,
// afterEach hooks innermost first.
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import { Instance, freshState, type Env, type MetaTest, type Store } from "./instance";
import { Level, style } from "./logging";

interface TestNode {
  kind: "test";
  name: string;
  shouldFail: boolean;
  funcIdx: number;
  before: number[];
  after: number[];
}
interface GroupNode {
  kind: "group";
  name: string;
  beforeAll: number[];
  afterAll: number[];
  children: Array<TestNode | GroupNode>;
}

export interface TestOutcome {
  suite: string;
  name: string;
  passed: boolean;
  ms: number;
  logs: string;
}

export class SuiteError extends Error {}

function sameMeta(a: MetaTest, b: MetaTest): boolean {
  return a.name === b.name && a.shouldFail === b.shouldFail && a.funcIdx === b.funcIdx && a.role === b.role;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

function registerDescribe(main: Instance, funcIdx: number, name: string): MetaTest[] {
  const clone = new Instance(main.module, main.env, freshState(main.env.project));
  const before = clone.state.metaTests.slice();
  try {
    clone.call(funcIdx);
  } catch (e) {
    throw new SuiteError(`describe("${name}") failed while registering its tests: ${errorText(e)}`);
  }
  return clone.state.metaTests.filter((m) => !before.some((b) => sameMeta(b, m)));
}

function buildGroup(main: Instance, name: string, metas: MetaTest[]): GroupNode {
  const group: GroupNode = { kind: "group", name, beforeAll: [], afterAll: [], children: [] };
  const beforeEach: number[] = [];
  const afterEach: number[] = [];
  for (const m of metas) {
    switch (m.role) {
      case "beforeAll":
        group.beforeAll.push(m.funcIdx);
        break;
      case "afterAll":
        group.afterAll.push(m.funcIdx);
        break;
      case "beforeEach":
        beforeEach.push(m.funcIdx);
        break;
      case "afterEach":
        afterEach.push(m.funcIdx);
        break;
      case "test":
        group.children.push({ kind: "test", name: m.name, shouldFail: m.shouldFail, funcIdx: m.funcIdx, before: [], after: [] });
        break;
      case "describe":
        group.children.push(buildGroup(main, m.name, registerDescribe(main, m.funcIdx, m.name)));
        break;
    }
  }
  const apply = (g: GroupNode) => {
    for (const c of g.children) {
      if (c.kind === "test") {
        c.before.unshift(...beforeEach);
        c.after.push(...afterEach);
      } else apply(c);
    }
  };
  apply(group);
  return group;
}

export interface SuiteResult {
  outcomes: TestOutcome[];
  hookErrors: string[];
  /** The file's store as its last test and hooks left it. */
  store: Store;
}

export function runSuite(suiteName: string, wasmFile: string, env: Env, module?: WebAssembly.Module): SuiteResult {
  const logger = env.logger;
  const mod = module ?? new WebAssembly.Module(fs.readFileSync(wasmFile));
  const main = new Instance(mod, env, freshState(env.project));
  const root = buildGroup(main, "", main.state.metaTests.slice());
  const outcomes: TestOutcome[] = [];
  const hookErrors: string[] = [];

  const callHooks = (hooks: number[]) => {
    for (const h of hooks) {
      try {
        main.call(h);
      } catch (e) {
        const msg = `Unexpected error upon calling hook: ${errorText(e)}`;
        hookErrors.push(`${suiteName}: ${msg}`);
        logger.log(Level.Critical, msg);
      }
    }
  };

  const runTest = (t: TestNode) => {
    callHooks(t.before);
    logger.accumulate();
    logger.addIndent();
    const start = performance.now();
    let passed: boolean;
    try {
      main.call(t.funcIdx);
      passed = !t.shouldFail;
      if (t.shouldFail) logger.log(Level.Error, "Expected test to fail but it passed successfully!");
    } catch (e) {
      passed = t.shouldFail;
      if (!t.shouldFail) {
        logger.addIndent();
        logger.log(Level.Debug, `Test "${t.name}" failed: ${errorText(e)}`);
        logger.subIndent();
      }
    }
    const ms = performance.now() - start;
    logger.subIndent();
    const logs = logger.flush();
    const line = `${t.name} - ${style.blue(`${ms.toFixed(3)}ms`)}`;
    logger.log(passed ? Level.Success : Level.Error, line);
    if (passed && logs.length) logger.raw(logs.replace(/\n$/, ""));
    callHooks(t.after);
    outcomes.push({ suite: suiteName, name: t.name, passed, ms, logs });
  };

  const runNode = (node: TestNode | GroupNode) => {
    if (node.kind === "test") return runTest(node);
    if (node.name) logger.log(Level.Default, style.heading(`${node.name}:`));
    logger.addIndent();
    callHooks(node.beforeAll);
    node.children.forEach(runNode);
    callHooks(node.afterAll);
    logger.subIndent();
  };

  logger.raw(style.blue(`\n${suiteName}`));
  logger.raw("-".repeat(50));
  logger.addIndent();
  callHooks(root.beforeAll);
  root.children.forEach(runNode);
  callHooks(root.afterAll);
  logger.clearIndent();
  return { outcomes, hookErrors, store: main.state.store };
}
