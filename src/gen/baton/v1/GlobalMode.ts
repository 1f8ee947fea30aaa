// Original file: proto/baton/v1/objects.proto


export interface GlobalMode {
}

export interface GlobalMode__Output {
}
