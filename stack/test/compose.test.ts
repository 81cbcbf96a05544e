import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { DEFAULT_PORTS } from "../src/stack";
import { REPO_ROOT } from "../src/paths";

const composeFile = path.join(REPO_ROOT, "docker-compose.yml");
const compose = (...args: string[]) => execFileSync("docker-compose", ["-f", composeFile, ...args], { encoding: "utf8", stdio: "pipe" });

test("docker-compose.yml is valid (docker-compose config -q)", () => {
  compose("config", "-q");
});

test("docker-compose.yml publishes the same ports as the local stack", () => {
  const published = new Map<number, number>(); // host port -> container port
  for (const m of compose("config").matchAll(/- 127\.0\.0\.1:(\d+):(\d+)\/tcp/g)) published.set(Number(m[1]), Number(m[2]));
  const expected: [keyof typeof DEFAULT_PORTS, number][] = [
    ["chain", 8545],
    ["postgres", 5432],
    ["ipfs", 5001],
    ["http", 8000],
    ["admin", 8020],
    ["indexNode", 8030],
    ["metrics", 8040],
  ];
  for (const [service, containerPort] of expected) {
    assert.equal(published.get(DEFAULT_PORTS[service]), containerPort, `${service} on host port ${DEFAULT_PORTS[service]}`);
  }
});
