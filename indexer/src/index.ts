export { SubgraphClient, GraphNodeError, PAGE_SIZE, type Meta, type BlockRef } from "./client/graph-node";
export { MalformedResponseError, toStoreRows } from "./client/rows";
export { entitiesFromIntrospection, entitiesFromSchema, type EntityDef, type FieldDef } from "./schema/entities";
export { loadCapturedEntities, INTROSPECTION_QUERY, schemaSourceHash } from "./schema/captured";
export { openConnection, type Connection } from "./store/open";
export { sync, type SyncOptions, type SyncResult, type SyncProgress } from "./sync/sync";
export { withRetry, DEFAULT_RETRY, type RetryPolicy } from "./sync/retry";
