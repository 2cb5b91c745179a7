import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Embedder } from '../ports';
import { toUnitVector } from './internal/unit-vector';

export interface TransformersEmbedderOptions {
  /**
   * A folder holding a sentence-embedding model exported for transformers.js:
   * config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx
   * (or a quantized variant such as onnx/model_quantized.onnx), e.g. a copy
   * of Xenova/all-MiniLM-L6-v2.
   */
  modelDir: string;
  /** The vector length the model is expected to produce; creation fails if it produces another. */
  dimensions?: number;
}

/** ONNX weight files transformers.js knows, in order of preference, with the dtype that selects each. */
const onnxFiles = [
  ['model.onnx', 'fp32'],
  ['model_quantized.onnx', 'q8'],
  ['model_fp16.onnx', 'fp16'],
  ['model_int8.onnx', 'int8'],
  ['model_uint8.onnx', 'uint8'],
  ['model_q4.onnx', 'q4'],
  ['model_q4f16.onnx', 'q4f16'],
  ['model_bnb4.onnx', 'bnb4'],
] as const;

const requiredFiles = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const batchSize = 32;
const probeText = 'NexusCRM embedding dimension probe';

/**
 * An `Embedder` running a local ONNX sentence-embedding model in process
 * through transformers.js (mean pooling, unit length), with no network access.
 * The library is imported only when this is called, so deployments that do
 * not configure a local model never load it.
 *
 * transformers.js keeps its settings in one global object: creating two such
 * embedders from different parent folders at the same moment is not
 * supported; one after the other is.
 *
 * @example
 * const embedder = await createTransformersEmbedder({ modelDir: '/models/all-MiniLM-L6-v2' });
 * embedder.id; // 'onnx:all-MiniLM-L6-v2:384'
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const dir = resolve(options.modelDir);
  const dtype = await checkModelDirectory(dir);
  const name = basename(dir);

  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(dir) + sep;
  const extractor = await pipeline('feature-extraction', name, { local_files_only: true, dtype }).catch((error: unknown) => {
    throw new Error(`Could not load the ONNX embedding model in ${dir}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  });

  async function run(texts: string[]): Promise<Float32Array[]> {
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    const [rows, width] = output.dims;
    if (output.dims.length !== 2 || rows !== texts.length || width === undefined || width < 1) {
      throw new Error(`The ONNX embedding model in ${dir} returned a tensor of shape [${output.dims.join(', ')}] for ${texts.length} texts`);
    }
    // Typed as any typed array or a plain array; pooled sentence embeddings are float32.
    const data: unknown = output.data;
    if (!(data instanceof Float32Array)) throw new Error(`The ONNX embedding model in ${dir} returned ${output.type} values instead of float32`);
    const vectors: Float32Array[] = [];
    for (let row = 0; row < rows; row++) vectors.push(toUnitVector(data.subarray(row * width, (row + 1) * width)));
    return vectors;
  }

  const dimensions = (await run([probeText]))[0]!.length;
  if (options.dimensions !== undefined && options.dimensions !== dimensions) {
    throw new Error(`The ONNX embedding model in ${dir} produces ${dimensions} dimensions, but ${options.dimensions} are configured`);
  }

  return {
    id: `onnx:${name}:${dimensions}`,
    dimensions,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) out.push(...(await run(texts.slice(start, start + batchSize))));
      return out;
    },
  };
}

/** Fails with a message naming everything that is missing; returns the dtype of the weights found. */
async function checkModelDirectory(dir: string): Promise<(typeof onnxFiles)[number][1]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`The ONNX embedding model directory ${dir} does not exist or is not a directory`);
  const present = new Set(await readdir(dir));
  const onnxDir = join(dir, 'onnx');
  const weights = new Set(await readdir(onnxDir).catch(() => []));
  const missing = requiredFiles.filter((file) => !present.has(file));
  const found = onnxFiles.find(([file]) => weights.has(file));
  if (!found) missing.push(`onnx/model.onnx (or one of ${onnxFiles.slice(1).map(([file]) => `onnx/${file}`).join(', ')})`);
  if (missing.length > 0 || !found) {
    throw new Error(`The ONNX embedding model directory ${dir} is incomplete: missing ${missing.join(', ')}`);
  }
  return found[1];
}
