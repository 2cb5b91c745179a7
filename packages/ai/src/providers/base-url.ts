/**
 * Refuses base URLs that could carry a credential into logs and error
 * messages (user info, a query) or that are not HTTP at all.
 */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RangeError('The provider base URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError('The provider base URL must use http or https');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new RangeError('The provider base URL must not hold credentials, a query or a fragment; pass the key as the API key');
  }
  return baseUrl.replace(/\/+$/, '');
}
