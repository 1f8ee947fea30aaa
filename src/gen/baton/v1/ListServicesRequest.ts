// Original file: proto/baton/v1/control.proto


export interface ListServicesRequest {
  'namespace'?: (string);
  'labels'?: ({[key: string]: string});
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListServicesRequest__Output {
  'namespace': (string);
  'labels': ({[key: string]: string});
  'pageSize': (number);
  'pageToken': (string);
}
