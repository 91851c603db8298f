/**
 * The retention variables: whole days, unset keeps forever, recordings default to the transcripts' days and never
 * outlive them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config';

describe('retention configuration', () => {
  it('reads days, and unset or empty as forever', () => {
    assert.equal(loadConfig({}).LIVESPACE_RETENTION_DAYS, null);
    assert.equal(loadConfig({ LIVESPACE_RETENTION_DAYS: '' }).LIVESPACE_RETENTION_DAYS, null);
    const c = loadConfig({ LIVESPACE_RETENTION_DAYS: ' 90 ', LIVESPACE_RECORDING_RETENTION_DAYS: '30' });
    assert.equal(c.LIVESPACE_RETENTION_DAYS, 90);
    assert.equal(c.LIVESPACE_RECORDING_RETENTION_DAYS, 30);
    assert.equal(
      loadConfig({ LIVESPACE_RECORDING_RETENTION_DAYS: '7' }).LIVESPACE_RECORDING_RETENTION_DAYS,
      7,
      'recordings alone',
    );
    assert.equal(loadConfig({}).LIVESPACE_AUDIT_RETENTION_DAYS, null, 'the audit log is kept unless told');
    assert.equal(loadConfig({ LIVESPACE_AUDIT_RETENTION_DAYS: '365' }).LIVESPACE_AUDIT_RETENTION_DAYS, 365);
  });

  it('refuses what is not a whole number of days, naming the variable', () => {
    for (const v of ['0', '-1', '1.5', 'abc', '30d', '36501']) {
      assert.throws(
        () => loadConfig({ LIVESPACE_RETENTION_DAYS: v }),
        (e: unknown) =>
          e instanceof ConfigError && /LIVESPACE_RETENTION_DAYS: must be a whole number of days/.test(e.message),
        v,
      );
    }
    assert.throws(
      () => loadConfig({ LIVESPACE_RECORDING_RETENTION_DAYS: 'x' }),
      /LIVESPACE_RECORDING_RETENTION_DAYS: must be a whole number/,
    );
    assert.throws(
      () => loadConfig({ LIVESPACE_AUDIT_RETENTION_DAYS: '0' }),
      /LIVESPACE_AUDIT_RETENTION_DAYS: must be a whole number/,
    );
  });

  it('refuses recordings kept longer than their sessions', () => {
    assert.throws(
      () => loadConfig({ LIVESPACE_RETENTION_DAYS: '30', LIVESPACE_RECORDING_RETENTION_DAYS: '90' }),
      /LIVESPACE_RECORDING_RETENTION_DAYS: must not be longer than LIVESPACE_RETENTION_DAYS \(30\)/,
    );
  });
});
