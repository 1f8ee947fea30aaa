import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ConfChange as _baton_v1_ConfChange, ConfChange__Output as _baton_v1_ConfChange__Output } from './baton/v1/ConfChange';
import type { ConfState as _baton_v1_ConfState, ConfState__Output as _baton_v1_ConfState__Output } from './baton/v1/ConfState';
import type { Entry as _baton_v1_Entry, Entry__Output as _baton_v1_Entry__Output } from './baton/v1/Entry';
import type { HardState as _baton_v1_HardState, HardState__Output as _baton_v1_HardState__Output } from './baton/v1/HardState';
import type { Message as _baton_v1_Message, Message__Output as _baton_v1_Message__Output } from './baton/v1/Message';
import type { MessageBatch as _baton_v1_MessageBatch, MessageBatch__Output as _baton_v1_MessageBatch__Output } from './baton/v1/MessageBatch';
import type { RaftTransportClient as _baton_v1_RaftTransportClient, RaftTransportDefinition as _baton_v1_RaftTransportDefinition } from './baton/v1/RaftTransport';
import type { Snapshot as _baton_v1_Snapshot, Snapshot__Output as _baton_v1_Snapshot__Output } from './baton/v1/Snapshot';
import type { SnapshotChunk as _baton_v1_SnapshotChunk, SnapshotChunk__Output as _baton_v1_SnapshotChunk__Output } from './baton/v1/SnapshotChunk';
import type { SnapshotMetadata as _baton_v1_SnapshotMetadata, SnapshotMetadata__Output as _baton_v1_SnapshotMetadata__Output } from './baton/v1/SnapshotMetadata';
import type { StreamAck as _baton_v1_StreamAck, StreamAck__Output as _baton_v1_StreamAck__Output } from './baton/v1/StreamAck';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  baton: {
    v1: {
      ConfChange: MessageTypeDefinition<_baton_v1_ConfChange, _baton_v1_ConfChange__Output>
      ConfChangeType: EnumTypeDefinition
      ConfState: MessageTypeDefinition<_baton_v1_ConfState, _baton_v1_ConfState__Output>
      Entry: MessageTypeDefinition<_baton_v1_Entry, _baton_v1_Entry__Output>
      EntryType: EnumTypeDefinition
      HardState: MessageTypeDefinition<_baton_v1_HardState, _baton_v1_HardState__Output>
      Message: MessageTypeDefinition<_baton_v1_Message, _baton_v1_Message__Output>
      MessageBatch: MessageTypeDefinition<_baton_v1_MessageBatch, _baton_v1_MessageBatch__Output>
      MessageType: EnumTypeDefinition
      RaftTransport: SubtypeConstructor<typeof grpc.Client, _baton_v1_RaftTransportClient> & { service: _baton_v1_RaftTransportDefinition }
      Snapshot: MessageTypeDefinition<_baton_v1_Snapshot, _baton_v1_Snapshot__Output>
      SnapshotChunk: MessageTypeDefinition<_baton_v1_SnapshotChunk, _baton_v1_SnapshotChunk__Output>
      SnapshotMetadata: MessageTypeDefinition<_baton_v1_SnapshotMetadata, _baton_v1_SnapshotMetadata__Output>
      StreamAck: MessageTypeDefinition<_baton_v1_StreamAck, _baton_v1_StreamAck__Output>
    }
  }
}

