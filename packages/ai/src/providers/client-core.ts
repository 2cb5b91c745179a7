import { AppError, type Clock, type Logger } from '@nexus/platform';
import { z } from 'zod';
import { createPromptLibrary, renderPrompt, type PromptLibrary, type RenderedPrompt } from '../prompts/prompt-library';
import { backoffMs, sleep as defaultSleep, type RetryOptions } from './backoff';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import type { FeatureDef } from './feature';
import { extractJson } from './json-output';
import { isProviderError, isUnhealthy, ProviderError, type AiProvider, type ChatMessage, type FailureReason, type GenerateRequest } from './provider';
import { createRedactor, restoreDeep, type Redactor } from './redaction';
import { costUsd, findPrice, type PricingTable, type UsageOutcome, type UsageRecord } from './usage';

export interface ProviderEntry {
  provider: AiProvider;
  /** The model for features without one of their own. */
  model: string;
  /** Model per feature name, e.g. `{ analyze: 'gpt-5-mini' }`. */
  models?: Readonly<Record<string, string>>;
  /** Per-attempt limit for this provider, in milliseconds; default the client's `timeoutMs`. */
  timeoutMs?: number;
}

/** What a workspace may change; unset fields keep the client's defaults. */
export interface WorkspaceAiSettings {
  /** Provider names in order of preference. The client's local provider is added at the end if missing. */
  chain?: readonly string[];
  /** Model per provider, then per feature name or `default`: `{ openai: { default: 'gpt-5-mini', analyze: 'gpt-5' } }`. */
  models?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Spending limit on cloud providers per calendar month, in USD. */
  monthlyBudgetUsd?: number;
  /** False keeps every request away from cloud providers. */
  allowCloud?: boolean;
  /** Hide e-mail addresses, phone numbers and known names from providers outside this process. */
  redact?: boolean;
}

export interface AiClientOptions {
  providers: readonly ProviderEntry[];
  /** Provider names in order of preference; the last must be a local provider, so that an answer always comes. */
  chain: readonly string[];
  clock: Clock;
  log: Logger;
  /** Per attempt (per silent gap when streaming), in milliseconds. */
  timeoutMs: number;
  retry: RetryOptions;
  breaker: CircuitBreakerOptions;
  pricing?: PricingTable;
  /** Defaults for every workspace; `workspaceSettings` overrides them field by field. */
  defaults?: WorkspaceAiSettings;
  workspaceSettings?: (workspaceId: string) => WorkspaceAiSettings | Promise<WorkspaceAiSettings>;
  /** What the workspace has spent on cloud providers this month, in USD (from stored usage records). */
  monthlySpendUsd?: (workspaceId: string) => number | Promise<number>;
  /** Receives a record per request sent or provider skipped. Failures here are logged and never fail the call. */
  onUsage?: (record: UsageRecord) => void | Promise<void>;
  /** Where prompt files are read from; default this package's `src/prompts`. */
  prompts?: PromptLibrary;
  /** Waits between retries; tests pass one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface AiCallContext {
  workspaceId: string;
  userId?: string;
  /** Cancels the call: no failover, no further retries. */
  signal?: AbortSignal;
}

export interface AiRunResult<O> {
  output: O;
  provider: string;
  model: string;
  /** True when the answer did not come from the first provider of the workspace's chain: lower quality, still an answer. */
  fallback: boolean;
  /** Requests sent, over every provider, retries and repairs included. */
  attempts: number;
}

export type AiStreamSummary = Omit<AiRunResult<unknown>, 'output'>;

export interface Member {
  entry: ProviderEntry;
  breaker: CircuitBreaker;
}

/** Everything one call needs, worked out once. */
export interface CallPlan {
  feature: FeatureDef<unknown, unknown>;
  input: unknown;
  context: AiCallContext;
  settings: WorkspaceAiSettings;
  chain: Member[];
  promptVersion: number;
  redactor: Redactor;
  /** Whether text for this provider is redacted (it leaves the process and the workspace asks for it). */
  redacts(member: Member): boolean;
  /** The rendered prompt as this provider gets it. */
  prompt(member: Member): RenderedPrompt;
  /** Spent this month by the workspace, this call's costs included; read on first need. */
  spent(): Promise<number>;
  addCost(usd: number): void;
  /** Requests sent so far. */
  attempts: number;
}

