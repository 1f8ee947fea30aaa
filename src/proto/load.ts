// Loading the .proto files under proto/ at run time, with the same options the TypeScript types in
// src/gen/ were generated with (scripts/gen-proto.sh), so that what gRPC and encode/decode produce
// matches the generated `__Output` types:
//   - field names are camelCase (keepCase: false),
//   - 64-bit integers are JavaScript numbers (longs: Number; values above 2^53 lose precision),
//   - enums are their string names (enums: String),
//   - every field is present (defaults: true): scalars default to 0/false/'', repeated fields to [],
//     bytes to an empty Buffer, and unset message fields to null,
//   - bytes fields are Node Buffers (the generated __Output type of a bytes field is `Buffer`).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

/** Absolute path of the repository's proto/ directory (the only include directory). */
export const PROTO_DIR: string = fileURLToPath(new URL('../../proto/', import.meta.url));

/** Options shared by @grpc/proto-loader and protobufjs's toObject; keep in sync with scripts/gen-proto.sh. */
export const LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
} satisfies protoLoader.Options;

const CONVERSION_OPTIONS: protobuf.IConversionOptions = {
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  // `bytes` left unset on purpose: bytes fields keep the type the reader produced, which is Buffer
  // because decode() always hands protobufjs a Buffer (defaults are Buffers too).
};

/** Every .proto file under proto/, relative to it (for example "baton/v1/raft.proto"), sorted. */
export function protoFiles(): string[] {
  return readdirSync(PROTO_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.proto'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

let packageDefinition: protoLoader.PackageDefinition | undefined;

/**
 * The @grpc/proto-loader package definition of all proto files (for grpc.loadPackageDefinition).
 * Loaded once.
 */
export function loadPackageDefinition(): protoLoader.PackageDefinition {
  packageDefinition ??= protoLoader.loadSync(protoFiles(), LOADER_OPTIONS);
  return packageDefinition;
}

let root: protobuf.Root | undefined;

/** A resolved protobufjs Root holding every type of every proto file. Loaded once. */
export function protoRoot(): protobuf.Root {
  if (root === undefined) {
    const r = new protobuf.Root();
    // Resolve imports against proto/ (like --includeDirs=proto), not against the importing file.
    r.resolvePath = (_origin: string, target: string): string =>
      path.isAbsolute(target) ? target : path.join(PROTO_DIR, target);
    r.loadSync(protoFiles(), { keepCase: LOADER_OPTIONS.keepCase });
    r.resolveAll();
    root = r;
  }
  return root;
}

const types = new Map<string, protobuf.Type>();

/** The protobufjs Type for a fully qualified name such as "baton.v1.Message". Throws if unknown. */
export function lookupType(typeName: string): protobuf.Type {
  let t = types.get(typeName);
  if (t === undefined) {
    t = protoRoot().lookupType(typeName);
    types.set(typeName, t);
  }
  return t;
}

/**
 * Encodes a message given in the generated input shape (for example `Message` from
 * src/gen/baton/v1/Message.ts: enums as names or numbers, 64-bit integers as numbers, strings or
 * Longs, bytes as Uint8Array/Buffer or base64 strings). Unknown fields are ignored.
 */
export function encode<T extends object>(typeName: string, obj: T): Uint8Array {
  const type = lookupType(typeName);
  return type.encode(type.fromObject(obj as Record<string, unknown>)).finish();
}

/**
 * Decodes bytes into the generated output shape, for example
 * `decode<Message__Output>('baton.v1.Message', bytes)`. The type argument is not checked against
 * typeName. Throws on malformed input.
 *
 * The input is copied first, so bytes fields of the result (Buffers that are views into that copy)
 * never alias the caller's buffer.
 */
export function decode<T>(typeName: string, bytes: Uint8Array): T {
  const type = lookupType(typeName);
  const buf = Buffer.from(bytes); // a copy, and a Buffer so that protobufjs yields Buffer bytes fields
  return type.toObject(type.decode(buf), CONVERSION_OPTIONS) as T;
}
