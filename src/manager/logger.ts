// Structured logs: pino, one line per event, every line with the component and the node id.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(nodeId: number, level: string = process.env['BATON_LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ level, base: { node: nodeId } }, pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
