import type { NextConfig } from 'next';

// The web app is a static export served by the API server on the same origin:
// no second process, no CORS, and `/api/v1` stays the API. Pages render in the
// browser from the API; a record page is one prebuilt shell (`/contacts/_`) the
// server hands out for every id.
const config: NextConfig = {
  output: 'export',
  // Each build folder may be chosen so that several builds (a check, a browser suite) never share one.
  distDir: process.env.NEXUS_WEB_DIST_DIR ?? '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  typescript: { tsconfigPath: 'tsconfig.json' },
};

export default config;
