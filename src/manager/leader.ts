// Leadership-gated components: while this manager leads, the dispatcher, the scheduler and the
// orchestrators run; when it stops leading they stop (in-flight writes of theirs fail or land,
// and the next leader's controllers finish whatever they left: every action is idempotent).
import type { Dispatcher } from '../dispatcher/dispatcher.js';
import { Orchestrator } from '../orchestrator/orchestrator.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { ClusterState } from '../store/controller.js';
import type { StoreOp, StoreTxResult } from '../store/types.js';
import type { Logger } from './logger.js';
import type { Replica } from './replica.js';

/** The replicated store as the controllers see it, over this manager's replica. */
export function clusterStateOf(replica: Replica): ClusterState {
  return {
    objects: replica.kv.objects,
    watch: (cb) => replica.kv.watchObjects(cb, 0),
    async commit(ops: StoreOp[]): Promise<StoreTxResult> {
      const r = await replica.write({ op: 'tx', tx: { ops, nowMs: Date.now() }, requestId: null });
      return (r as { tx: StoreTxResult }).tx;
    },
    nowMs: () => Date.now(),
  };
}

export class LeaderDuties {
  private active = false;
  /** Serializes start/stop so that a quick lose-win sequence never runs two sets of controllers. */
  private transition: Promise<void> = Promise.resolve();
  private scheduler: Scheduler | null = null;
  private orchestrator: Orchestrator | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly replica: Replica,
    private readonly state: ClusterState,
    private readonly dispatcher: Dispatcher,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.unsubscribe = this.replica.onLeaderChange(() => this.update());
    this.update();
  }

  private update(): void {
    this.transition = this.transition.then(async () => {
      const leading = this.replica.role === 'leader';
      if (leading && !this.active) {
        // Apply everything earlier leaders committed before acting on the state.
        try {
          await this.replica.linearizable();
        } catch {
          return;
        }
        if (this.replica.role !== 'leader') return;
        this.active = true;
        this.dispatcher.start();
        this.scheduler = new Scheduler(this.state, this.log.child({ component: 'scheduler' }));
        this.orchestrator = new Orchestrator(this.state, this.log.child({ component: 'orchestrator' }));
        this.scheduler.start();
        this.orchestrator.start();
        this.log.info({}, 'leader duties started: dispatcher, scheduler, orchestrators');
      } else if (!leading && this.active) {
        await this.stopAll();
        this.log.info({}, 'leader duties stopped');
      }
    });
  }

  private async stopAll(): Promise<void> {
    this.active = false;
    await Promise.all([this.dispatcher.stop(), this.scheduler?.stop(), this.orchestrator?.stop()]);
    this.scheduler = this.orchestrator = null;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.transition;
    if (this.active) await this.stopAll();
  }
}
