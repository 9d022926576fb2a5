/**
 * Which loops an event runs, and for every other loop one line saying why not. Pure: the event
 * name and payload in, a plan out.
 */
import type { LoadedLoop } from '../loop/load.js';
import { taskOf } from '../loop/schema.js';

export interface RoutedLoop {
  loaded: LoadedLoop;
  /** The pull request the review is about, for review loops. */
  pullNumber?: number;
}

export interface Routing {
  run: RoutedLoop[];
  skipped: { loop: string; reason: string }[];
}

export interface EventInfo {
  name: string;
  payload: Record<string, unknown>;
  /** The action's `loop` input: run only this loop. */
  only?: string;
}

const DEFAULT_PR_TYPES = ['opened', 'synchronize', 'reopened', 'ready_for_review'];

export function routeEvent(loops: readonly LoadedLoop[], event: EventInfo): Routing {
  const routing: Routing = { run: [], skipped: [] };
  const payload = event.payload;
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  for (const loaded of loops) {
    const { loop } = loaded;
    const skip = (reason: string) => routing.skipped.push({ loop: loop.name, reason });
    if (event.only && event.only !== loop.name && event.only !== loaded.file) {
      skip(`the action's loop input names ${event.only}`);
      continue;
    }
    const trigger = loop.trigger;
    switch (event.name) {
      case 'pull_request':
      case 'pull_request_target': {
        if (!trigger.event?.includes(event.name)) {
          skip(`its trigger does not listen to ${event.name}`);
          break;
        }
        const types = trigger.types ?? DEFAULT_PR_TYPES;
        if (action && !types.includes(action)) {
          skip(`${event.name}.${action} is not one of its trigger types (${types.join(', ')})`);
          break;
        }
        const pr = payload.pull_request as { number?: number; draft?: boolean } | undefined;
        if (!pr?.number) {
          skip('the event carries no pull request');
          break;
        }
        if (pr.draft && !trigger.drafts) {
          skip('the pull request is a draft (set `trigger.drafts: true` to review drafts)');
          break;
        }
        routing.run.push({ loaded, pullNumber: pr.number });
        break;
      }
      case 'workflow_dispatch': {
        const inputs = (payload.inputs ?? {}) as Record<string, unknown>;
        const wanted = event.only ?? (typeof inputs.loop === 'string' && inputs.loop ? inputs.loop : undefined);
        if (wanted !== loop.name && wanted !== loaded.file) {
          skip(wanted ? `the run asked for ${wanted}` : 'a manual run names its loop with the `loop` input');
          break;
        }
        if (!trigger.manual) {
          skip('`trigger.manual` is false');
          break;
        }
        const pr = Number(inputs.pr ?? inputs.pull_request ?? 0);
        if (taskOf(loop) === 'review' && !(Number.isInteger(pr) && pr > 0)) {
          skip('a manual review needs the pull request number in the `pr` input');
          break;
        }
        routing.run.push({ loaded, ...(taskOf(loop) === 'review' ? { pullNumber: pr } : {}) });
        break;
      }
      case 'schedule': {
        const cron = typeof payload.schedule === 'string' ? payload.schedule : undefined;
        if (!trigger.cron) skip('its trigger has no cron');
        else if (cron !== trigger.cron) skip(`this schedule is "${cron}", the loop's cron is "${trigger.cron}"`);
        else routing.run.push({ loaded });
        break;
      }
      default:
        skip(`LoopKit does not run loops on ${event.name} events in this version`);
    }
  }
  return routing;
}
