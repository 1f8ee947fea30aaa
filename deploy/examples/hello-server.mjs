// The demo's web task: answers every request with its task id and slot, on $PORT.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
createServer((req, res) => {
  res.end(`hello from task ${process.env.BATON_TASK_ID} (slot ${process.env.BATON_SLOT})\n`);
}).listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => {
  console.log('SIGTERM: shutting down');
  process.exit(0);
});
