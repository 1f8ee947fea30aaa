// Original file: proto/baton/v1/control.proto


export interface RemoveServiceResponse {
}

export interface RemoveServiceResponse__Output {
}
