// Original file: proto/baton/v1/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ClusterInfo as _baton_v1_ClusterInfo, ClusterInfo__Output as _baton_v1_ClusterInfo__Output } from '../../baton/v1/ClusterInfo';
import type { CompareAndSwapRequest as _baton_v1_CompareAndSwapRequest, CompareAndSwapRequest__Output as _baton_v1_CompareAndSwapRequest__Output } from '../../baton/v1/CompareAndSwapRequest';
import type { CompareAndSwapResponse as _baton_v1_CompareAndSwapResponse, CompareAndSwapResponse__Output as _baton_v1_CompareAndSwapResponse__Output } from '../../baton/v1/CompareAndSwapResponse';
import type { CreateServiceRequest as _baton_v1_CreateServiceRequest, CreateServiceRequest__Output as _baton_v1_CreateServiceRequest__Output } from '../../baton/v1/CreateServiceRequest';
import type { DeleteRequest as _baton_v1_DeleteRequest, DeleteRequest__Output as _baton_v1_DeleteRequest__Output } from '../../baton/v1/DeleteRequest';
import type { DeleteResponse as _baton_v1_DeleteResponse, DeleteResponse__Output as _baton_v1_DeleteResponse__Output } from '../../baton/v1/DeleteResponse';
import type { GetClusterRequest as _baton_v1_GetClusterRequest, GetClusterRequest__Output as _baton_v1_GetClusterRequest__Output } from '../../baton/v1/GetClusterRequest';
import type { GetNodeRequest as _baton_v1_GetNodeRequest, GetNodeRequest__Output as _baton_v1_GetNodeRequest__Output } from '../../baton/v1/GetNodeRequest';
import type { GetRequest as _baton_v1_GetRequest, GetRequest__Output as _baton_v1_GetRequest__Output } from '../../baton/v1/GetRequest';
import type { GetResponse as _baton_v1_GetResponse, GetResponse__Output as _baton_v1_GetResponse__Output } from '../../baton/v1/GetResponse';
import type { GetServiceRequest as _baton_v1_GetServiceRequest, GetServiceRequest__Output as _baton_v1_GetServiceRequest__Output } from '../../baton/v1/GetServiceRequest';
import type { GetTaskRequest as _baton_v1_GetTaskRequest, GetTaskRequest__Output as _baton_v1_GetTaskRequest__Output } from '../../baton/v1/GetTaskRequest';
import type { ListNodesRequest as _baton_v1_ListNodesRequest, ListNodesRequest__Output as _baton_v1_ListNodesRequest__Output } from '../../baton/v1/ListNodesRequest';
import type { ListNodesResponse as _baton_v1_ListNodesResponse, ListNodesResponse__Output as _baton_v1_ListNodesResponse__Output } from '../../baton/v1/ListNodesResponse';
import type { ListServicesRequest as _baton_v1_ListServicesRequest, ListServicesRequest__Output as _baton_v1_ListServicesRequest__Output } from '../../baton/v1/ListServicesRequest';
import type { ListServicesResponse as _baton_v1_ListServicesResponse, ListServicesResponse__Output as _baton_v1_ListServicesResponse__Output } from '../../baton/v1/ListServicesResponse';
import type { ListTasksRequest as _baton_v1_ListTasksRequest, ListTasksRequest__Output as _baton_v1_ListTasksRequest__Output } from '../../baton/v1/ListTasksRequest';
import type { ListTasksResponse as _baton_v1_ListTasksResponse, ListTasksResponse__Output as _baton_v1_ListTasksResponse__Output } from '../../baton/v1/ListTasksResponse';
import type { LogLine as _baton_v1_LogLine, LogLine__Output as _baton_v1_LogLine__Output } from '../../baton/v1/LogLine';
import type { Node as _baton_v1_Node, Node__Output as _baton_v1_Node__Output } from '../../baton/v1/Node';
import type { ObjectEvent as _baton_v1_ObjectEvent, ObjectEvent__Output as _baton_v1_ObjectEvent__Output } from '../../baton/v1/ObjectEvent';
import type { PutRequest as _baton_v1_PutRequest, PutRequest__Output as _baton_v1_PutRequest__Output } from '../../baton/v1/PutRequest';
import type { PutResponse as _baton_v1_PutResponse, PutResponse__Output as _baton_v1_PutResponse__Output } from '../../baton/v1/PutResponse';
import type { RangeRequest as _baton_v1_RangeRequest, RangeRequest__Output as _baton_v1_RangeRequest__Output } from '../../baton/v1/RangeRequest';
import type { RangeResponse as _baton_v1_RangeResponse, RangeResponse__Output as _baton_v1_RangeResponse__Output } from '../../baton/v1/RangeResponse';
import type { RemoveNodeRequest as _baton_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _baton_v1_RemoveNodeRequest__Output } from '../../baton/v1/RemoveNodeRequest';
import type { RemoveNodeResponse as _baton_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _baton_v1_RemoveNodeResponse__Output } from '../../baton/v1/RemoveNodeResponse';
import type { RemoveServiceRequest as _baton_v1_RemoveServiceRequest, RemoveServiceRequest__Output as _baton_v1_RemoveServiceRequest__Output } from '../../baton/v1/RemoveServiceRequest';
import type { RemoveServiceResponse as _baton_v1_RemoveServiceResponse, RemoveServiceResponse__Output as _baton_v1_RemoveServiceResponse__Output } from '../../baton/v1/RemoveServiceResponse';
import type { RollbackServiceRequest as _baton_v1_RollbackServiceRequest, RollbackServiceRequest__Output as _baton_v1_RollbackServiceRequest__Output } from '../../baton/v1/RollbackServiceRequest';
import type { Service as _baton_v1_Service, Service__Output as _baton_v1_Service__Output } from '../../baton/v1/Service';
import type { ServiceActionRequest as _baton_v1_ServiceActionRequest, ServiceActionRequest__Output as _baton_v1_ServiceActionRequest__Output } from '../../baton/v1/ServiceActionRequest';
import type { ServiceLogsRequest as _baton_v1_ServiceLogsRequest, ServiceLogsRequest__Output as _baton_v1_ServiceLogsRequest__Output } from '../../baton/v1/ServiceLogsRequest';
import type { SessionRequests as _baton_v1_SessionRequests, SessionRequests__Output as _baton_v1_SessionRequests__Output } from '../../baton/v1/SessionRequests';
import type { SessionResponses as _baton_v1_SessionResponses, SessionResponses__Output as _baton_v1_SessionResponses__Output } from '../../baton/v1/SessionResponses';
import type { Task as _baton_v1_Task, Task__Output as _baton_v1_Task__Output } from '../../baton/v1/Task';
import type { UpdateNodeRequest as _baton_v1_UpdateNodeRequest, UpdateNodeRequest__Output as _baton_v1_UpdateNodeRequest__Output } from '../../baton/v1/UpdateNodeRequest';
import type { UpdateServiceRequest as _baton_v1_UpdateServiceRequest, UpdateServiceRequest__Output as _baton_v1_UpdateServiceRequest__Output } from '../../baton/v1/UpdateServiceRequest';
import type { WatchEvent as _baton_v1_WatchEvent, WatchEvent__Output as _baton_v1_WatchEvent__Output } from '../../baton/v1/WatchEvent';
import type { WatchObjectsRequest as _baton_v1_WatchObjectsRequest, WatchObjectsRequest__Output as _baton_v1_WatchObjectsRequest__Output } from '../../baton/v1/WatchObjectsRequest';
import type { WatchRequest as _baton_v1_WatchRequest, WatchRequest__Output as _baton_v1_WatchRequest__Output } from '../../baton/v1/WatchRequest';

