import { AppError } from '@nexus/platform';
import type { CircuitState } from './circuit-breaker';
import { createClientCore, type AiCallContext, type AiClientOptions, type AiRunResult, type AiStreamSummary, type CallPlan, type ClientCore, type Member } from './client-core';
import type { FeatureDef } from './feature';
import { ProviderError, type ChatMessage, type GenerateResult, type ProviderKind } from './provider';
import { streamCall } from './stream-call';

export interface ProviderState {
  name: string;
  kind: ProviderKind;
  state: 'healthy' | 'open' | 'half_open';
  /** Failures counted towards opening the circuit. */
  failures: number;
  /** When an open circuit lets a trial call through. */
  openedUntil: Date | null;
}

export interface WorkspaceProviderState extends ProviderState {
  /** Why this workspace's calls skip the provider now, if they do. */
  skipped: 'circuit_open' | 'over_budget' | 'forbidden' | null;
}

export interface AiClient {
  /** Runs a feature and returns its validated output; only a bug in the feature's offline answer makes it fail. */
  run<I, O>(feature: FeatureDef<I, O>, input: I, context: AiCallContext): Promise<AiRunResult<O>>;
  /**
   * Text as it arrives from the first provider that can answer (the local
   * provider's whole answer as one piece at worst). Failover happens only
   * before the first piece; the summary is the generator's return value.
   */
  stream<I, O>(feature: FeatureDef<I, O>, input: I, context: AiCallContext): AsyncGenerator<string, AiStreamSummary, undefined>;
  /** Each provider's circuit, for health pages and alerts. */
  providerStates(): ProviderState[];
  /** Each provider as one workspace sees it: open circuit, over budget or forbidden. */
  workspaceProviderStates(workspaceId: string): Promise<WorkspaceProviderState[]>;
}

type Attempt<O> = { ok: true; output: O; model: string } | { ok: false; error: unknown };

const stateNames: Record<CircuitState, ProviderState['state']> = { closed: 'healthy', open: 'open', half_open: 'half_open' };

/**
 * The AI Engine's entry point: runs a feature along a chain of providers so
 * that an outage lowers quality, never availability. Per provider: a circuit
 * breaker, a deadline per attempt, retries with backoff for retryable
 * failures only, and one repair request for an answer that fails
 * validation. Cloud providers are skipped for workspaces that forbid them or
 * are over budget; text for providers outside this process is redacted when
 * the workspace asks. Every request and skip is recorded through `onUsage`.
 * Prompts and answers are never logged.
 *
 * @example
 * const ai = createAiClient({
 *   providers: [{ provider: createOpenAiProvider({ apiKey }), model: 'gpt-5-mini' }, { provider: createLocalProvider(), model: localModel }],
 *   chain: ['openai', 'local'], clock: systemClock, log, timeoutMs: 20_000,
 *   retry: { attempts: 3, baseMs: 250, maxMs: 4_000, jitter: 0.5 },
 *   breaker: { failureThreshold: 5, windowMs: 60_000, openMs: 30_000, halfOpenMax: 1 },
 * });
 * const { output, fallback } = await ai.run(analyzeFeature, { text: email.body }, { workspaceId });
 */
export function createAiClient(options: AiClientOptions): AiClient {
  const core = createClientCore(options);

  async function run<I, O>(feature: FeatureDef<I, O>, input: I, context: AiCallContext): Promise<AiRunResult<O>> {
    const call = await core.plan(feature, input, context);
    let lastError: unknown;
    for (const member of call.chain) {
      if (await core.skipped(call, member)) continue;
      const outcome = await attempt<O>(core, call, member);
      if (outcome.ok) {
        const fallback = member !== call.chain[0];
        if (fallback) core.log.info({ feature: feature.name, provider: member.entry.provider.name, workspaceId: context.workspaceId }, 'AI answer came from a fallback provider');
        return { output: outcome.output, provider: member.entry.provider.name, model: outcome.model, fallback, attempts: call.attempts };
      }
      lastError = outcome.error;
    }
    throw core.noAnswer(call, lastError);
  }

  function providerStates(): ProviderState[] {
    return [...core.members.values()].map(({ entry, breaker }) => {
      const snapshot = breaker.snapshot();
      return { name: entry.provider.name, kind: entry.provider.kind, state: stateNames[snapshot.state], failures: snapshot.failures, openedUntil: snapshot.openedUntil };
    });
  }

  async function workspaceProviderStates(workspaceId: string): Promise<WorkspaceProviderState[]> {
    const settings = await core.settingsFor(workspaceId);
    const budget = settings.monthlyBudgetUsd;
    const spent = budget === undefined ? 0 : ((await options.monthlySpendUsd?.(workspaceId)) ?? 0);
    return providerStates().map((state) => {
      let skipped: WorkspaceProviderState['skipped'] = state.state === 'open' ? 'circuit_open' : null;
      if (state.kind === 'cloud' && settings.allowCloud === false) skipped = 'forbidden';
      else if (state.kind === 'cloud' && budget !== undefined && spent >= budget) skipped = 'over_budget';
      return { ...state, skipped };
    });
  }

  return {
    run,
    stream: (feature, input, context) => streamCall(core, feature, input, context),
    providerStates,
    workspaceProviderStates,
  };
}

/** One provider's turn: retries, then at most one repair request. */
async function attempt<O>(core: ClientCore, call: CallPlan, member: Member): Promise<Attempt<O>> {
  const provider = member.entry.provider;
  let messages: ChatMessage[] | undefined;
  let repaired = false;
  for (let retry = 0; ; ) {
    const request = core.request(call, member, messages);
    if (!member.breaker.tryAcquire()) {
      core.record(call, member, request.model, 'circuit_open');
      return { ok: false, error: new ProviderError({ provider: provider.name, reason: 'server' }, 'the circuit is open') };
    }
    call.attempts += 1;
    const started = performance.now();
    let result: GenerateResult;
    try {
      result = await core.withDeadline(call, member, (signal) => provider.generate(request, signal));
    } catch (error) {
      if (!(await core.afterFailure(call, member, request.model, error, retry, { latencyMs: performance.now() - started }))) return { ok: false, error };
      retry += 1;
      continue;
    }
    member.breaker.success();
    const usage = { inputTokens: result.inputTokens, outputTokens: result.outputTokens, latencyMs: performance.now() - started };
    const checked = core.validate<O>(call, member, result.text);
    if (checked.ok) {
      core.record(call, member, result.model, 'ok', usage);
      return { ok: true, output: checked.value, model: result.model };
    }
    core.record(call, member, result.model, 'invalid_output', usage);
    core.log.warn({ feature: call.feature.name, provider: provider.name, repaired }, 'AI answer failed validation');
    if (repaired || provider.kind === 'local') {
      const reason = provider.kind === 'local' ? 'local_failed' : 'bad_response';
      return { ok: false, error: new ProviderError({ provider: provider.name, reason }, 'the answer failed validation', { cause: new AppError('validation_failed', checked.error) }) };
    }
    repaired = true;
    messages = await core.repairMessages(request, result.text, checked.error);
  }
}
