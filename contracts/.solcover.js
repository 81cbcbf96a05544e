// Coverage of the production contracts: mocks and test harnesses are left out.
// Under instrumentation the bytecode grows past 24 KB and the chain runs with a zero base fee, so the tests
// that measure code size, start a separate node, or need a non-zero base fee are left to `npm test`.
// Instrumentation adds locals to every function: with the Trade event's pool/price/impact fields some
// functions run out of stack, so coverage compiles with the Yul optimizer's stack allocation on (the
// plugin's own remedy); it changes no branch and no test.
module.exports = {
  skipFiles: ["mocks/"],
  configureYulOptimizer: true,
  istanbulReporter: ["text", "html"],
  mocha: {
    timeout: 900000,
    grep: "24 KB code size limit|separately started hardhat node|the cooldown, the basefee ceiling and the drift threshold",
    invert: true,
  },
};
