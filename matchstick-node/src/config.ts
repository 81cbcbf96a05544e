// matchstick.yaml: where the tests, the libraries (node_modules) and the manifest are.
import * as fs from "node:fs";
import { parse } from "yaml";

export interface Config {
  testsFolder: string;
  libsFolder: string;
  manifestPath: string;
}

export function readConfig(file = "matchstick.yaml"): Config {
  const config: Config = { testsFolder: "./tests", libsFolder: "./node_modules", manifestPath: "./subgraph.yaml" };
  if (!fs.existsSync(file)) return config;
  let doc: any;
  try {
    doc = parse(fs.readFileSync(file, "utf8")) ?? {};
  } catch (e) {
    throw new Error(`Could not parse ${file}: ${(e as Error).message}`);
  }
  for (const key of ["testsFolder", "libsFolder", "manifestPath"] as const) {
    if (typeof doc[key] === "string") config[key] = doc[key];
  }
  return config;
}
