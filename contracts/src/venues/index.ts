export * from "./tickMath";
export * from "./uniswap";
export * from "./addresses";
export * from "./liquidityPosition";
export * from "./market";
