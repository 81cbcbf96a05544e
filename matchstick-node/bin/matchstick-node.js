#!/usr/bin/env node
// matchstick-node: runs a subgraph's matchstick-as tests. Sources are TypeScript; tsx compiles them on load.
require("tsx/cjs/api").register();
require("../src/main.ts")
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
