// Finding test files and compiling them with the subgraph's own AssemblyScript compiler,
// using Matchstick's flags. Each wasm is cached under <tests>/.bin/ next to a hash of
// everything that went into it (sources reachable through relative imports, the compiler and
// library versions, the flags); a changed hash or `-r` recompiles.
import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";

export const ASC_FLAGS = ["--explicitStart", "--exportTable", "--runtime", "stub", "--optimize", "--debug"];

export interface TestSource {
  name: string; // path under the tests folder without .test.ts, lower-cased like Matchstick
  file: string;
}

export function findTestSources(testsFolder: string, patterns: string[]): TestSource[] {
  if (!fs.existsSync(testsFolder)) throw new Error(`Could not get tests from ${testsFolder}: no such folder`);
  const out: TestSource[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const name = entry.name.toLowerCase();
      const full = path.join(dir, entry.name);
      if (entry.isFile() && name.endsWith(".test.ts")) out.push({ name: prefix + name.replace(".test.ts", ""), file: full });
      else if (entry.isDirectory() && entry.name !== ".bin" && entry.name !== "node_modules") walk(full, `${prefix}${name}/`);
    }
  };
  walk(testsFolder, "");
  if (out.length === 0) throw new Error("No tests have been written yet.");
  if (patterns.length === 0) return out;
  const prefixes = patterns.map((p) => path.join(testsFolder, p).toLowerCase());
  const selected = out.filter((t) => prefixes.some((p) => t.file.toLowerCase().startsWith(p)));
  if (selected.length === 0) throw new Error(`No tests match set patterns: ${patterns.join(",")}`);
  return selected;
}

const IMPORT_RE = /(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\s*["']([^"']+)["']/g;

function resolveImport(fromFile: string, spec: string): string | null {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The test file and every file reachable from it through relative imports. */
export function collectSources(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [path.resolve(entry)];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith(".")) continue;
      const resolved = resolveImport(file, spec);
      if (resolved) stack.push(resolved);
    }
  }
  return [...seen].sort();
}

function packageVersion(libs: string, name: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(libs, name, "package.json"), "utf8")).version;
  } catch {
    return "missing";
  }
}

export function inputHash(source: TestSource, libs: string): string {
  const h = createHash("sha256");
  h.update(JSON.stringify({ flags: ASC_FLAGS, v: ["assemblyscript", "@graphprotocol/graph-ts", "matchstick-as"].map((n) => packageVersion(libs, n)) }));
  for (const file of collectSources(source.file)) {
    h.update(file);
    h.update(fs.readFileSync(file));
  }
  return h.digest("hex");
}

export class CompileError extends Error {
  constructor(
    readonly file: string,
    readonly diagnostics: string,
  ) {
    super(`Compilation of ${file} failed:\n${diagnostics}`);
  }
}

export interface Compiled {
  source: TestSource;
  wasmFile: string;
  compiled: boolean; // false when taken from the cache
}

function runAsc(libs: string, source: TestSource, outFile: string): Promise<void> {
  const asc = path.join(libs, "assemblyscript", "bin", "asc");
  const global = path.join(libs, "@graphprotocol", "graph-ts", "global", "global.ts");
  if (!fs.existsSync(asc)) return Promise.reject(new Error(`AssemblyScript compiler not found at ${asc} (libsFolder: ${libs})`));
  const args = [asc, source.file, global, "--lib", libs, ...ASC_FLAGS, "--outFile", outFile];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 && fs.existsSync(outFile) ? resolve() : reject(new CompileError(source.file, output.trim()))));
  });
}

export async function compileAll(
  sources: TestSource[],
  testsFolder: string,
  libsFolder: string,
  recompile: boolean,
  onStart: (s: TestSource, cached: boolean) => void,
): Promise<Compiled[]> {
  const libs = path.resolve(libsFolder);
  if (!fs.existsSync(libs)) throw new Error(`libs folder ${libsFolder} does not exist!`);
  const binDir = path.join(testsFolder, ".bin");
  const jobs = sources.map((source) => {
    const wasmFile = path.join(binDir, `${source.name}.wasm`);
    const hashFile = `${wasmFile}.hash`;
    const hash = inputHash(source, libs);
    const cached = !recompile && fs.existsSync(wasmFile) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, "utf8") === hash;
    return { source, wasmFile, hashFile, hash, cached };
  });
  const results: Compiled[] = [];
  const errors: CompileError[] = [];
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      onStart(job.source, job.cached);
      if (!job.cached) {
        fs.mkdirSync(path.dirname(job.wasmFile), { recursive: true });
        fs.rmSync(job.hashFile, { force: true });
        try {
          await runAsc(libs, job.source, job.wasmFile);
          fs.writeFileSync(job.hashFile, job.hash);
        } catch (e) {
          if (e instanceof CompileError) errors.push(e);
          else throw e;
          continue;
        }
      }
      results.push({ source: job.source, wasmFile: job.wasmFile, compiled: !job.cached });
    }
  };
  await Promise.all([worker(), worker()]);
  if (errors.length) throw new AggregateError(errors, errors.map((e) => e.message).join("\n"));
  return jobs.map((j) => results.find((r) => r.source === j.source)!);
}
