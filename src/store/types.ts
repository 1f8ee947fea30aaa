// Short names for the generated types the store works with.
export type { KeyValue__Output as KeyValue } from '../gen/baton/v1/KeyValue';
export type { MemberInfo__Output as MemberInfo } from '../gen/baton/v1/MemberInfo';
export type { JoinTokens__Output as JoinTokens } from '../gen/baton/v1/JoinTokens';
export type { Command__Output as Command } from '../gen/baton/v1/Command';
export type { StoreSnapshot__Output as StoreSnapshot } from '../gen/baton/v1/StoreSnapshot';
export type { ClientSession__Output as ClientSession } from '../gen/baton/v1/ClientSession';
export type { WatchEvent__Output as WatchEvent } from '../gen/baton/v1/WatchEvent';
export type { PutResponse__Output as PutResponse } from '../gen/baton/v1/PutResponse';
export type { DeleteResponse__Output as DeleteResponse } from '../gen/baton/v1/DeleteResponse';
export type { CompareAndSwapResponse__Output as CompareAndSwapResponse } from '../gen/baton/v1/CompareAndSwapResponse';
export type { SessionResponse__Output as SessionResponse } from '../gen/baton/v1/SessionResponse';
export type { PutRequest__Output as PutRequest } from '../gen/baton/v1/PutRequest';
export type { DeleteRequest__Output as DeleteRequest } from '../gen/baton/v1/DeleteRequest';
export type { CompareAndSwapRequest__Output as CompareAndSwapRequest } from '../gen/baton/v1/CompareAndSwapRequest';
export type { RequestId__Output as RequestId } from '../gen/baton/v1/RequestId';
