// The Raft core's public API.
export type { RaftConfig, TestingBugs, Logger } from './config.js';
export { RaftNode, bootstrapStorage, encodeConfChange, decodeConfChange, ProposalDroppedError } from './node.js';
export type { Ready, NodeStatus, ProgressStatus } from './node.js';
export { MemoryStorage, CompactedError, UnavailableError } from './storage.js';
export type { Storage } from './storage.js';
export { seededRand } from './rng.js';
export type { Rand } from './rng.js';
export * from './types.js';
