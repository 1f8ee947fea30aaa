// Original file: proto/baton/v1/cluster.proto


export interface LeaveResponse {
}

export interface LeaveResponse__Output {
}
