import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformersEmbedder } from './transformers-embeddings';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nexus-onnx-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createTransformersEmbedder with an incomplete model directory', () => {
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
    await expect(createTransformersEmbedder({ modelDir: dir })).rejects.toThrow(
      `The ONNX embedding model directory ${dir} is incomplete: missing config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx`,
    );
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

// No pretrained model is available offline. These tests build a tiny but real
// one instead: a word-level BERT tokenizer and an ONNX graph that looks each
// token up in a 4-dimensional table, so loading, tokenizing, inference and
// mean pooling all run through transformers.js and ONNX Runtime.
describe('createTransformersEmbedder with a local ONNX model', () => {
  const vocabulary = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'car', 'automobile', 'pizza', 'pasta'];
  const table = [
    [0, 0, 0, 0],
    [0, 0, 0, 1],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [1, 0.1, 0, 0],
    [0.9, 0.2, 0, 0],
    [0, 0, 1, 0.1],
    [0, 0.1, 0.9, 0],
  ];

  it('embeds texts to unit vectors that keep the meaning the model gives them', async () => {
    const dir = await writeModel('tiny-bert', 'model.onnx', gatherModel(table));
    const embedder = await createTransformersEmbedder({ modelDir: dir });
    expect(embedder.id).toBe('onnx:tiny-bert:4');
    expect(embedder.dimensions).toBe(4);
    const [car, automobile, pizza, unknown] = await embedder.embed(['Car', 'automobile', 'pizza pasta', 'zeppelin'], 'query');
    for (const vector of [car, automobile, pizza, unknown]) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(Math.hypot(...vector!)).toBeCloseTo(1, 5);
    }
    expect(dot(car!, automobile!)).toBeGreaterThan(0.95);
    expect(dot(car!, pizza!)).toBeLessThan(0.1);
    expect(Array.from(unknown!)).toEqual([0, 0, 0, 1]);
  });

  it('keeps the input order across batches', async () => {
    const dir = await writeModel('tiny-bert-batches', 'model.onnx', gatherModel(table));
    const embedder = await createTransformersEmbedder({ modelDir: dir });
    const texts = Array.from({ length: 70 }, (_, i) => (i % 3 === 0 ? 'car' : i % 3 === 1 ? 'pizza' : 'zeppelin'));
    const vectors = await embedder.embed(texts, 'document');
    expect(vectors).toHaveLength(70);
    const [car, pizza, unknown] = await embedder.embed(['car', 'pizza', 'zeppelin'], 'document');
    vectors.forEach((vector, i) => expect(Array.from(vector)).toEqual(Array.from([car, pizza, unknown][i % 3]!)));
  });

  it('loads quantized weights when only those are present', async () => {
    const dir = await writeModel('tiny-bert-q8', 'model_quantized.onnx', gatherModel(table));
    const embedder = await createTransformersEmbedder({ modelDir: dir, dimensions: 4 });
    expect(embedder.id).toBe('onnx:tiny-bert-q8:4');
  });

  it('refuses a model whose vectors differ from the configured dimensions', async () => {
    const dir = await writeModel('tiny-bert-mismatch', 'model.onnx', gatherModel(table));
    await expect(createTransformersEmbedder({ modelDir: dir, dimensions: 384 })).rejects.toThrow(`The ONNX embedding model in ${dir} produces 4 dimensions, but 384 are configured`);
  });

  it('names the directory when the weights cannot be loaded', async () => {
    const dir = await writeModel('tiny-bert-broken', 'model.onnx', Buffer.from('this is not an ONNX graph'));
    await expect(createTransformersEmbedder({ modelDir: dir })).rejects.toThrow(`Could not load the ONNX embedding model in ${dir}: `);
  });

  async function writeModel(name: string, weightsFile: string, weights: Uint8Array): Promise<string> {
    const dir = join(root, name);
    await mkdir(join(dir, 'onnx'), { recursive: true });
    const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
    const tokenizer = {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: vocabulary.slice(0, 4).map((token, id) => special(id, token)),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
        pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
        special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
      },
      decoder: null,
      model: { type: 'WordLevel', vocab: Object.fromEntries(vocabulary.map((token, id) => [token, id])), unk_token: '[UNK]' },
    };
    await writeFile(join(dir, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: 4 }));
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
    await writeFile(
      join(dir, 'tokenizer_config.json'),
      JSON.stringify({ tokenizer_class: 'BertTokenizer', model_max_length: 512, do_lower_case: true, pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]' }),
    );
    await writeFile(join(dir, 'onnx', weightsFile), weights);
    return dir;
  }
});

function dot(x: Float32Array, y: Float32Array): number {
  return x.reduce((sum, value, i) => sum + value * y[i]!, 0);
}

/**
 * An ONNX model (protobuf, written field by field) whose single Gather node
 * maps input_ids [batch, sequence] to last_hidden_state [batch, sequence, width]
 * by looking each id up in `table`.
 */
function gatherModel(table: number[][]): Uint8Array {
  const varint = (value: number): number[] => {
    const out: number[] = [];
    let rest = value;
    while (rest > 127) {
      out.push((rest & 127) | 128);
      rest = Math.floor(rest / 128);
    }
    out.push(rest);
    return out;
  };
  const int = (field: number, value: number): number[] => [...varint(field * 8), ...varint(value)];
  const bytes = (field: number, content: ArrayLike<number>): number[] => [...varint(field * 8 + 2), ...varint(content.length), ...Array.from(content)];
  const text = (field: number, value: string): number[] => bytes(field, Buffer.from(value, 'utf8'));
  const valueInfo = (name: string, elementType: number, dims: (string | number)[]): number[] => {
    const shape = dims.flatMap((dim) => bytes(1, typeof dim === 'string' ? text(2, dim) : int(1, dim)));
    return [...text(1, name), ...bytes(2, bytes(1, [...int(1, elementType), ...bytes(2, shape)]))];
  };
  const FLOAT = 1;
  const INT64 = 7;
  const ATTRIBUTE_INT = 2;
  const width = table[0]!.length;
  const node = [...text(1, 'table'), ...text(1, 'input_ids'), ...text(2, 'last_hidden_state'), ...text(4, 'Gather'), ...bytes(5, [...text(1, 'axis'), ...int(3, 0), ...int(20, ATTRIBUTE_INT)])];
  const initializer = [...int(1, table.length), ...int(1, width), ...int(2, FLOAT), ...text(8, 'table'), ...bytes(9, Buffer.from(new Float32Array(table.flat()).buffer))];
  const graph = [
    ...bytes(1, node),
    ...text(2, 'lookup'),
    ...bytes(5, initializer),
    ...bytes(11, valueInfo('input_ids', INT64, ['batch', 'sequence'])),
    ...bytes(12, valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', width])),
  ];
  // ir_version 8, opset 13.
  return Uint8Array.from([...int(1, 8), ...bytes(7, graph), ...bytes(8, [...text(1, ''), ...int(2, 13)])]);
}
