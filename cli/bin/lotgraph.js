#!/usr/bin/env node
// The lotgraph command line. Sources are TypeScript; tsx compiles them on load.
require("tsx/cjs/api").register();
require("../src/main.ts")
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
