import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'sqlite:./var/mathaf.sqlite',
      NODE_ENV: 'development',
    });
    expect(c.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });
  it('requires a secret in production and says what is wrong', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET: required in production/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) }).AUTH_SECRET).toBe(
      'x'.repeat(40),
    );
  });
  it('reads the slots of each class of jobs, one for each class not named', () => {
    expect(loadConfig({}).JOB_SLOTS).toEqual({ images: 1, harvests: 1, imports: 1, fixity: 1, others: 1 });
    expect(loadConfig({ JOB_SLOTS: 'images=3, harvests=2' }).JOB_SLOTS).toEqual({
      images: 3,
      harvests: 2,
      imports: 1,
      fixity: 1,
      others: 1,
    });
    expect(() => loadConfig({ JOB_SLOTS: 'films=2' })).toThrow(/JOB_SLOTS: "films=2"/);
    expect(() => loadConfig({ JOB_SLOTS: 'images=0' })).toThrow(/JOB_SLOTS/);
  });
});