export interface UsageDetails {
  inputTokens?: number;
  outputTokens?: number;
  latencyMs?: number;
  reason?: FailureReason;
  streamed?: boolean;
}

export type Validation<O> = { ok: true; value: O } | { ok: false; error: string };

export type ClientCore = ReturnType<typeof createClientCore>;

/** The parts of the AI client that one call and one stream share. */
export function createClientCore(options: AiClientOptions) {
  const members = new Map<string, Member>();
  for (const entry of options.providers) {
    if (members.has(entry.provider.name)) throw new RangeError(`Two AI providers are named ${entry.provider.name}`);
    members.set(entry.provider.name, { entry, breaker: createCircuitBreaker(options.breaker, options.clock) });
  }
  const defaultChain = options.chain.map((name) => {
    const member = members.get(name);
    if (!member) throw new RangeError(`The AI chain names ${name}, which is not a configured provider`);
    return member;
  });
  const localMember = defaultChain.at(-1);
  if (!localMember || localMember.entry.provider.kind !== 'local') throw new RangeError('The AI chain must end with a local provider');
  if (!Number.isInteger(options.retry.attempts) || options.retry.attempts < 1) throw new RangeError('retry.attempts must be a positive integer');
  const prompts = options.prompts ?? createPromptLibrary();
  const pricing = options.pricing ?? {};
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const { log, clock } = options;
  const unpriced = new Set<string>();
  const jsonSchemas = new WeakMap<object, string>();

  async function settingsFor(workspaceId: string): Promise<WorkspaceAiSettings> {
    let own: WorkspaceAiSettings;
    try {
      own = (await options.workspaceSettings?.(workspaceId)) ?? {};
    } catch (error) {
      // Unknown settings may forbid the cloud: stay on this machine until they can be read.
      log.warn({ err: error, workspaceId }, 'AI settings could not be read; cloud providers are skipped for this call');
      own = { allowCloud: false };
    }
    const merged: WorkspaceAiSettings = { ...options.defaults };
    for (const [key, value] of Object.entries(own) as Array<[string, unknown]>) if (value !== undefined) Object.assign(merged, { [key]: value });
    return merged;
  }

  function chainFor(settings: WorkspaceAiSettings): Member[] {
    if (!settings.chain) return defaultChain;
    const chain: Member[] = [];
    for (const name of settings.chain) {
      const member = members.get(name);
      if (!member) log.warn({ provider: name }, 'A workspace names an AI provider that is not configured; it is skipped');
      else if (!chain.includes(member)) chain.push(member);
    }
    if (chain.at(-1)?.entry.provider.kind !== 'local') chain.push(localMember!);
    return chain;
  }

  function modelFor(member: Member, feature: string, settings: WorkspaceAiSettings): string {
    const own = settings.models?.[member.entry.provider.name];
    return own?.[feature] ?? own?.['default'] ?? member.entry.models?.[feature] ?? member.entry.model;
  }

  function schemaText(feature: FeatureDef<unknown, unknown>): string {
    let text = jsonSchemas.get(feature.schema);
    if (text === undefined) {
      text = JSON.stringify(z.toJSONSchema(feature.schema, { io: 'output', unrepresentable: 'any' }));
      jsonSchemas.set(feature.schema, text);
    }
    return text;
  }

  async function plan<I, O>(feature: FeatureDef<I, O>, input: I, context: AiCallContext): Promise<CallPlan> {
    const settings = await settingsFor(context.workspaceId);
    const erased = feature as unknown as FeatureDef<unknown, unknown>;
    const prompt = await prompts.load(feature.prompt.name, feature.prompt.version);
    const variables = feature.variables(input);
    const schema: Record<string, string> = (feature.output ?? 'json') === 'json' ? { schema: schemaText(erased) } : {};
    const redactor = createRedactor({ names: feature.sensitiveNames?.(input) ?? [] });
    const plain = renderPrompt(prompt, { ...variables, ...schema });
    let hidden: RenderedPrompt | undefined;
    let spent: number | undefined;
    let added = 0;
    const redacts = (member: Member): boolean => settings.redact === true && member.entry.provider.kind !== 'local';
    return {
      feature: erased,
      input,
      context,
      settings,
      chain: chainFor(settings),
      promptVersion: prompt.version,
      redactor,
      redacts,
      prompt(member) {
        if (!redacts(member)) return plain;
        // Only the feature's values are user data; the schema is ours and holds none.
        hidden ??= renderPrompt(prompt, { ...Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, redactor.redact(value)])), ...schema });
        return hidden;
      },
      async spent() {
        try {
          spent ??= (await options.monthlySpendUsd?.(context.workspaceId)) ?? 0;
        } catch (error) {
          // An unknown spend may be over the budget: the budget holds until it can be read.
          log.warn({ err: error, workspaceId: context.workspaceId }, 'AI spend could not be read; the workspace counts as over budget for this call');
          spent = Number.POSITIVE_INFINITY;
        }
        return spent + added;
      },
      addCost(usd) {
        added += usd;
      },
      attempts: 0,
    };
  }

  function record(call: CallPlan, member: Member, model: string, outcome: UsageOutcome, details: UsageDetails = {}): void {
    const provider = member.entry.provider;
    const inputTokens = details.inputTokens ?? 0;
    const outputTokens = details.outputTokens ?? 0;
    const price = findPrice(pricing, provider.name, model);
    if (!price && provider.kind === 'cloud' && inputTokens + outputTokens > 0 && !unpriced.has(`${provider.name}/${model}`)) {
      unpriced.add(`${provider.name}/${model}`);
      log.warn({ provider: provider.name, model }, 'No price for this AI model: its calls count as free against budgets');
    }
    const cost = costUsd(price, inputTokens, outputTokens);
    call.addCost(cost);
    const usage: UsageRecord = {
      at: clock.now(),
      workspaceId: call.context.workspaceId,
      userId: call.context.userId,
      feature: call.feature.name,
      promptVersion: call.promptVersion,
      provider: provider.name,
      model,
      inputTokens,
      outputTokens,
      costUsd: cost,
      latencyMs: Math.round(details.latencyMs ?? 0),
      outcome,
      ...(details.reason === undefined ? {} : { reason: details.reason }),
      streamed: details.streamed ?? false,
    };
    const failed = (error: unknown): void => log.error({ err: error, feature: usage.feature }, 'Recording AI usage failed');
    try {
      const pending = options.onUsage?.(usage);
      if (pending instanceof Promise) pending.catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  /** Whether the workspace's settings keep this provider out of the call; records the skip. */
  async function skipped(call: CallPlan, member: Member): Promise<boolean> {
    if (member.entry.provider.kind !== 'cloud') return false;
    const model = modelFor(member, call.feature.name, call.settings);
    if (call.settings.allowCloud === false) {
      record(call, member, model, 'forbidden');
      return true;
    }
    const budget = call.settings.monthlyBudgetUsd;
    if (budget !== undefined && (await call.spent()) >= budget) {
      record(call, member, model, 'over_budget');
      return true;
    }
    return false;
  }

  function request(call: CallPlan, member: Member, messages?: ChatMessage[]): GenerateRequest {
    const { feature, input } = call;
    const prompt = call.prompt(member);
    return {
      feature: feature.name,
      model: modelFor(member, feature.name, call.settings),
      system: prompt.system,
      messages: messages ?? [{ role: 'user', content: prompt.user }],
      maxTokens: feature.maxTokens ?? 1024,
      json: (feature.output ?? 'json') === 'json',
      ...(member.entry.provider.kind === 'local' ? { local: { run: async () => feature.local(input) } } : {}),
    };
  }

  function timeoutOf(member: Member): number {
    return member.entry.timeoutMs ?? options.timeoutMs;
  }

  /** Runs one request with its deadline; a provider that ignores the abort signal is still left behind. */
  async function withDeadline<T>(call: CallPlan, member: Member, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const outer = call.context.signal;
    const controller = new AbortController();
    const timeoutMs = timeoutOf(member);
    const timeout = (cause?: unknown): ProviderError =>
      new ProviderError({ provider: member.entry.provider.name, reason: 'timeout' }, `no answer within ${timeoutMs} ms`, { cause });
    let timedOut = false;
    const stopped = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(timedOut ? timeout() : abortError(outer)));
    });
    stopped.catch(() => undefined);
    // The local provider runs in this process: it has no network to wait for.
    const timer = member.entry.provider.kind === 'local' ? undefined : setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs);
    const onAbort = (): void => controller.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      if (outer?.aborted) throw abortError(outer);
      const running = work(controller.signal);
      running.catch(() => undefined);
      return await Promise.race([running, stopped]);
    } catch (error) {
      throw timedOut && !isTimeout(error) ? timeout(error) : error;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Parses and validates an answer, restoring redacted values first (a
   * placeholder would fail an e-mail field). The error, which goes back to
   * the provider in a repair request, is redacted again.
   */
  function validate<O>(call: CallPlan, member: Member, text: string): Validation<O> {
    const redacts = call.redacts(member);
    const restore = (value: string): string => (redacts ? call.redactor.restore(value) : value);
    let candidate: unknown;
    if ((call.feature.output ?? 'json') === 'text') candidate = restore(text.trim());
    else {
      const parsed = extractJson(text);
      if (!parsed.ok) return parsed;
      candidate = restoreDeep(parsed.value, restore);
    }
    const result = call.feature.schema.safeParse(candidate);
    if (result.success) return { ok: true, value: result.data as O };
    const error = `it does not match the schema:\n${z.prettifyError(result.error).slice(0, 1500)}`;
    return { ok: false, error: redacts ? call.redactor.redact(error) : error };
  }

  async function repairMessages(request: GenerateRequest, answer: string, error: string): Promise<ChatMessage[]> {
    const repair = renderPrompt(await prompts.load('repair'), { error });
    return [...request.messages, { role: 'assistant', content: answer }, { role: 'user', content: repair.user }];
  }

  /**
   * After a failed request: updates the breaker, records the attempt and,
   * when the failure is retryable and attempts remain, waits and says to try
   * again. A cancelled call throws.
   */
  async function afterFailure(call: CallPlan, member: Member, model: string, error: unknown, retry: number, details: UsageDetails): Promise<boolean> {
    const provider = member.entry.provider;
    if (call.context.signal?.aborted) {
      member.breaker.release();
      record(call, member, model, 'cancelled', details);
      throw abortError(call.context.signal);
    }
    const failure = isProviderError(error)
      ? error
      : new ProviderError({ provider: provider.name, reason: provider.kind === 'local' ? 'local_failed' : 'bad_response' }, 'the call failed', { cause: error });
    if (isUnhealthy(failure)) member.breaker.failure();
    else member.breaker.success();
    const wait = failure.retryable && retry + 1 < options.retry.attempts ? Math.max(backoffMs(retry, options.retry, random), failure.retryAfterMs ?? 0) : undefined;
    // A failure that has just opened the circuit ends this provider's turn: the retry would be refused anyway.
    const again = wait !== undefined && wait <= options.retry.maxMs && member.breaker.snapshot().state !== 'open';
    record(call, member, model, again ? 'retry' : 'error', { ...details, reason: failure.reason });
    log.warn(
      { feature: call.feature.name, provider: provider.name, reason: failure.reason, status: failure.status, workspaceId: call.context.workspaceId, retry: again },
      'AI provider call failed',
    );
    if (again) await sleep(wait, call.context.signal);
    return again;
  }

  /** The error a call ends with when no provider answered; the last one is always the local provider. */
  function noAnswer(call: CallPlan, error: unknown): AppError {
    const retryable = isProviderError(error) && error.reason !== 'local_failed' && error.reason !== 'bad_request';
    return retryable
      ? new AppError('service_unavailable', `No AI provider could answer for ${call.feature.name}`, { kind: 'operational', cause: error, retryAfterSeconds: 5 })
      : new AppError('internal_error', `The offline answer of ${call.feature.name} failed`, { kind: 'unexpected', cause: error });
  }

  return { members, log, settingsFor, plan, record, skipped, request, timeoutOf, withDeadline, validate, repairMessages, afterFailure, noAnswer };
}

/** What a cancelled call throws: the caller's own abort reason when it gave an error. */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('The AI call was cancelled', 'AbortError');
}

function isTimeout(error: unknown): boolean {
  return isProviderError(error) && error.reason === 'timeout';
}
