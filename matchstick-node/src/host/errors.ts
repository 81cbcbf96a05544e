/** An error raised by a host function; it aborts the running wasm call. */
export class HostErrorBase extends Error {}
