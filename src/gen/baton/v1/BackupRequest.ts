// Original file: proto/baton/v1/cluster.proto


export interface BackupRequest {
}

export interface BackupRequest__Output {
}
