// Original file: proto/baton/v1/cluster.proto


export interface RaftStatusRequest {
}

export interface RaftStatusRequest__Output {
}
