export * from "./types";
export { adviseHarvests, chooseSubstitute, identicalTo, recommendationId, valueAt, dayOfSeconds, DEFAULT_ADVISOR_CONFIG, MIN_LOCKOUT_DAYS } from "./advisor";
export { openLotsFromEngine, acquisitionsFromLedger } from "./fromEngine";
