// Original file: proto/baton/v1/cluster.proto


export interface NodeStatusRequest {
}

export interface NodeStatusRequest__Output {
}
