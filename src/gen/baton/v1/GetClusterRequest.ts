// Original file: proto/baton/v1/control.proto


export interface GetClusterRequest {
}

export interface GetClusterRequest__Output {
}
