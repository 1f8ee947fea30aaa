// Preloaded into the manager processes by `bench:raft --profile DIR` (NODE_OPTIONS=--require ...),
// because Node 20 refuses --cpu-prof in NODE_OPTIONS. V8's CPU profiler, through the in-process
// inspector, starts on the first SIGUSR2 (the bench sends it once the cluster is up, so start-up
// is left out) and DIR/<pid>.cpuprofile is written when the process exits normally (the bench
// stops profiled managers with SIGTERM; a SIGKILLed process writes nothing). Open the file in
// Chrome DevTools or speedscope.
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.BATON_BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  let started = false;
  process.on('SIGUSR2', () => {
    if (started) return;
    started = true;
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BATON_BENCH_CPU_PROF_US || 500) });
    session.post('Profiler.start');
  });
  process.on('exit', () => {
    if (!started) return;
    started = false;
    // The in-process session answers synchronously, so this works inside 'exit'.
    session.post('Profiler.stop', (err, res) => {
      if (err || !res) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
