export * from "./tickMath";
export * from "./uniswap";
