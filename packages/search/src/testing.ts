/**
 * Local servers that speak the protocols of the external engines, for tests
 * of the whole product against them (no such service can run on our machines).
 */
export { startFakeElasticsearch } from './engines/testing/fake-elasticsearch';
export { startFakePinecone } from './vector-stores/testing/fake-pinecone';
