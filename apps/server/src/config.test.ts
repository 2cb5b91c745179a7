import { describe, expect, it } from 'vitest';
import { ConfigError } from '@nexus/platform';
import { loadConfig } from './config';

describe('configuration', () => {
  it('runs embedded with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, NEXUS_DATA_DIR: './data', PGLITE_SHARED_BUFFERS_MB: 256, NEXUS_ROLES: ['api', 'worker'], NEXUS_DEMO: true });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('names every invalid variable in one message', () => {
    const load = () => loadConfig({ PORT: 'eighty', PGLITE_SHARED_BUFFERS_MB: '4096', DATABASE_URL: 'mysql://x', NEXUS_ROLES: 'api,cron', NEXUS_DEMO: 'maybe' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT[\s\S]*PGLITE_SHARED_BUFFERS_MB[\s\S]*DATABASE_URL[\s\S]*NEXUS_ROLES[\s\S]*NEXUS_DEMO/);
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '', REDIS_URL: '' });
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('reads roles and flags', () => {
    expect(loadConfig({ NEXUS_ROLES: 'worker', NEXUS_DEMO: 'false' })).toMatchObject({ NEXUS_ROLES: ['worker'], NEXUS_DEMO: false });
  });
});
