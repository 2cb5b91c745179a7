/**
 * Local servers that speak the protocols enrichment talks to, for tests of
 * enrichment and of the endpoints built on it: a website, and the People
 * Data Labs and Apollo HTTP APIs.
 */
export { startFakeWebsite } from './website/testing/fake-website';
export type { FakeRoute, FakeWebsite, FakeWebsiteRequest } from './website/testing/fake-website';
export { startFakePeopleDataLabs } from './providers/testing/fake-people-data-labs';
export type { FakePeopleDataLabs, PdlCompany, PdlPerson } from './providers/testing/fake-people-data-labs';
export { startFakeApollo } from './providers/testing/fake-apollo';
export type { ApolloOrganization, ApolloPerson, FakeApollo } from './providers/testing/fake-apollo';
export type { FakeProviderServer, InjectedFailure, RecordedProviderRequest } from './providers/testing/fake-provider-server';
