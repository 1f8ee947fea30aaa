// Original file: proto/baton/v1/raft.proto


export interface StreamAck {
}

export interface StreamAck__Output {
}
