// Original file: proto/baton/v1/dispatcher.proto


export interface TaskLogsRequest {
  'taskId'?: (string);
  'follow'?: (boolean);
  'tail'?: (number);
}

export interface TaskLogsRequest__Output {
  'taskId': (string);
  'follow': (boolean);
  'tail': (number);
}
