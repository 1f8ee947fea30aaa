// Original file: proto/baton/v1/cluster.proto


export interface ListManagersRequest {
}

export interface ListManagersRequest__Output {
}
