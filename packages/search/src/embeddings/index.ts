export { createLsaEmbedder, embedLsa, InsufficientTextError, isInsufficientTextError, trainLsa } from './lsa';
export type { LsaModel, LsaTrainingOptions } from './lsa';
export { deserializeLsa, serializeLsa } from './lsa-serialization';
export type { OpenAiEmbedderOptions } from './openai-embeddings';
export { tokenize } from './tokenize';
export { createTransformersEmbedder } from './transformers-embeddings';
export type { TransformersEmbedderOptions } from './transformers-embeddings';
export { isZeroVector } from './vectors';
