// Every property test runs from one fixed seed, so CI replays the same cases on every run. To
// explore further, run with FC_SEED=<n> or FC_SEED=random; a failure
// prints its seed and path, which replay exactly.
import fc from 'fast-check';

const seedEnv = process.env.FC_SEED;
const seed = seedEnv === 'random' ? Date.now() ^ (Math.random() * 2 ** 31) : Number(seedEnv ?? 20261125);
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got ${seedEnv}`);
fc.configureGlobal({ seed });
