// Original file: proto/baton/v1/objects.proto

import type { ExecProbe as _baton_v1_ExecProbe, ExecProbe__Output as _baton_v1_ExecProbe__Output } from '../../baton/v1/ExecProbe';
import type { HttpProbe as _baton_v1_HttpProbe, HttpProbe__Output as _baton_v1_HttpProbe__Output } from '../../baton/v1/HttpProbe';
import type { TcpProbe as _baton_v1_TcpProbe, TcpProbe__Output as _baton_v1_TcpProbe__Output } from '../../baton/v1/TcpProbe';
import type { Long } from '@grpc/proto-loader';

export interface Probe {
  'exec'?: (_baton_v1_ExecProbe | null);
  'http'?: (_baton_v1_HttpProbe | null);
  'tcp'?: (_baton_v1_TcpProbe | null);
  'initialDelayMs'?: (number | string | Long);
  'periodMs'?: (number | string | Long);
  'timeoutMs'?: (number | string | Long);
  'failureThreshold'?: (number);
  'successThreshold'?: (number);
  'check'?: "exec"|"http"|"tcp";
}

export interface Probe__Output {
  'exec'?: (_baton_v1_ExecProbe__Output | null);
  'http'?: (_baton_v1_HttpProbe__Output | null);
  'tcp'?: (_baton_v1_TcpProbe__Output | null);
  'initialDelayMs': (number);
  'periodMs': (number);
  'timeoutMs': (number);
  'failureThreshold': (number);
  'successThreshold': (number);
  'check'?: "exec"|"http"|"tcp";
}
