// Original file: proto/baton/v1/objects.proto

export const PortProtocol = {
  PORT_TCP: 'PORT_TCP',
  PORT_UDP: 'PORT_UDP',
} as const;

export type PortProtocol =
  | 'PORT_TCP'
  | 0
  | 'PORT_UDP'
  | 1

export type PortProtocol__Output = typeof PortProtocol[keyof typeof PortProtocol]
