/** Test servers for the AI Engine: local HTTP servers speaking the OpenAI and Anthropic APIs. */
export { startFakeLlmServer } from './providers/testing/fake-llm-server';
export type { FakeApi, FakeLlmServer, FakeLlmServerOptions, FakeReply, RecordedRequest } from './providers/testing/fake-llm-server';
