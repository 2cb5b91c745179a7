import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformersEmbedder } from './transformers-embeddings';

// No ONNX model is available offline, so these tests cover what happens
// before one is loaded: a missing or incomplete folder is named precisely.
describe('createTransformersEmbedder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nexus-onnx-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('names a directory that does not exist', async () => {
    const dir = join(root, 'all-MiniLM-L6-v2');
    await expect(createTransformersEmbedder({ modelDir: dir })).rejects.toThrow(`The ONNX embedding model directory ${dir} does not exist or is not a directory`);
  });

  it('names a path that is a file', async () => {
    const file = join(root, 'model.onnx');
    await writeFile(file, 'not a folder');
    await expect(createTransformersEmbedder({ modelDir: file })).rejects.toThrow(/does not exist or is not a directory/);
  });

  it('lists every missing file of an empty directory', async () => {
    const dir = join(root, 'empty');
    await mkdir(dir);
    const error = await createTransformersEmbedder({ modelDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`The ONNX embedding model directory ${dir} is incomplete: missing config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx`);
  });

  it('names the missing weights when only the configuration is there', async () => {
    const dir = join(root, 'no-weights');
    await mkdir(join(dir, 'onnx'), { recursive: true });
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) await writeFile(join(dir, file), '{}');
    await writeFile(join(dir, 'onnx', 'README.md'), 'weights go here');
    await expect(createTransformersEmbedder({ modelDir: dir })).rejects.toThrow(/is incomplete: missing onnx\/model\.onnx \(or one of onnx\/model_quantized\.onnx, /);
  });

  it('names the missing configuration when only the weights are there', async () => {
    const dir = join(root, 'no-config');
    await mkdir(join(dir, 'onnx'), { recursive: true });
    await writeFile(join(dir, 'onnx', 'model_quantized.onnx'), '');
    await writeFile(join(dir, 'tokenizer.json'), '{}');
    await expect(createTransformersEmbedder({ modelDir: dir })).rejects.toThrow(/is incomplete: missing config\.json, tokenizer_config\.json$/);
  });
});
