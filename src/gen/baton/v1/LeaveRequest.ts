// Original file: proto/baton/v1/cluster.proto


export interface LeaveRequest {
}

export interface LeaveRequest__Output {
}
