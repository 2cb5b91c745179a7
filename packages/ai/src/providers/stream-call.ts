import { abortError, type AiCallContext, type AiStreamSummary, type ClientCore, type Member } from './client-core';
import type { FeatureDef } from './feature';
import { isProviderError, isUnhealthy, ProviderError } from './provider';
import { createStreamRestorer } from './redaction';

/**
 * Streams a feature's answer along the chain. Before the first piece of text
 * a failure moves on as in `run`; after it, the caller hears of the failure,
 * since another provider would start the answer over. Streamed text is not
 * validated: streaming is for long free text, and the caller holds the whole.
 */
export async function* streamCall<I, O>(core: ClientCore, feature: FeatureDef<I, O>, input: I, context: AiCallContext): AsyncGenerator<string, AiStreamSummary, undefined> {
  const call = await core.plan(feature, input, context);
  let lastError: unknown;
  for (const member of call.chain) {
    if (await core.skipped(call, member)) continue;
    const provider = member.entry.provider;
    for (let retry = 0; ; retry += 1) {
      const request = core.request(call, member);
      if (!member.breaker.tryAcquire()) {
        core.record(call, member, request.model, 'circuit_open', { streamed: true });
        lastError = new ProviderError({ provider: provider.name, reason: 'server' }, 'the circuit is open');
        break;
      }
      call.attempts += 1;
      const started = performance.now();
      const restorer = createStreamRestorer((text) => (call.redacts(member) ? call.redactor.restore(text) : text));
      const idle = idleTimer(member, core.timeoutOf(member), context.signal);
      let usage = { inputTokens: 0, outputTokens: 0, model: request.model };
      let emitted = false;
      let finished = false;
      let whole = '';
      try {
        if (context.signal?.aborted) throw abortError(context.signal);
        if (provider.stream && provider.kind !== 'local') {
          idle.arm();
          for await (const event of provider.stream(request, idle.signal)) {
            idle.arm();
            if (event.type === 'usage') usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens, model: event.model };
            else {
              const text = restorer.push(event.text);
              if (text !== '') {
                emitted = true;
                yield text;
              }
            }
          }
          // A stream cut by the deadline or the caller must not pass for a complete answer, whatever the provider does.
          if (idle.signal.aborted) throw new ProviderError({ provider: provider.name, reason: 'aborted' }, 'the stream was cut off');
        } else {
          const result = await core.withDeadline(call, member, (signal) => provider.generate(request, signal));
          usage = { inputTokens: result.inputTokens, outputTokens: result.outputTokens, model: result.model };
          whole = restorer.push(result.text);
        }
        const rest = whole + restorer.flush();
        finished = true;
        member.breaker.success();
        core.record(call, member, usage.model, 'ok', { ...usage, latencyMs: performance.now() - started, streamed: true });
        if (rest !== '') yield rest;
        return { provider: provider.name, model: usage.model, fallback: member !== call.chain[0], attempts: call.attempts };
      } catch (caught) {
        finished = true;
        const error = idle.timedOut() ? new ProviderError({ provider: provider.name, reason: 'timeout' }, 'the stream went silent', { cause: caught }) : caught;
        const details = { ...usage, latencyMs: performance.now() - started, streamed: true };
        if (emitted) {
          if (isProviderError(error) && isUnhealthy(error)) member.breaker.failure();
          else member.breaker.release();
          const cancelled = context.signal?.aborted === true;
          core.record(call, member, usage.model, cancelled ? 'cancelled' : 'error', { ...details, ...(isProviderError(error) ? { reason: error.reason } : {}) });
          throw cancelled ? abortError(context.signal) : error;
        }
        lastError = error;
        if (!(await core.afterFailure(call, member, usage.model, error, retry, details))) break;
      } finally {
        idle.stop();
        if (!finished) {
          // The reader stopped early: end the request and free a half-open trial slot.
          idle.cancel();
          member.breaker.release();
          core.record(call, member, usage.model, 'cancelled', { ...usage, latencyMs: performance.now() - started, streamed: true });
        }
      }
    }
  }
  throw core.noAnswer(call, lastError);
}

/** An abort signal that fires after `timeoutMs` without text, or when the caller cancels. */
function idleTimer(member: Member, timeoutMs: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let fired = false;
  const onAbort = (): void => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    arm(): void {
      clearTimeout(timer);
      if (member.entry.provider.kind === 'local') return;
      timer = setTimeout(() => {
        fired = true;
        controller.abort();
      }, timeoutMs);
    },
    timedOut: () => fired,
    cancel: () => controller.abort(),
    stop(): void {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
