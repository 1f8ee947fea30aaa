// Original file: proto/baton/v1/dispatcher.proto


export interface Heartbeat {
}

export interface Heartbeat__Output {
}