export interface ControlClient extends grpc.Client {
  CompareAndSwap(argument: _baton_v1_CompareAndSwapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  CompareAndSwap(argument: _baton_v1_CompareAndSwapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  CompareAndSwap(argument: _baton_v1_CompareAndSwapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  CompareAndSwap(argument: _baton_v1_CompareAndSwapRequest, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  compareAndSwap(argument: _baton_v1_CompareAndSwapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  compareAndSwap(argument: _baton_v1_CompareAndSwapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  compareAndSwap(argument: _baton_v1_CompareAndSwapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  compareAndSwap(argument: _baton_v1_CompareAndSwapRequest, callback: grpc.requestCallback<_baton_v1_CompareAndSwapResponse__Output>): grpc.ClientUnaryCall;
  
  CreateService(argument: _baton_v1_CreateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  CreateService(argument: _baton_v1_CreateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  CreateService(argument: _baton_v1_CreateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  CreateService(argument: _baton_v1_CreateServiceRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  createService(argument: _baton_v1_CreateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  createService(argument: _baton_v1_CreateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  createService(argument: _baton_v1_CreateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  createService(argument: _baton_v1_CreateServiceRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _baton_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _baton_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _baton_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _baton_v1_DeleteRequest, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _baton_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _baton_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _baton_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _baton_v1_DeleteRequest, callback: grpc.requestCallback<_baton_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _baton_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _baton_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _baton_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _baton_v1_GetRequest, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _baton_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _baton_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _baton_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _baton_v1_GetRequest, callback: grpc.requestCallback<_baton_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  
  GetCluster(argument: _baton_v1_GetClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ClusterInfo__Output>): grpc.ClientUnaryCall;
  GetCluster(argument: _baton_v1_GetClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ClusterInfo__Output>): grpc.ClientUnaryCall;
  GetCluster(argument: _baton_v1_GetClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ClusterInfo__Output>): grpc.ClientUnaryCall;
  GetCluster(argument: _baton_v1_GetClusterRequest, callback: grpc.requestCallback<_baton_v1_ClusterInfo__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _baton_v1_GetClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ClusterInfo__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _baton_v1_GetClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ClusterInfo__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _baton_v1_GetClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ClusterInfo__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _baton_v1_GetClusterRequest, callback: grpc.requestCallback<_baton_v1_ClusterInfo__Output>): grpc.ClientUnaryCall;
  
  GetNode(argument: _baton_v1_GetNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _baton_v1_GetNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _baton_v1_GetNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _baton_v1_GetNodeRequest, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _baton_v1_GetNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _baton_v1_GetNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _baton_v1_GetNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  getNode(argument: _baton_v1_GetNodeRequest, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  
  GetService(argument: _baton_v1_GetServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  GetService(argument: _baton_v1_GetServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  GetService(argument: _baton_v1_GetServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  GetService(argument: _baton_v1_GetServiceRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  getService(argument: _baton_v1_GetServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  getService(argument: _baton_v1_GetServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  getService(argument: _baton_v1_GetServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  getService(argument: _baton_v1_GetServiceRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  
  GetTask(argument: _baton_v1_GetTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Task__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _baton_v1_GetTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Task__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _baton_v1_GetTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Task__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _baton_v1_GetTaskRequest, callback: grpc.requestCallback<_baton_v1_Task__Output>): grpc.ClientUnaryCall;
  getTask(argument: _baton_v1_GetTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Task__Output>): grpc.ClientUnaryCall;
  getTask(argument: _baton_v1_GetTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Task__Output>): grpc.ClientUnaryCall;
  getTask(argument: _baton_v1_GetTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Task__Output>): grpc.ClientUnaryCall;
  getTask(argument: _baton_v1_GetTaskRequest, callback: grpc.requestCallback<_baton_v1_Task__Output>): grpc.ClientUnaryCall;
  
  ListNodes(argument: _baton_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _baton_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _baton_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _baton_v1_ListNodesRequest, callback: grpc.requestCallback<_baton_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _baton_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _baton_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _baton_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _baton_v1_ListNodesRequest, callback: grpc.requestCallback<_baton_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  
  ListServices(argument: _baton_v1_ListServicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  ListServices(argument: _baton_v1_ListServicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  ListServices(argument: _baton_v1_ListServicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  ListServices(argument: _baton_v1_ListServicesRequest, callback: grpc.requestCallback<_baton_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  listServices(argument: _baton_v1_ListServicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  listServices(argument: _baton_v1_ListServicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  listServices(argument: _baton_v1_ListServicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  listServices(argument: _baton_v1_ListServicesRequest, callback: grpc.requestCallback<_baton_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  
  ListTasks(argument: _baton_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _baton_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _baton_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _baton_v1_ListTasksRequest, callback: grpc.requestCallback<_baton_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _baton_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _baton_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _baton_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _baton_v1_ListTasksRequest, callback: grpc.requestCallback<_baton_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  
  PromoteService(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  PromoteService(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  PromoteService(argument: _baton_v1_ServiceActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  PromoteService(argument: _baton_v1_ServiceActionRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  promoteService(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  promoteService(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  promoteService(argument: _baton_v1_ServiceActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  promoteService(argument: _baton_v1_ServiceActionRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  
  Put(argument: _baton_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _baton_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _baton_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _baton_v1_PutRequest, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _baton_v1_PutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _baton_v1_PutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _baton_v1_PutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _baton_v1_PutRequest, callback: grpc.requestCallback<_baton_v1_PutResponse__Output>): grpc.ClientUnaryCall;
  
  Range(argument: _baton_v1_RangeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  Range(argument: _baton_v1_RangeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  Range(argument: _baton_v1_RangeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  Range(argument: _baton_v1_RangeRequest, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _baton_v1_RangeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _baton_v1_RangeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _baton_v1_RangeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  range(argument: _baton_v1_RangeRequest, callback: grpc.requestCallback<_baton_v1_RangeResponse__Output>): grpc.ClientUnaryCall;
  
  RebalanceService(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  RebalanceService(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  RebalanceService(argument: _baton_v1_ServiceActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  RebalanceService(argument: _baton_v1_ServiceActionRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  rebalanceService(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  rebalanceService(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  rebalanceService(argument: _baton_v1_ServiceActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  rebalanceService(argument: _baton_v1_ServiceActionRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  
  RemoveNode(argument: _baton_v1_RemoveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _baton_v1_RemoveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _baton_v1_RemoveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _baton_v1_RemoveNodeRequest, callback: grpc.requestCallback<_baton_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _baton_v1_RemoveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _baton_v1_RemoveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _baton_v1_RemoveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _baton_v1_RemoveNodeRequest, callback: grpc.requestCallback<_baton_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveService(argument: _baton_v1_RemoveServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  RemoveService(argument: _baton_v1_RemoveServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  RemoveService(argument: _baton_v1_RemoveServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  RemoveService(argument: _baton_v1_RemoveServiceRequest, callback: grpc.requestCallback<_baton_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeService(argument: _baton_v1_RemoveServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeService(argument: _baton_v1_RemoveServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeService(argument: _baton_v1_RemoveServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeService(argument: _baton_v1_RemoveServiceRequest, callback: grpc.requestCallback<_baton_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  
  ResumeServiceUpdate(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  ResumeServiceUpdate(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  ResumeServiceUpdate(argument: _baton_v1_ServiceActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  ResumeServiceUpdate(argument: _baton_v1_ServiceActionRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  resumeServiceUpdate(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  resumeServiceUpdate(argument: _baton_v1_ServiceActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  resumeServiceUpdate(argument: _baton_v1_ServiceActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  resumeServiceUpdate(argument: _baton_v1_ServiceActionRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  
  RollbackService(argument: _baton_v1_RollbackServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  RollbackService(argument: _baton_v1_RollbackServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  RollbackService(argument: _baton_v1_RollbackServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  RollbackService(argument: _baton_v1_RollbackServiceRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  rollbackService(argument: _baton_v1_RollbackServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  rollbackService(argument: _baton_v1_RollbackServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  rollbackService(argument: _baton_v1_RollbackServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  rollbackService(argument: _baton_v1_RollbackServiceRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  
  ServiceLogs(argument: _baton_v1_ServiceLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_LogLine__Output>;
  ServiceLogs(argument: _baton_v1_ServiceLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_LogLine__Output>;
  serviceLogs(argument: _baton_v1_ServiceLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_LogLine__Output>;
  serviceLogs(argument: _baton_v1_ServiceLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_LogLine__Output>;
  
  Session(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_SessionRequests, _baton_v1_SessionResponses__Output>;
  Session(options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_SessionRequests, _baton_v1_SessionResponses__Output>;
  session(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_SessionRequests, _baton_v1_SessionResponses__Output>;
  session(options?: grpc.CallOptions): grpc.ClientDuplexStream<_baton_v1_SessionRequests, _baton_v1_SessionResponses__Output>;
  
  UpdateNode(argument: _baton_v1_UpdateNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _baton_v1_UpdateNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _baton_v1_UpdateNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _baton_v1_UpdateNodeRequest, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _baton_v1_UpdateNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _baton_v1_UpdateNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _baton_v1_UpdateNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _baton_v1_UpdateNodeRequest, callback: grpc.requestCallback<_baton_v1_Node__Output>): grpc.ClientUnaryCall;
  
  UpdateService(argument: _baton_v1_UpdateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _baton_v1_UpdateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _baton_v1_UpdateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _baton_v1_UpdateServiceRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  updateService(argument: _baton_v1_UpdateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  updateService(argument: _baton_v1_UpdateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  updateService(argument: _baton_v1_UpdateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  updateService(argument: _baton_v1_UpdateServiceRequest, callback: grpc.requestCallback<_baton_v1_Service__Output>): grpc.ClientUnaryCall;
  
  Watch(argument: _baton_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_WatchEvent__Output>;
  Watch(argument: _baton_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_WatchEvent__Output>;
  watch(argument: _baton_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_WatchEvent__Output>;
  watch(argument: _baton_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_WatchEvent__Output>;
  
  WatchObjects(argument: _baton_v1_WatchObjectsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_ObjectEvent__Output>;
  WatchObjects(argument: _baton_v1_WatchObjectsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_ObjectEvent__Output>;
  watchObjects(argument: _baton_v1_WatchObjectsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_ObjectEvent__Output>;
  watchObjects(argument: _baton_v1_WatchObjectsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_baton_v1_ObjectEvent__Output>;
  
}

export interface ControlHandlers extends grpc.UntypedServiceImplementation {
  CompareAndSwap: grpc.handleUnaryCall<_baton_v1_CompareAndSwapRequest__Output, _baton_v1_CompareAndSwapResponse>;
  
  CreateService: grpc.handleUnaryCall<_baton_v1_CreateServiceRequest__Output, _baton_v1_Service>;
  
  Delete: grpc.handleUnaryCall<_baton_v1_DeleteRequest__Output, _baton_v1_DeleteResponse>;
  
  Get: grpc.handleUnaryCall<_baton_v1_GetRequest__Output, _baton_v1_GetResponse>;
  
  GetCluster: grpc.handleUnaryCall<_baton_v1_GetClusterRequest__Output, _baton_v1_ClusterInfo>;
  
  GetNode: grpc.handleUnaryCall<_baton_v1_GetNodeRequest__Output, _baton_v1_Node>;
  
  GetService: grpc.handleUnaryCall<_baton_v1_GetServiceRequest__Output, _baton_v1_Service>;
  
  GetTask: grpc.handleUnaryCall<_baton_v1_GetTaskRequest__Output, _baton_v1_Task>;
  
  ListNodes: grpc.handleUnaryCall<_baton_v1_ListNodesRequest__Output, _baton_v1_ListNodesResponse>;
  
  ListServices: grpc.handleUnaryCall<_baton_v1_ListServicesRequest__Output, _baton_v1_ListServicesResponse>;
  
  ListTasks: grpc.handleUnaryCall<_baton_v1_ListTasksRequest__Output, _baton_v1_ListTasksResponse>;
  
  PromoteService: grpc.handleUnaryCall<_baton_v1_ServiceActionRequest__Output, _baton_v1_Service>;
  
  Put: grpc.handleUnaryCall<_baton_v1_PutRequest__Output, _baton_v1_PutResponse>;
  
  Range: grpc.handleUnaryCall<_baton_v1_RangeRequest__Output, _baton_v1_RangeResponse>;
  
  RebalanceService: grpc.handleUnaryCall<_baton_v1_ServiceActionRequest__Output, _baton_v1_Service>;
  
  RemoveNode: grpc.handleUnaryCall<_baton_v1_RemoveNodeRequest__Output, _baton_v1_RemoveNodeResponse>;
  
  RemoveService: grpc.handleUnaryCall<_baton_v1_RemoveServiceRequest__Output, _baton_v1_RemoveServiceResponse>;
  
  ResumeServiceUpdate: grpc.handleUnaryCall<_baton_v1_ServiceActionRequest__Output, _baton_v1_Service>;
  
  RollbackService: grpc.handleUnaryCall<_baton_v1_RollbackServiceRequest__Output, _baton_v1_Service>;
  
  ServiceLogs: grpc.handleServerStreamingCall<_baton_v1_ServiceLogsRequest__Output, _baton_v1_LogLine>;
  
  Session: grpc.handleBidiStreamingCall<_baton_v1_SessionRequests__Output, _baton_v1_SessionResponses>;
  
  UpdateNode: grpc.handleUnaryCall<_baton_v1_UpdateNodeRequest__Output, _baton_v1_Node>;
  
  UpdateService: grpc.handleUnaryCall<_baton_v1_UpdateServiceRequest__Output, _baton_v1_Service>;
  
  Watch: grpc.handleServerStreamingCall<_baton_v1_WatchRequest__Output, _baton_v1_WatchEvent>;
  
  WatchObjects: grpc.handleServerStreamingCall<_baton_v1_WatchObjectsRequest__Output, _baton_v1_ObjectEvent>;
  
}

export interface ControlDefinition extends grpc.ServiceDefinition {
  CompareAndSwap: MethodDefinition<_baton_v1_CompareAndSwapRequest, _baton_v1_CompareAndSwapResponse, _baton_v1_CompareAndSwapRequest__Output, _baton_v1_CompareAndSwapResponse__Output>
  CreateService: MethodDefinition<_baton_v1_CreateServiceRequest, _baton_v1_Service, _baton_v1_CreateServiceRequest__Output, _baton_v1_Service__Output>
  Delete: MethodDefinition<_baton_v1_DeleteRequest, _baton_v1_DeleteResponse, _baton_v1_DeleteRequest__Output, _baton_v1_DeleteResponse__Output>
  Get: MethodDefinition<_baton_v1_GetRequest, _baton_v1_GetResponse, _baton_v1_GetRequest__Output, _baton_v1_GetResponse__Output>
  GetCluster: MethodDefinition<_baton_v1_GetClusterRequest, _baton_v1_ClusterInfo, _baton_v1_GetClusterRequest__Output, _baton_v1_ClusterInfo__Output>
  GetNode: MethodDefinition<_baton_v1_GetNodeRequest, _baton_v1_Node, _baton_v1_GetNodeRequest__Output, _baton_v1_Node__Output>
  GetService: MethodDefinition<_baton_v1_GetServiceRequest, _baton_v1_Service, _baton_v1_GetServiceRequest__Output, _baton_v1_Service__Output>
  GetTask: MethodDefinition<_baton_v1_GetTaskRequest, _baton_v1_Task, _baton_v1_GetTaskRequest__Output, _baton_v1_Task__Output>
  ListNodes: MethodDefinition<_baton_v1_ListNodesRequest, _baton_v1_ListNodesResponse, _baton_v1_ListNodesRequest__Output, _baton_v1_ListNodesResponse__Output>
  ListServices: MethodDefinition<_baton_v1_ListServicesRequest, _baton_v1_ListServicesResponse, _baton_v1_ListServicesRequest__Output, _baton_v1_ListServicesResponse__Output>
  ListTasks: MethodDefinition<_baton_v1_ListTasksRequest, _baton_v1_ListTasksResponse, _baton_v1_ListTasksRequest__Output, _baton_v1_ListTasksResponse__Output>
  PromoteService: MethodDefinition<_baton_v1_ServiceActionRequest, _baton_v1_Service, _baton_v1_ServiceActionRequest__Output, _baton_v1_Service__Output>
  Put: MethodDefinition<_baton_v1_PutRequest, _baton_v1_PutResponse, _baton_v1_PutRequest__Output, _baton_v1_PutResponse__Output>
  Range: MethodDefinition<_baton_v1_RangeRequest, _baton_v1_RangeResponse, _baton_v1_RangeRequest__Output, _baton_v1_RangeResponse__Output>
  RebalanceService: MethodDefinition<_baton_v1_ServiceActionRequest, _baton_v1_Service, _baton_v1_ServiceActionRequest__Output, _baton_v1_Service__Output>
  RemoveNode: MethodDefinition<_baton_v1_RemoveNodeRequest, _baton_v1_RemoveNodeResponse, _baton_v1_RemoveNodeRequest__Output, _baton_v1_RemoveNodeResponse__Output>
  RemoveService: MethodDefinition<_baton_v1_RemoveServiceRequest, _baton_v1_RemoveServiceResponse, _baton_v1_RemoveServiceRequest__Output, _baton_v1_RemoveServiceResponse__Output>
  ResumeServiceUpdate: MethodDefinition<_baton_v1_ServiceActionRequest, _baton_v1_Service, _baton_v1_ServiceActionRequest__Output, _baton_v1_Service__Output>
  RollbackService: MethodDefinition<_baton_v1_RollbackServiceRequest, _baton_v1_Service, _baton_v1_RollbackServiceRequest__Output, _baton_v1_Service__Output>
  ServiceLogs: MethodDefinition<_baton_v1_ServiceLogsRequest, _baton_v1_LogLine, _baton_v1_ServiceLogsRequest__Output, _baton_v1_LogLine__Output>
  Session: MethodDefinition<_baton_v1_SessionRequests, _baton_v1_SessionResponses, _baton_v1_SessionRequests__Output, _baton_v1_SessionResponses__Output>
  UpdateNode: MethodDefinition<_baton_v1_UpdateNodeRequest, _baton_v1_Node, _baton_v1_UpdateNodeRequest__Output, _baton_v1_Node__Output>
  UpdateService: MethodDefinition<_baton_v1_UpdateServiceRequest, _baton_v1_Service, _baton_v1_UpdateServiceRequest__Output, _baton_v1_Service__Output>
  Watch: MethodDefinition<_baton_v1_WatchRequest, _baton_v1_WatchEvent, _baton_v1_WatchRequest__Output, _baton_v1_WatchEvent__Output>
  WatchObjects: MethodDefinition<_baton_v1_WatchObjectsRequest, _baton_v1_ObjectEvent, _baton_v1_WatchObjectsRequest__Output, _baton_v1_ObjectEvent__Output>
}
