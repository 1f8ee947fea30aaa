// Original file: proto/baton/v1/cluster.proto


export interface TokensRequest {
  'rotateManager'?: (boolean);
  'rotateWorker'?: (boolean);
}

export interface TokensRequest__Output {
  'rotateManager': (boolean);
  'rotateWorker': (boolean);
}
