import { randomUUID } from 'node:crypto';
import { Pinecone } from '@pinecone-database/pinecone';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePinecone, type FakePinecone } from './fake-pinecone';

// The double is checked through the official client, so what it answers is what the client parses.
const started: FakePinecone[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((pinecone) => pinecone.close()));
});

async function setup() {
  const apiKey = `fake-test-${randomUUID()}`;
  const pinecone = await startFakePinecone({ apiKey, dimension: 2 });
  started.push(pinecone);
  const index = new Pinecone({ apiKey, maxRetries: 0 }).index({ name: pinecone.indexName, host: pinecone.host, namespace: 'films' });
  await index.upsert({
    records: [
      { id: 'comedy-doc', values: [1, 0], metadata: { genre: ['comedy', 'documentary'], year: 2020 } },
      { id: 'drama', values: [0.9, 0.1], metadata: { genre: ['drama'], year: 2021, rated: true } },
      { id: 'untagged', values: [0.8, 0.2], metadata: { year: 2019 } },
    ],
  });
  const ids = async (filter: object) => (await index.query({ vector: [1, 0], topK: 10, filter })).matches.map((match) => match.id);
  return { apiKey, index, ids, pinecone };
}

describe('fake Pinecone', () => {
  it('matches a list field when any element satisfies $eq or $in, and $ne or $nin only when none does', async () => {
    const { ids } = await setup();

    expect(await ids({ genre: 'comedy' })).toEqual(['comedy-doc']);
    expect(await ids({ genre: { $in: ['documentary', 'drama'] } })).toEqual(['comedy-doc', 'drama']);
    expect(await ids({ genre: { $ne: 'comedy' } })).toEqual(['drama', 'untagged']);
    expect(await ids({ genre: { $nin: ['drama', 'documentary'] } })).toEqual(['untagged']);
  });

  it('combines conditions with $and, $or and $exists', async () => {
    const { ids } = await setup();

    expect(await ids({ $and: [{ year: { $in: [2020, 2021] } }, { genre: { $ne: 'drama' } }] })).toEqual(['comedy-doc']);
    expect(await ids({ $or: [{ rated: true }, { year: 2019 }] })).toEqual(['drama', 'untagged']);
    expect(await ids({ genre: { $exists: false } })).toEqual(['untagged']);
  });

  it('refuses operators it does not implement instead of ignoring them', async () => {
    const { ids } = await setup();

    await expect(ids({ year: { $gt: 2020 } })).rejects.toMatchObject({ name: 'PineconeBadRequestError', message: expect.stringContaining('$gt') });
  });

  it('deletes by filter, reports counts per namespace and answers 404 for a namespace it does not hold', async () => {
    const { index } = await setup();

    await index.deleteMany({ filter: { genre: { $in: ['drama'] } } });

    expect(await index.describeIndexStats()).toMatchObject({ namespaces: { films: { recordCount: 2 } }, dimension: 2, totalRecordCount: 2 });
    await expect(index.deleteAll({ namespace: 'nothing-here' })).rejects.toMatchObject({ name: 'PineconeNotFoundError' });
  });

  it('refuses a vector whose dimension differs from the index, or that is all zeros', async () => {
    const { index } = await setup();

    await expect(index.upsert({ records: [{ id: 'flat', values: [0, 0] }] })).rejects.toMatchObject({
      name: 'PineconeBadRequestError',
      message: 'Dense vectors must contain at least one non-zero value',
    });

    await expect(index.upsert({ records: [{ id: 'wide', values: [1, 2, 3] }] })).rejects.toMatchObject({
      name: 'PineconeBadRequestError',
      message: 'Vector dimension 3 does not match the dimension of the index 2',
    });
  });

  it('describes its index with a host the client can use', async () => {
    const { apiKey, pinecone } = await setup();
    const client = new Pinecone({ apiKey, controllerHostUrl: pinecone.url, maxRetries: 0 });

    await expect(client.describeIndex(pinecone.indexName)).resolves.toMatchObject({ name: pinecone.indexName, host: pinecone.host, metric: 'cosine' });
    await expect(client.describeIndex('other')).rejects.toMatchObject({ name: 'PineconeNotFoundError' });
  });
});
