#!/usr/bin/env node
// Entry point of the `baton` command: the sources are TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();

const { main } = await import('../src/cli/main.ts');
await main(process.argv);
// Everything is done (a manager has stopped, a client call returned): leave no gRPC handle waiting.
process.exit(process.exitCode ?? 0);
