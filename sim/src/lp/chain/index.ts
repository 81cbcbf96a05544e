export { setUpAgreementChain, type AgreementChain } from "./setup";
export { runChainPath, type ChainPathResult, type DecisionPair } from "./path";
